/**
 * The code that runs inside every Pyodide sandbox (one V8 isolate), bundled into one classic
 * script (`dist/pyodide-isolate.js`). It defines `__codeInterpreterPyodideInstall`, which the
 * worker calls once with host hooks; that function removes itself from the global object,
 * installs the web globals Pyodide needs, the timers the worker drives, the memory guard and the
 * d8-shell globals, and returns the control object the worker drives (boot, runs, ticks,
 * collect). The host hooks live only in this closure: nothing on the global object leads to the
 * host.
 *
 * Order of a sandbox's life, each step one call from the worker:
 * install → (worker runs the patched Pyodide scripts) → addFile ×3 → boot → tick… →
 * bootResult → [makeSnapshot | startRun → tick… (the tick that reports a run settled also
 * carries what it produced) → collect only for a run stopped before it settled, repeated].
 *
 * `/workspace` (the programs' working directory) is mounted at boot and made afresh before a
 * run as needed (workspace-mount.ts); its every operation is one synchronous call of the host's
 * `workspaceCall` hook, which answers in the run's workspace (copies both ways).
 *
 * Everything copied out of the sandbox is bounded here, in the sandbox's JavaScript, which the
 * program cannot reach: the driver's result is cut field by field (capDriverResult), failures
 * are described with capped fields, and objects handed to the worker are built as literals (a
 * setter a program put on Object.prototype never runs while the worker collects).
 */

import { capText } from '../../../../result/cap-text';
import { resultCaps } from '../../../../result/result-caps';
import { installFetch } from '../../../../sandbox-globals/fetch/install-fetch';
import type { SendHttpRequest } from '../../../../sandbox-globals/fetch/send-http-request';
import { installWebGlobals } from '../../../../sandbox-globals/install-web-globals';
import { createTimerQueue, installTimers } from '../../../../sandbox-globals/timer-queue';
import { networkCallName } from '../../../../tools/sandbox-tool-bridge';
import type { CollectedRun, FailureDescription } from '../collected-run';
import { capDriverResult } from './cap-driver-result';
import { capMemoryFileSystem, type MemoryFileSystemApi } from './cap-memory-file-system';
import { installExternalMemoryGuard } from './external-memory-guard';
import { createOutputMirror, type OutputMirror } from './output-mirror';
import { pyodideGlueModuleName } from './pyodide-glue-source';
import { pyodideIndexPath } from './pyodide-index-path';
import {
  createPyodideToolCalls,
  type PyodideToolAnswer,
  type PyodideToolCallHook,
} from './pyodide-tool-calls';
import { removePyodideOutOfRunCallbacks } from './remove-pyodide-out-of-run-callbacks';
import { installShellEnvironment } from './shell-environment';
import type { WasmMemory } from './webassembly-types';
import { type ChunkedStdlib, withChunkedStdlib } from './with-chunked-stdlib';
import {
  type SparseBootImage,
  sparseSnapshotHeader,
  withSparseRestore,
} from './with-sparse-restore';
import type { WorkspaceBridge } from './workspace-file-system-type';
import { mountWorkspace, type WorkspaceMount, type WorkspaceMountApi } from './workspace-mount';

