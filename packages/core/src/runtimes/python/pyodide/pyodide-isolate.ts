import { randomBytes } from 'node:crypto';
import type IsolatedVM from 'isolated-vm';
import { SandboxError } from '../../../errors/sandbox-error';
import type { SandboxToolCalls } from '../../../tools/sandbox-tool-calls';
import { answerSandboxCall } from '../../../workspace/answer-sandbox-call';
import type { RunWorkspace } from '../../../workspace/run-workspace';
import { ivm } from '../../isolated-vm';
import { driveUntilSettled, type TickReference } from './drive-isolate';
import type { SparseBootImage } from './isolate/with-sparse-restore';
import type { PyodideAssets } from './pyodide-assets';
import { withPyodideHeapStart } from './pyodide-heap-start';
import { settleWithin } from './settle-within';

/** References into one sandbox's installed control object (see isolate/pyodide-isolate-entry.ts). */
export interface PyodideControl {
  addFile: IsolatedVM.Reference<(path: string, contents: ArrayBuffer) => void>;
  boot: IsolatedVM.Reference<
    (
      options: unknown,
      snapshot?: ArrayBuffer,
      wasmModule?: object,
      ...stdlibChunks: IsolatedVM.ExternalCopy<ArrayBuffer>[]
    ) => void
  >;
  bootResult: IsolatedVM.Reference<() => unknown>;
  makeSnapshot: IsolatedVM.Reference<() => ArrayBuffer>;
  startRun: IsolatedVM.Reference<(settings: unknown) => void>;
  tick: TickReference;
  collect: IsolatedVM.Reference<() => unknown>;
  answerTools: IsolatedVM.Reference<(answers: unknown) => void>;
  diagnostics: IsolatedVM.Reference<() => string>;
}

/** Options of {@link PyodideIsolate.boot}. */
export interface PyodideIsolateBootOptions {
  assets: PyodideAssets;
  /** Limit of the isolate's V8 heap (JavaScript objects, in-memory files), in MB. */
  heapLimitMb: number;
  /** Limit of WebAssembly memory (Python's heap), in MB. */
  wasmMemoryLimitMb: number;
  /** A memory snapshot to boot from; without it Pyodide boots from scratch. */
  snapshot?: IsolatedVM.ExternalCopy<ArrayBuffer>;
  /** Set when `snapshot` is packed without its zero pages (see `packPyodideSnapshot`). */
  sparseSnapshot?: SparseBootImage;
  /** Boot only to make a memory snapshot (see {@link PyodideIsolate.makeSnapshot}). */
  forSnapshot?: boolean;
  /** Most time the boot may take, in ms. */
  timeoutMs: number;
}

type OutputListener = (stream: 'stdout' | 'stderr', text: string) => void;

/** The file names of the three scripts every sandbox evaluates (and of their code caches). */
const scriptNames = {
  isolate: 'code-interpreter-pyodide.js',
  module: 'pyodide.asm.js',
  loader: 'pyodide.js',
} as const;

/** V8 code caches of the three scripts every sandbox evaluates, per worker process. */
const codeCaches = new Map<string, IsolatedVM.ExternalCopy<ArrayBuffer>>();
/** Set when V8 rejected a cache (see `runScript`): the runtime captures them again. */
let codeCacheRejected = false;

/**
 * One V8 isolate with Pyodide booted in it: the unit of isolation of the Pyodide runtime. The
 * host side keeps only references to the control object's functions; nothing of the host is
 * reachable from the isolate's global object.
 *
 * Every call into the isolate is asynchronous and every wait on one is bounded: code a program
 * leaves behind (a finalizer that runs a `__del__`, a promise continuation) can run as a V8
 * platform task with no timeout whenever the isolate next does something, and a synchronous
 * call (`getHeapStatisticsSync`, `applySync`, ...) would then block the worker's main thread,
 * and every other run it holds, for as long as that code runs.
 */
export class PyodideIsolate {
  private listener: OutputListener | undefined;
  private workspace: RunWorkspace | undefined;
  /** The tool calls of the run in progress (see `setToolCalls`). */
  toolCalls: SandboxToolCalls | undefined;

