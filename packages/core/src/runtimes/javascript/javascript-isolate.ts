import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type IsolatedVM from 'isolated-vm';
import { coreDistFile } from '../../package-files';
import type { SandboxToolCalls } from '../../tools/sandbox-tool-calls';
import { answerSandboxCall } from '../../workspace/answer-sandbox-call';
import type { RunWorkspace } from '../../workspace/run-workspace';
import { ivm } from '../isolated-vm';

let runtimeSource: string | undefined;
let runtimeCachedData: IsolatedVM.ExternalCopy<ArrayBuffer> | undefined;
/** A V8 startup snapshot with the runtime bundle evaluated; `null` when it cannot be made here. */
let runtimeSnapshot: IsolatedVM.ExternalCopy<ArrayBuffer> | null | undefined;

function loadRuntimeSource(): string {
  runtimeSource ??= readFileSync(coreDistFile('isolate-runtime.js'), 'utf8');
  return runtimeSource;
}

/**
 * New contexts of an isolate made from this snapshot start with the runtime bundle already
 * evaluated and installed, its hot paths compiled (far faster than running it per context).
 * Nothing secret or random is in it: host randomness and clocks are handed over per context by
 * `bind`, and the sandbox's CSPRNG refuses to run until then.
 */
function loadRuntimeSnapshot(): IsolatedVM.ExternalCopy<ArrayBuffer> | null {
  if (runtimeSnapshot === undefined) {
    try {
      runtimeSnapshot = ivm.Isolate.createSnapshot([
        { code: loadRuntimeSource(), filename: 'code-interpreter-runtime.js' },
      ]);
    } catch {
      runtimeSnapshot = null;
    }
  }
  return runtimeSnapshot;
}

/** Calls into one context's installed runtime (see isolate-runtime-entry.ts). */
export type RuntimeControl = IsolatedVM.Reference<
  (operation: string, first?: unknown, second?: unknown) => unknown
>;

/** A context with the sandbox runtime installed, ready for runs. */
export interface PreparedContext {
  context: IsolatedVM.Context;
  control: RuntimeControl;
  /** Routes streamed output of the current run; replaced per run. */
  setOutputListener(
    listener: ((stream: 'stdout' | 'stderr', text: string) => void) | undefined,
  ): void;
  /** The workspace the program's `fs` reaches; replaced per run (undefined: every call refused). */
  setWorkspace(workspace: RunWorkspace | undefined): void;
  /** The tool calls of the current run; replaced per run (undefined: every call refused). */
  setToolCalls(calls: SandboxToolCalls | undefined): void;
  release(): void;
}

/** Host randomness for the contexts' seeds, drawn 4 KB at a time; each 32 bytes serve once. */
let seedPool: Buffer = Buffer.alloc(0);
let seedOffset = 0;

/**
 * 32 fresh bytes from the host's CSPRNG for one context's seed. One `randomBytes` call per 128
 * contexts instead of one each: a call cost a stateless run about 0.06 ms of the worker's thread
 * (CPU profile for issue 17). Returns a copy, never a view of the pool.
 */
function nextSeed(): Uint8Array {
  if (seedOffset + 32 > seedPool.length) {
    seedPool = randomBytes(4096);
    seedOffset = 0;
  }
  const seed = new Uint8Array(seedPool.subarray(seedOffset, seedOffset + 32));
  seedPool.fill(0, seedOffset, seedOffset + 32);
  seedOffset += 32;
  return seed;
}

/** Run after the runtime bundle: the script's completion value is `bind`, taken off the global. */
const takeBinder =
  '\n;(() => { const bind = globalThis.__codeInterpreterBind; delete globalThis.__codeInterpreterBind; return bind })()';

/** In a context restored from the snapshot: takes `bind` off the global and calls it ($0..$5). */
const bindFromSnapshot =
  'const bind = globalThis.__codeInterpreterBind; delete globalThis.__codeInterpreterBind; return bind($0, $1, $2, $3, $4, $5)';

/**
 * One V8 isolate with the sandbox runtime compiled once, making fresh contexts on demand.
 * Runs never share a context; an isolate is used by one run at a time, so stopping a runaway
 * program (which disposes the isolate) never takes another run with it.
 */
export class JavaScriptIsolate {
  readonly isolate: IsolatedVM.Isolate;
  readonly memoryLimitMb: number;
  private readonly runtimeScript: IsolatedVM.Script;
  /**
   * True when `runtimeScript` only takes `bind` (the runtime came with the snapshot); false when
   * it evaluates the whole runtime bundle (no snapshot could be made here: milliseconds of work).
   */
  private readonly fromSnapshot: boolean;
  contextsCreated = 0;

  private constructor(
    isolate: IsolatedVM.Isolate,
    runtimeScript: IsolatedVM.Script,
    memoryLimitMb: number,
    fromSnapshot: boolean,
  ) {
    this.isolate = isolate;
    this.runtimeScript = runtimeScript;
    this.memoryLimitMb = memoryLimitMb;
    this.fromSnapshot = fromSnapshot;
  }

  /** Makes the runtime snapshot now (about 0.1 s of this thread) instead of at the first isolate. */
  static prepare(): void {
    loadRuntimeSnapshot();
  }