/** Hooks the worker passes in (ivm Callbacks and copies). */
interface PyodideIsolateHooks {
  /** Monotonic milliseconds from the host. */
  now: () => number;
  timeOrigin: number;
  /** Host randomness that seeds the sandbox's CSPRNG (crypto.getRandomValues, os.urandom). */
  randomSeed: Uint8Array;
  /** Fire-and-forget: streams output of a run to the host. */
  emit: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Most bytes of WebAssembly memory the sandbox may hold (Pyodide's heap included). */
  wasmMemoryLimitBytes: number;
  /**
   * Runs one file operation in the current run's workspace on the host and returns a copy of
   * the answer (see `callWorkspace`); it never throws. Kept in this closure only.
   */
  workspaceCall: WorkspaceBridge;
  /** Starts a tool call of the current run on the host (see pyodide-tool-calls.ts). */
  toolCall: PyodideToolCallHook;
}

interface BootOptions {
  /** Boot to make a snapshot: no `attach`, no lock-down; call `makeSnapshot` next. */
  forSnapshot: boolean;
  /** Python modules to write into the sandbox's file system: [file name, UTF-8 source]. */
  pythonModules: [string, Uint8Array][];
  /** Set when the snapshot is packed without its zero pages (see `packPyodideSnapshot`). */
  sparse?: SparseBootImage;
  /** How the standard library zip comes in chunks (see `withChunkedStdlib`). */
  stdlib: ChunkedStdlib;
}

interface RunSettings {
  code: string;
  maxOutputChars: number;
  /** Stream output to the host as it is printed. */
  stream: boolean;
  /** The names of the tools the run's code may call (`tools.<name>`); absent: no `tools`. */
  tools?: string[];
  /** True when the run may make HTTP requests through the host (its network policy). */
  network?: boolean;
}

/** The slice of Pyodide's API this file uses. */
interface PyodideApi extends MemoryFileSystemApi {
  FS: MemoryFileSystemApi['FS'] &
    WorkspaceMountApi['FS'] & {
      mkdirTree(path: string): void;
      writeFile(path: string, data: string | Uint8Array): void;
    };
  runPython(code: string): unknown;
  pyimport(name: string): PyProxyModule;
  setStdout(options: { write(buffer: Uint8Array): number; isatty?: boolean }): void;
  setStderr(options: { write(buffer: Uint8Array): number; isatty?: boolean }): void;
  setStdin(options: { stdin?: () => string | null; error?: boolean }): void;
  makeMemorySnapshot(): Uint8Array;
  _module: { memory?: WasmMemory; wasmMemory?: WasmMemory };
  _api: { on_fatal?: (error: unknown) => void };
}
interface PyCallable {
  (...args: unknown[]): unknown;
  callPromising?: (...args: unknown[]) => Promise<unknown>;
}
type PyProxyModule = Record<string, PyCallable> & { destroy?: () => void };
interface PyodideLoader {
  loadPyodide(options: Record<string, unknown>): Promise<PyodideApi>;
  /** Added by patchPyodideLoader: instantiate this module instead of compiling the bytes. */
  useCompiledWasmModule?(module: object): void;
}

/** Where the driver and the glue live inside the sandbox (on `sys.path`). */
const pythonModuleFolder = '/lib/code-interpreter';

const defineProperty = Object.defineProperty;
/** How Python's faulthandler starts the stack dump Pyodide prints when it crashes. */
const pythonStackDumpHeader = 'Stack (most recent call first):\n';
const PromisePrototypeThen = Promise.prototype.then;
const apply = Reflect.apply;
/** The caps the driver cuts a result to, handed to it with every run. */
const resultCapsJson = JSON.stringify(resultCaps);

function install(hooks: PyodideIsolateHooks) {
  delete (globalThis as Record<string, unknown>).__codeInterpreterPyodideInstall;
  const { emit, now } = hooks;

  // First, before anything else can capture the originals it wraps.
  const memoryGuard = installExternalMemoryGuard(globalThis, {
    limitBytes: hooks.wasmMemoryLimitBytes,
  });
  installWebGlobals(globalThis, {
    randomSeed: hooks.randomSeed,
    now,
    timeOrigin: hooks.timeOrigin,
  });
  const timers = createTimerQueue({ now });
  installTimers(globalThis, timers);
  const shellFiles = installShellEnvironment(globalThis);
  const TextDecoderCtor = TextDecoder;

  // Pyodide reports its own troubles on the console: keep the last few lines for diagnostics.
  const diagnostics: string[] = [];
  const log = (...parts: unknown[]) => {
    let line = '';
    for (let index = 0; index < parts.length; index++) {
      let text: string;
      try {
        text = String(parts[index]);
      } catch {
        text = '[unprintable]';
      }
      line += (index > 0 ? ' ' : '') + text;
    }
    diagnostics.push(line.length > 2_000 ? `${line.slice(0, 2_000)}…` : line);
    if (diagnostics.length > 20) diagnostics.shift();
  };
  const consoleObject = { log, info: log, warn: log, error: log, debug: log, trace: log };
  defineProperty(globalThis, 'console', {
    value: consoleObject,
    writable: true,
    enumerable: false,
    configurable: true,
  });

  let pyodide: PyodideApi | undefined;
  let glue: PyProxyModule | undefined;
  let runCell: PyCallable | undefined;
  let workspace: WorkspaceMount | undefined;
  const toolCalls = createPyodideToolCalls(hooks.toolCall);
  // `fetch` (and so `pyodide.http.pyfetch`) hands each request to the host on the tools'
  // channel; without a network policy it rejects saying so. Set per run.
  let sendRequest: SendHttpRequest | undefined;
  const sendThroughHost: SendHttpRequest = async (request) => {
    const answer = await toolCalls.start(networkCallName, JSON.stringify(request));
    if (answer[0] !== '1') throw new Error(answer.slice(1));
    return JSON.parse(answer.slice(1)) as Awaited<ReturnType<SendHttpRequest>>;
  };
  installFetch(globalThis, () => sendRequest);

  /** The operation the worker is driving (boot or run). */
  let settled = false;
  let failure: FailureDescription | undefined;
  let fatal: FailureDescription | undefined;
  let result: string | undefined;
  let settings: RunSettings = { code: '', maxOutputChars: 0, stream: false };
  let mirror: OutputMirror = createOutputMirror(0);
  /** True while the operation is a run (not the boot): its settling tick carries its outcome. */
  let running = false;

  const begin = () => {
    settled = false;
    failure = undefined;
    result = undefined;
  };
  /** What the run produced, built as a literal of copies (see the file comment). */
  const collectRun = (): CollectedRun => {
    let stdout = mirror.text('stdout');
    if (fatal && fatal.exitStatus === undefined) {
      // A crash of the WebAssembly runtime makes Pyodide dump the Python stack to fd 1: that is
      // the sandbox's business, not the program's output.
      const dump = stdout.lastIndexOf(pythonStackDumpHeader);
      if (dump >= 0) stdout = stdout.slice(0, dump);
    }
    const collected: CollectedRun = {
      stdout,
      stderr: mirror.text('stderr'),
      truncated: mirror.truncated,
      wasmMemoryBytes: memoryGuard.chargedBytes(),
      result,
      fatal: fatal ? copyFailure(fatal) : undefined,
      failure: !fatal && failure ? copyFailure(failure) : undefined,
    };
    result = undefined;
    return collected;
  };
  const track = (promise: Promise<unknown>, onValue: (value: unknown) => void) => {
    apply(PromisePrototypeThen, promise, [
      (value: unknown) => {
        if (settled) return;
        try {
          onValue(value);
        } catch (error) {
          failure = describe(error);
        }
        settled = true;
      },
      (error: unknown) => {
        if (settled) return;
        failure = describe(error);
        settled = true;
      },
    ]);
  };

  const write = (stream: unknown, text: unknown) => {
    if ((stream !== 'stdout' && stream !== 'stderr') || typeof text !== 'string') return;
    const kept = mirror.add(stream, text);
    if (settings.stream && kept !== '') emit(stream, kept);
  };
  /**
   * Output written below sys.stdout (os.write(1, ...), sys.__stdout__) arrives here while Python
   * has released the GIL, so it waits in `rawOutput` until the driver drains it (before its next
   * write and at the end of the cell). At most `maxOutputChars` per stream wait per run.
   */
  let rawOutput: [string, string][] = [];
  let rawOutputChars = { stdout: 0, stderr: 0 };
  // `undefined` (not `null`, which Pyodide hands to Python as `jsnull`) reads as None in Python.
  const takeRawOutput = () => {
    if (rawOutput.length === 0) return undefined;
    const chunks = rawOutput;
    rawOutput = [];
    return chunks;
  };
  const queueRawOutput = (stream: 'stdout' | 'stderr', text: string) => {
    const room = settings.maxOutputChars + 1 - rawOutputChars[stream];
    if (text === '' || room <= 0) return;
    const kept = text.length > room ? text.slice(0, room) : text;
    rawOutputChars[stream] += kept.length;
    rawOutput.push([stream, kept]);
  };
  const rawWriter = (stream: 'stdout' | 'stderr') => {
    const decoder = new TextDecoderCtor('utf-8', { fatal: false });
    return {
      isatty: false,
      write(buffer: Uint8Array): number {
        queueRawOutput(stream, decoder.decode(buffer, { stream: true }));
        return buffer.length;
      },
    };
  };

  // A JavaScript timer callback that throws (e.g. a Python function passed to js.setTimeout that
  // raised): the program carries on, as in a browser, and the error is reported on its stderr.
  timers.onError = (error) => {
    const { name, message } = describe(error);
    queueRawOutput('stderr', `Uncaught error in a timer callback: ${name}: ${message}\n`);
  };

  const control = {
    /** Serves `contents` at `path` to Pyodide's loader until boot finishes. */
    addFile(path: string, contents: ArrayBuffer | string): void {
      shellFiles.set(path, contents);
    },

    /**
     * Starts loading Pyodide, from `snapshot` (made by `makeSnapshot` of another sandbox) when
     * given, instantiating `wasmModule` (pyodide.asm.wasm compiled by the worker) when given
     * instead of compiling the wasm file; drive with `tick()` until settled, then read
     * `bootResult()`. Neither stays reachable from the global object. `stdlibChunks` are the
     * handles of the standard library zip's chunks (see `options.stdlib`).
     */
    boot(
      options: BootOptions,
      snapshot?: ArrayBuffer,
      wasmModule?: object,
      ...stdlibChunks: unknown[]
    ): void {
      begin();
      running = false;
      const scope = globalThis as Record<string, unknown>;
      const loader = scope.__pyodideLoader as PyodideLoader | undefined;
      const createPyodideModule = scope.__pyodideCreateModule;
      delete scope.__pyodideLoader;
      delete scope.__pyodideCreateModule;
      if (!loader || typeof createPyodideModule !== 'function') {
        failure = {
          name: 'Error',
          message: 'The Pyodide scripts were not evaluated before boot()',
        };
        settled = true;
        return;
      }
      if (wasmModule) loader.useCompiledWasmModule?.(wasmModule);
      const sparse = snapshot && options.sparse;
      let createModule = createPyodideModule;
      if (sparse) createModule = withSparseRestore(createModule as never, snapshot, sparse);
      createModule = withChunkedStdlib(createModule as never, options.stdlib, stdlibChunks);
      const loading = loader.loadPyodide({
        indexURL: pyodideIndexPath,
        createPyodideModule: createModule,
        packages: [],
        checkAPIVersion: true,
        env: { HOME: '/home/pyodide' },
        ...(options.forSnapshot ? { _makeSnapshot: true } : {}),
        ...(snapshot
          ? {
              _loadSnapshot: sparse
                ? sparseSnapshotHeader(snapshot, sparse)
                : new Uint8Array(snapshot),
            }
          : {}),
      });
      track(loading, (value) => {
        const api = value as PyodideApi;
        pyodide = api;
        api._api.on_fatal = (error: unknown) => {
          fatal ??= describe(error);
        };
        api.FS.mkdirTree(pythonModuleFolder);
        // The driver's modules and the glue, UTF-8 already (see PyodideAssets.pythonModules).
        for (let index = 0; index < options.pythonModules.length; index++) {
          const [name, source] = options.pythonModules[index] as [string, Uint8Array];
          api.FS.writeFile(`${pythonModuleFolder}/${name}`, source);
        }
        if (!snapshot) {
          api.runPython(
            `import sys\nif ${JSON.stringify(pythonModuleFolder)} not in sys.path: sys.path.insert(0, ${JSON.stringify(pythonModuleFolder)})\nimport ${pyodideGlueModuleName}\ndel sys`,
          );
        }
        if (options.forSnapshot) return;
        attach(api);
      });
    },

    /** How the boot ended: `undefined` when Pyodide is ready. */
    bootResult(): FailureDescription | undefined {
      return fatal ?? failure;
    },

    /** The booted sandbox's memory as a Pyodide memory snapshot (boot with `forSnapshot`). */
    makeSnapshot(): ArrayBuffer {
      if (!pyodide) throw new Error('Pyodide has not booted');
      const bytes = pyodide.makeMemorySnapshot();
      return bytes.buffer.byteLength === bytes.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer);
    },

    /**
     * Starts one cell; drive with `tick()` until it settles (that answer carries what the run
     * produced), or call `collect()` for what a run stopped before it settled printed.
     */
    startRun(next: RunSettings): void {
      begin();
      running = true;
      settings = next;
      mirror = createOutputMirror(next.maxOutputChars);
      rawOutput = [];
      rawOutputChars = { stdout: 0, stderr: 0 };
      if (fatal || !runCell) {
        failure = fatal ?? { name: 'Error', message: 'Pyodide is not ready' };
        settled = true;
        return;
      }
      toolCalls.reset();
      sendRequest = next.network === true ? sendThroughHost : undefined;
      const toolNames = next.tools ? JSON.stringify(next.tools) : '';
      // Before the program: /workspace reaches this run's workspace, and is the working directory.
      workspace?.beginRun();
      let cell: Promise<unknown>;
      try {
        cell = runCell.callPromising
          ? runCell.callPromising(
              next.code,
              next.maxOutputChars,
              resultCapsJson,
              toolNames,
              next.network === true,
            )
          : (runCell(
              next.code,
              next.maxOutputChars,
              resultCapsJson,
              toolNames,
            ) as Promise<unknown>);
      } catch (error) {
        failure = describe(error);
        settled = true;
        return;
      }
      track(cell, (value) => {
        if (typeof value !== 'string') throw new TypeError('the driver returned no result');
        result = capDriverResult(value, next.maxOutputChars);
      });
    },

    /**
     * Runs at most one due timer callback, then returns `[settled, nextDelay]`: whether the
     * operation (boot or run) finished, and ms until the next timer (-1: none pending). The worker
     * calls it again after the isolate's microtask checkpoint. Once a run has settled, the answer
     * carries what the run produced as a third element, so the worker needs no further call
     * into the sandbox to get it (code a program left behind, a finalizer, may run as soon as
     * this call returns and never let the isolate answer again).
     */
    tick(): [number, number] | [number, number, CollectedRun] {
      if (!settled && !fatal && timers.nextDelay() === 0) timers.runNext();
      if (!settled && !fatal) return [0, timers.nextDelay()];
      return running ? [1, timers.nextDelay(), collectRun()] : [1, timers.nextDelay()];
    },

    /** Settles the tool calls whose answers arrived (Python resumes after this call). */
    answerTools(answers: PyodideToolAnswer[]): void {
      toolCalls.answer(answers);
    },

    /** What the run produced so far (for a run the worker stopped before it settled). */
    collect(): CollectedRun {
      return collectRun();
    },

    /** Recent lines Pyodide wrote to the console (for infrastructure error messages). */
    diagnostics(): string {
      return diagnostics.join('\n');
    },
  };