  private constructor(
    readonly isolate: IsolatedVM.Isolate,
    readonly context: IsolatedVM.Context,
    readonly control: PyodideControl,
    private readonly references: IsolatedVM.Reference<unknown>[],
    readonly heapLimitMb: number,
    readonly wasmMemoryLimitMb: number,
  ) {}

  /**
   * Makes an isolate, installs the sandbox side, evaluates Pyodide and boots it, within
   * `timeoutMs` whatever happens inside (an isolate that stops answering is disposed).
   */
  static async boot(options: PyodideIsolateBootOptions): Promise<PyodideIsolate> {
    const isolate = withPyodideHeapStart(
      () => new ivm.Isolate({ memoryLimit: options.heapLimitMb }),
    );
    const stuck = Symbol('stuck');
    const booted = await settleWithin(
      PyodideIsolate.bootIn(isolate, options),
      options.timeoutMs + 1_000,
      stuck,
      () => {
        if (!isolate.isDisposed) isolate.dispose();
      },
    );
    if (booted === stuck) {
      throw new SandboxError({
        message: `Could not start a Python (Pyodide) sandbox: its isolate stopped answering within ${options.timeoutMs} ms.`,
      });
    }
    return booted;
  }

  private static async bootIn(
    isolate: IsolatedVM.Isolate,
    options: PyodideIsolateBootOptions,
  ): Promise<PyodideIsolate> {
    const { assets } = options;
    const deadline = performance.now() + options.timeoutMs;
    const remaining = () => Math.max(1, Math.ceil(deadline - performance.now()));
    let sandbox: PyodideIsolate | undefined;
    try {
      const context = await isolate.createContext();
      await runScript(isolate, context, assets.isolateSource, scriptNames.isolate, remaining());
      const holder: { sandbox?: PyodideIsolate } = {};
      const emit = new ivm.Callback(
        (stream: 'stdout' | 'stderr', text: string) => holder.sandbox?.listener?.(stream, text),
        { ignored: true },
      );
      const now = new ivm.Callback(() => performance.now());
      // Synchronous: Pyodide's file system waits for each answer (a copy) while the program runs.
      const workspaceCall = new ivm.Callback((operation: unknown, args: unknown) =>
        answerSandboxCall(holder.sandbox?.workspace, operation, args),
      );
      // Synchronous and cheap: starts a tool call and returns its id (or a refusal), copied.
      const toolCall = new ivm.Callback((name: unknown, inputJson: unknown) =>
        holder.sandbox?.toolCalls
          ? holder.sandbox.toolCalls.start(name, inputJson)
          : 'This run has no tools.',
      );
      const install = (await context.global.get('__codeInterpreterPyodideInstall', {
        reference: true,
      })) as IsolatedVM.Reference<(hooks: unknown) => unknown>;
      const base = new ivm.ExternalCopy({
        randomSeed: new Uint8Array(randomBytes(32)),
        // The sandbox's performance clock starts at install (see Performance): so does its
        // timeOrigin, which therefore does not tell when the worker process started.
        timeOrigin: performance.timeOrigin + performance.now(),
        wasmMemoryLimitBytes: options.wasmMemoryLimitMb * 1024 * 1024,
      });
      // The hooks object is built inside the isolate from copies plus the callbacks.
      const build = (await context.eval(
        '(function (base, emit, now, workspaceCall, toolCall) { base.emit = emit; base.now = now; base.workspaceCall = workspaceCall; base.toolCall = toolCall; return base; })',
        { reference: true },
      )) as IsolatedVM.Reference<(...args: unknown[]) => unknown>;
      const hooks = (await build.apply(
        undefined,
        [base.copyInto(), emit, now, workspaceCall, toolCall],
        {
          result: { reference: true },
          timeout: remaining(),
        },
      )) as IsolatedVM.Reference<unknown>;
      const controlReference = (await install.apply(undefined, [hooks.derefInto()], {
        result: { reference: true },
        timeout: remaining(),
      })) as IsolatedVM.Reference<Record<string, unknown>>;
      build.release();
      install.release();
      hooks.release();
      base.release();
      const get = async (name: keyof PyodideControl) =>
        (await controlReference.get(name, { reference: true })) as IsolatedVM.Reference<never>;
      const control: PyodideControl = {
        addFile: await get('addFile'),
        boot: await get('boot'),
        bootResult: await get('bootResult'),
        makeSnapshot: await get('makeSnapshot'),
        startRun: await get('startRun'),
        tick: await get('tick'),
        collect: await get('collect'),
        answerTools: await get('answerTools'),
        diagnostics: await get('diagnostics'),
      };
      sandbox = new PyodideIsolate(
        isolate,
        context,
        control,
        [controlReference, ...Object.values(control)],
        options.heapLimitMb,
        options.wasmMemoryLimitMb,
      );
      holder.sandbox = sandbox;

      await runScript(isolate, context, assets.moduleSource, scriptNames.module, remaining());
      await runScript(isolate, context, assets.loaderSource, scriptNames.loader, remaining());
      for (const [path, contents] of assets.files) {
        // pyodide.asm.wasm is served empty: the loader instantiates the compiled module it is
        // given (below) and never reads the file.
        await control.addFile.apply(undefined, [path, contents.copyInto()], {
          timeout: remaining(),
        });
      }
      const bootOptions = new ivm.ExternalCopy({
        forSnapshot: options.forSnapshot === true,
        pythonModules: assets.pythonModules,
        ...(options.snapshot && options.sparseSnapshot ? { sparse: options.sparseSnapshot } : {}),
        stdlib: { bytes: assets.stdlib.bytes, chunkBytes: assets.stdlib.chunkBytes },
      });
      await control.boot.apply(
        undefined,
        [
          bootOptions.copyInto({ release: true }),
          options.snapshot?.copyInto(),
          assets.wasmModule.copyInto(),
          // Handles of the worker's one copy, not copies (see withChunkedStdlib).
          ...assets.stdlib.chunks,
        ],
        { timeout: remaining() },
      );
      const { end } = await driveUntilSettled(control.tick, {
        deadline,
        idleGraceMs: options.timeoutMs,
      });
      if (end !== 'settled') {
        throw new Error(`Pyodide did not finish booting within ${options.timeoutMs} ms`);
      }
      const failure = (await control.bootResult.apply(undefined, [], {
        result: { copy: true },
        timeout: remaining(),
      })) as { name: string; message: string } | undefined;
      if (failure) throw new Error(`${failure.name}: ${failure.message}`);
      return sandbox;
    } catch (error) {
      const diagnostics = sandbox ? await sandbox.diagnostics() : '';
      if (!isolate.isDisposed) isolate.dispose();
      throw new SandboxError({
        message: `Could not start a Python (Pyodide) sandbox: ${error instanceof Error ? error.message : String(error)}${diagnostics ? `\nPyodide reported:\n${diagnostics}` : ''}`,
        cause: error,
      });
    }
  }