  static async create(memoryLimitMb: number): Promise<JavaScriptIsolate> {
    const snapshot = loadRuntimeSnapshot();
    const isolate = new ivm.Isolate({
      memoryLimit: memoryLimitMb,
      ...(snapshot ? { snapshot } : {}),
    });
    try {
      if (snapshot) {
        // A one-line script: compiled synchronously, no thread hop.
        const script = isolate.compileScriptSync(takeBinder, {
          filename: 'code-interpreter-install.js',
        });
        return new JavaScriptIsolate(isolate, script, memoryLimitMb, true);
      }
      const source = loadRuntimeSource() + takeBinder;
      const script = await isolate.compileScript(source, {
        filename: 'code-interpreter-runtime.js',
        ...(runtimeCachedData ? { cachedData: runtimeCachedData } : { produceCachedData: true }),
      });
      // isolated-vm sets `cachedData` on scripts compiled with `produceCachedData` (untyped).
      const produced = (
        script as IsolatedVM.Script & { cachedData?: IsolatedVM.ExternalCopy<ArrayBuffer> }
      ).cachedData;
      if (!runtimeCachedData && produced) runtimeCachedData = produced;
      return new JavaScriptIsolate(isolate, script, memoryLimitMb, false);
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  get isDisposed(): boolean {
    return this.isolate.isDisposed;
  }

  /**
   * Makes a new context with the runtime started (console, web globals, timers): the context
   * (the costly part, about 1 ms: V8 restores the snapshot), then taking `bind` off the global
   * and calling it with the host's hooks. `inBackground` does both on the isolate's thread, so
   * this thread stays free to answer runs; otherwise they are synchronous, which costs less in
   * all (no thread hops) when this thread is busy anyway. From a snapshot, taking and calling
   * `bind` is one call (`evalClosure`): measured for issue 17 on a worker driven back to back,
   * with three asynchronous calls per context the refill fell behind and 34% of 1,200 runs found
   * no warm sandbox ready (5-8% with fewer hops); doing the two small calls synchronously instead
   * cost this thread about 1 ms per context under load.
   */
  async prepareContext(inBackground: boolean): Promise<PreparedContext> {
    this.contextsCreated++;
    const context = inBackground
      ? await this.isolate.createContext()
      : this.isolate.createContextSync();
    try {
      let listener: ((stream: 'stdout' | 'stderr', text: string) => void) | undefined;
      const emit = new ivm.Callback(
        (stream: 'stdout' | 'stderr', text: string) => listener?.(stream, text),
        { ignored: true },
      );
      const now = new ivm.Callback(() => performance.now());
      let workspace: RunWorkspace | undefined;
      // Synchronous: `fs.readFileSync` waits for it. Arguments and answers are copied both ways.
      const workspaceCall = new ivm.Callback((operation: unknown, args: unknown) =>
        answerSandboxCall(workspace, operation, args),
      );
      let toolCalls: SandboxToolCalls | undefined;
      // Synchronous and cheap: starts the call and returns its id (or a refusal), copied.
      const toolCall = new ivm.Callback((name: unknown, inputJson: unknown) =>
        toolCalls ? toolCalls.start(name, inputJson) : 'This run has no tools.',
      );
      const seed = new ivm.ExternalCopy(nextSeed());
      // The sandbox's clock starts now (`performance.now()` restarts at bind), and so does its
      // `timeOrigin`: a context does not learn when its worker process started.
      const timeOrigin = performance.timeOrigin + performance.now();
      const bindArguments = [
        seed.copyInto({ release: true }),
        timeOrigin,
        emit,
        now,
        workspaceCall,
        toolCall,
      ];
      const bindOptions = { result: { reference: true }, timeout: 5_000 } as const;
      let control: RuntimeControl;
      if (this.fromSnapshot) {
        control = (
          inBackground
            ? await context.evalClosure(bindFromSnapshot, bindArguments, bindOptions)
            : context.evalClosureSync(bindFromSnapshot, bindArguments, bindOptions)
        ) as RuntimeControl;
      } else {
        const takeOptions = { timeout: 5_000, reference: true } as const;
        const bind = (
          inBackground
            ? await this.runtimeScript.run(context, takeOptions)
            : this.runtimeScript.runSync(context, takeOptions)
        ) as IsolatedVM.Reference<(...args: unknown[]) => unknown>;
        control = (
          inBackground
            ? await bind.apply(undefined, bindArguments, bindOptions)
            : bind.applySync(undefined, bindArguments, bindOptions)
        ) as RuntimeControl;
        bind.release();
      }
      return {
        context,
        control,
        setOutputListener(next) {
          listener = next;
        },
        setWorkspace(next) {
          workspace = next;
        },
        setToolCalls(next) {
          toolCalls = next;
        },
        release() {
          listener = undefined;
          workspace = undefined;
          toolCalls = undefined;
          control.release();
          context.release();
        },
      };
    } catch (error) {
      context.release();
      throw error;
    }
  }

  /** What the last `memoryUsedMb()` read, garbage included (for deciding to replace the isolate). */
  lastHeapUsedMb: number | undefined;

  /** Heap in use (including array buffers), in MB. */
  memoryUsedMb(): number | undefined {
    if (this.isolate.isDisposed) return undefined;
    const stats = this.isolate.getHeapStatisticsSync();
    const bytes = stats.used_heap_size + (stats.externally_allocated_size ?? 0);
    this.lastHeapUsedMb = Math.round((bytes / (1024 * 1024)) * 10) / 10;
    return this.lastHeapUsedMb;
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}