  function attach(api: PyodideApi) {
    glue = api.pyimport(pyodideGlueModuleName);
    glue.attach?.(write, takeRawOutput, toolCalls.start);
    runCell = glue.run_cell;
    api.setStdout(rawWriter('stdout'));
    api.setStderr(rawWriter('stderr'));
    api.setStdin({ stdin: () => null });
    capMemoryFileSystem(api);
    workspace = mountWorkspace(api, hooks.workspaceCall);
    // Boot is over: the loader's files go, the memory budget starts to hold.
    shellFiles.remove();
    const heap = api._module.memory ?? api._module.wasmMemory;
    memoryGuard.lockDown(heap ? [heap] : []);
    // Pyodide made its FinalizationRegistry instances while it loaded; programs get none.
    removePyodideOutOfRunCallbacks(globalThis);
  }

  return control;
}

/** A copy of a failure, its fields cut to their caps, built as a literal. */
function copyFailure(failure: FailureDescription): FailureDescription {
  return {
    name: capText(String(failure.name), resultCaps.errorNameChars).text,
    message: capText(String(failure.message), resultCaps.errorMessageChars).text,
    stack:
      typeof failure.stack === 'string'
        ? capText(failure.stack, resultCaps.errorStackChars).text
        : undefined,
    exitStatus: failure.exitStatus,
  };
}