  /**
   * Replaces the process's code caches of the three scripts every sandbox evaluates with caches
   * made in this isolate after its boot and warm-up. Compiling a script again here finds it in the
   * isolate's compilation cache with every function the boot ran already compiled, so the new
   * cache holds their bytecode too (pyodide.asm.js: 1.18 MB instead of 21 KB) and later isolates
   * deserialize those functions instead of compiling them: about 25 ms less CPU per boot (issue
   * 17), for 20–40 ms once. Only for a sandbox that ran no program: what it caches is what the
   * boot compiled from these sources, and nothing a program could have touched.
   */
  async captureCodeCaches(assets: PyodideAssets): Promise<void> {
    const sources: Array<[string, string]> = [
      [scriptNames.isolate, assets.isolateSource],
      [scriptNames.module, assets.moduleSource],
      [scriptNames.loader, assets.loaderSource],
    ];
    for (const [filename, source] of sources) {
      const script = await this.isolate.compileScript(source, {
        filename,
        produceCachedData: true,
      });
      const produced = (
        script as IsolatedVM.Script & { cachedData?: IsolatedVM.ExternalCopy<ArrayBuffer> }
      ).cachedData;
      // The cache replaced is not released: a boot in flight may be reading it.
      if (produced) codeCaches.set(filename, produced);
      script.release();
    }
  }

  /**
   * True once after V8 rejected one of the code caches (a cache carries V8's flag hash; see
   * `withPyodideHeapStart`): the runtime then captures them again from its next booted sandbox.
   */
  static takeCodeCacheRejection(): boolean {
    const rejected = codeCacheRejected;
    codeCacheRejected = false;
    return rejected;
  }

  get isDisposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Routes streamed output of the current run; `undefined` stops streaming. */
  setOutputListener(listener: OutputListener | undefined): void {
    this.listener = listener;
  }

  /**
   * The workspace `/workspace` reaches for the run in progress; `undefined` between runs (file
   * operations then find an empty read-only folder).
   */
  /** The tool calls of the run in progress; undefined between runs (every call refused). */
  setToolCalls(calls: SandboxToolCalls | undefined): void {
    this.toolCalls = calls;
  }

  setWorkspace(workspace: RunWorkspace | undefined): void {
    this.workspace = workspace;
  }

  /** The booted interpreter's memory as a Pyodide snapshot (the sandbox was booted `forSnapshot`). */
  async makeSnapshot(): Promise<IsolatedVM.ExternalCopy<ArrayBuffer>> {
    const making = this.control.makeSnapshot.apply(undefined, [], {
      result: { externalCopy: true },
      timeout: 30_000,
    }) as Promise<IsolatedVM.ExternalCopy<ArrayBuffer>>;
    const snapshot = await settleWithin(making, 35_000, undefined, () => this.dispose());
    if (!snapshot)
      throw new SandboxError({ message: 'Making the Pyodide memory snapshot did not finish.' });
    return snapshot;
  }

  /**
   * V8 heap in use (including array buffers), in bytes; `undefined` once disposed. An isolate
   * that does not answer within `waitMs` is running code outside any run and is disposed.
   */
  async heapUsedBytes(waitMs: number): Promise<number | undefined> {
    if (this.isolate.isDisposed) return undefined;
    try {
      const stats = await settleWithin(this.isolate.getHeapStatistics(), waitMs, undefined, () =>
        this.dispose(),
      );
      if (!stats) return undefined;
      return stats.used_heap_size + (stats.externally_allocated_size ?? 0);
    } catch {
      return undefined;
    }
  }

  /** Recent console lines of Pyodide inside the sandbox (for infrastructure error messages). */
  async diagnostics(): Promise<string> {
    if (this.isolate.isDisposed) return '';
    try {
      const reading = this.control.diagnostics.apply(undefined, [], {
        result: { copy: true },
        timeout: 1_000,
      }) as Promise<string>;
      return await settleWithin(reading, 2_000, '');
    } catch {
      return '';
    }
  }

  dispose(): void {
    this.listener = undefined;
    this.workspace = undefined;
    if (this.isolate.isDisposed) return;
    for (const reference of this.references) reference.release();
    this.context.release();
    this.isolate.dispose();
  }
}

async function runScript(
  isolate: IsolatedVM.Isolate,
  context: IsolatedVM.Context,
  source: string,
  filename: string,
  timeout: number,
): Promise<void> {
  const cachedData = codeCaches.get(filename);
  const script = await isolate.compileScript(source, {
    filename,
    ...(cachedData ? { cachedData } : { produceCachedData: true }),
  });
  const compiled = script as IsolatedVM.Script & {
    cachedData?: IsolatedVM.ExternalCopy<ArrayBuffer>;
    cachedDataRejected?: boolean;
  };
  if (!cachedData && compiled.cachedData) codeCaches.set(filename, compiled.cachedData);
  if (cachedData && compiled.cachedDataRejected) {
    // Compiled from source this time; the next boot makes a cache again.
    if (codeCaches.get(filename) === cachedData) codeCaches.delete(filename);
    codeCacheRejected = true;
  }
  await script.run(context, { timeout });
  script.release();
}