/** A thrown value as name, message and stack, without trusting any of its properties. */
function describe(thrown: unknown): FailureDescription {
  try {
    if (thrown !== null && typeof thrown === 'object') {
      const error = thrown as {
        name?: unknown;
        message?: unknown;
        stack?: unknown;
        type?: unknown;
        status?: unknown;
      };
      const name = capText(
        typeof error.type === 'string' ? error.type : String(error.name ?? 'Error'),
        resultCaps.errorNameChars,
      ).text;
      const message = capText(String(error.message ?? ''), resultCaps.errorMessageChars).text;
      // os._exit(status): Emscripten's ExitStatus, which Pyodide reports as an `Exit` error.
      const exit = /exit\((-?\d+)\)/.exec(message);
      if (
        (name === 'ExitStatus' || name === 'Exit') &&
        (typeof error.status === 'number' || exit)
      ) {
        const status = typeof error.status === 'number' ? error.status : Number(exit?.[1]);
        return {
          name: 'SystemExit',
          message: `The Python interpreter exited with status ${status} (os._exit): its state is gone.`,
          exitStatus: status,
        };
      }
      return copyFailure({
        name,
        message,
        stack: typeof error.stack === 'string' ? error.stack : undefined,
      });
    }
    return copyFailure({ name: 'Error', message: String(thrown) });
  } catch {
    return { name: 'Error', message: 'An error that cannot be described was thrown' };
  }
}

defineProperty(globalThis, '__codeInterpreterPyodideInstall', {
  value: install,
  writable: false,
  enumerable: false,
  configurable: true,
});
