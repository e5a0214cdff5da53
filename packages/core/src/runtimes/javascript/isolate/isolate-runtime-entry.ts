/**
 * The code that runs inside every JavaScript sandbox (a V8 isolate context), bundled into one
 * classic script. Evaluating it installs the whole runtime (console, web globals, timers) with
 * the host's hooks left unbound, warms the paths every run takes, and defines
 * `__codeInterpreterBind`. The worker evaluates it once into a V8 startup snapshot, so each new
 * context starts with all of this done; in each context the worker takes `bind` off the global
 * object and calls it once with the host hooks and fresh randomness; it returns the control
 * function the worker drives (start a run, tick timers, report, collect results). Nothing
 * powerful of the host is reachable from the global object: the hooks live only in this closure.
 */
// biome-ignore-all assist/source/organizeImports: the buffer guard must be evaluated first.
// First: guard buffer constructors before any other module captures them.
import { growableBuffersRefused, refuseGrowableBuffers } from './refuse-growable-buffers';
import { defineGlobalValue } from '../../../sandbox-globals/define-global';
import { prepareWebGlobals } from '../../../sandbox-globals/install-web-globals';
import { createQueueMicrotask } from '../../../sandbox-globals/queue-microtask';
import { createTimerQueue, installTimers } from '../../../sandbox-globals/timer-queue';
import type { CollectedRun } from './collected-run';
import { createConsole } from './create-console';
import { describeThrownValue, type ThrownValueDescription } from './describe-thrown-value';
import {
  formatWithOptions,
  inspect,
  installProxyTracking,
  type PromiseState,
  setPromiseStateInspector,
} from './inspect/index';
import { capText } from '../../../result/cap-text';
import { createStreamCapture, type StreamCapture } from './output-capture';
import { createBuiltinModules } from './node-builtins/builtin-modules';
import { createWorkspaceCall, type WorkspaceHook } from './node-builtins/workspace-bridge';
import { removeOutOfRunCallbacks } from './remove-out-of-run-callbacks';
import { createSandboxTools, type ToolAnswerEntry, type ToolCallHook } from './sandbox-tools';
import { installFetch } from '../../../sandbox-globals/fetch/install-fetch';
import type { SendHttpRequest } from '../../../sandbox-globals/fetch/send-http-request';
import { networkCallName } from '../../../tools/sandbox-tool-bridge';

/** Hooks the worker passes to `bind` (ivm Callbacks and copies). */
interface HostHooks {
  /** Fire-and-forget: streams a chunk to the host. Absent when nobody listens. */
  emit?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Monotonic milliseconds from the host. */
  now: () => number;
  /** Host randomness to seed the sandbox's CSPRNG. */
  randomSeed: Uint8Array;
  /** The host's `performance.timeOrigin` (epoch ms), for the sandbox's `performance.timeOrigin`. */
  timeOrigin: number;
  /** Runs one file operation in the current run's workspace (see workspace-bridge.ts). */
  workspace: WorkspaceHook;
  /** Starts a call of one of the run's tools on the host (see sandbox-tools.ts). */
  toolCall: ToolCallHook;
}

interface RunSettings {
  maxOutputChars: number;
  stream: boolean;
  /** Text the REPL rewrite inserted, `[line, column, length]` (column correction for errors). */
  columnShifts: Array<[number, number, number]>;
  /** The names of the tools the run's code may call (`tools.<name>`); absent: no `tools`. */
  tools?: string[];
  /** True when the run may make HTTP requests through the host (`fetch`; its network policy). */
  network?: boolean;
}

const PromisePrototypeThen = Promise.prototype.then;
const PromiseResolve = Promise.resolve.bind(Promise);
const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;
const apply = Reflect.apply;
const defineProperty = Object.defineProperty;
const hasOwn = Object.prototype.hasOwnProperty;

/** Kept referenced so the guard module is never dropped as unused. */
export const runtimeGuards = [growableBuffersRefused];

/**
 * Installs the runtime in this realm and returns `bind`, which starts it with the host's hooks
 * (once). Runs while the snapshot is made: nothing here may depend on the host or on randomness.
 */
function prepare() {
  // WebAssembly memory lies outside the isolate's memory limit, and a module can declare and grow
  // its own memory from inside wasm code where no wrapper sees it: JavaScript sandboxes go without.
  delete (globalThis as Record<string, unknown>).WebAssembly;
  refuseGrowableBuffers();
  removeOutOfRunCallbacks(globalThis);

  let hostNow: HostHooks['now'] = () => 0;
  let emit: HostHooks['emit'];
  let workspaceHook: HostHooks['workspace'] | undefined;
  let toolCallHook: HostHooks['toolCall'] | undefined;
  const sandboxTools = createSandboxTools(() => toolCallHook);
  // `fetch` hands each request to the host on the tools' channel; without a network policy it
  // rejects saying so. Set per run.
  let sendRequest: SendHttpRequest | undefined;
  const sendThroughHost: SendHttpRequest = (request) =>
    sandboxTools.call(networkCallName, request) as ReturnType<SendHttpRequest>;
  installFetch(globalThis, () => sendRequest);
  const now = () => hostNow();
  const timers = createTimerQueue({ now });
  installTimers(globalThis, timers);
  // Errors thrown by queueMicrotask callbacks and event listeners end the program, as in Node.
  const startWebGlobals = prepareWebGlobals(globalThis, {
    now,
    reportError: (thrown) => timers.onError?.(thrown),
  });
  timers.onWarning = (name, message) => stderr.write(`(node) ${name}: ${message}\n`);
  // `require` (and the cell's rewritten imports) give `fs`, `fs/promises` and `path`, built on
  // first use; `fs` reaches the run's workspace only through the host's hook.
  const builtins = createBuiltinModules(
    createWorkspaceCall(() => workspaceHook),
    createQueueMicrotask((thrown) => timers.onError?.(thrown)),
  );
  defineGlobalValue(globalThis, 'require', builtins.require);
  // Proxies made by the program print as their target, like Node, without running their traps.
  installProxyTracking(globalThis);
  // Promise states are not readable synchronously from JavaScript: a promise returned as the
  // value of a cell is observed for a few microtasks so it prints like Node's REPL shows it.
  const promiseStates = new WeakMap<object, PromiseState>();
  setPromiseStateInspector((promise) => promiseStates.get(promise));
  const observePromise = (promise: Promise<unknown>, then: () => void) => {
    promiseStates.set(promise, { state: 'pending' });
    apply(PromisePrototypeThen, promise, [
      (value: unknown) => promiseStates.set(promise, { state: 'fulfilled', value }),
      (reason: unknown) => promiseStates.set(promise, { state: 'rejected', reason }),
    ]);
    const later = apply(PromisePrototypeThen, PromiseResolve(undefined), [() => {}]);
    apply(PromisePrototypeThen, apply(PromisePrototypeThen, later, [() => {}]), [then]);
  };

  let settings: RunSettings = { maxOutputChars: 100_000, stream: false, columnShifts: [] };
  let stdout: StreamCapture = createStreamCapture(settings.maxOutputChars, undefined);
  let stderr: StreamCapture = createStreamCapture(settings.maxOutputChars, undefined);
  let settled = false;
  let value: string | undefined;
  let valueCut = false;
  let error: ThrownValueDescription | undefined;

  const render = (thrown: unknown) => inspect(thrown);
  /** The rendered value, cut to the run's output cap before it can leave the isolate. */
  const keepValue = (last: unknown) => {
    const capped = capText(inspect(last), settings.maxOutputChars);
    value = capped.text;
    valueCut = capped.cut;
  };
  const fail = (thrown: unknown) => {
    if (error) return;
    error = describeThrownValue(thrown, render, settings.columnShifts);
  };
  timers.onError = (thrown) => {
    fail(thrown);
    // Like Node, an uncaught error in a timer ends the program.
    timers.clear();
    settled = true;
  };

  const write = (stream: 'stdout' | 'stderr', text: string) =>
    (stream === 'stdout' ? stdout : stderr).write(text);
  const consoleMethods = createConsole(
    write,
    { format: (...args) => formatWithOptions({}, ...args), inspect },
    now,
  );
  const consoleObject = {};
  for (const name of Object.keys(consoleMethods)) {
    defineProperty(consoleObject, name, {
      value: consoleMethods[name],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  defineProperty(globalThis, 'console', {
    value: consoleObject,
    writable: true,
    enumerable: false,
    configurable: true,
  });

  const control = {
    /** Calls the wrapped program with fresh per-run state and observes its promise. */
    start(program: unknown, next: RunSettings) {
      settings = next;
      const streamTo = (stream: 'stdout' | 'stderr') =>
        next.stream && emit ? (text: string) => emit?.(stream, text) : undefined;
      stdout = createStreamCapture(next.maxOutputChars, streamTo('stdout'));
      stderr = createStreamCapture(next.maxOutputChars, streamTo('stderr'));
      settled = false;
      value = undefined;
      valueCut = false;
      error = undefined;
      // Replaced each run: a session's later run may have other tools (or none).
      sandboxTools.install(globalThis, next.tools);
      sendRequest = next.network ? sendThroughHost : undefined;
      const onValue = (result: unknown) => {
        if (settled) return;
        try {
          if (result !== null && typeof result === 'object' && apply(hasOwn, result, ['v'])) {
            const last = (result as { v: unknown }).v;
            if (isPromise(last)) {
              observePromise(last, () => {
                try {
                  keepValue(last);
                } catch (thrown) {
                  fail(thrown);
                }
                settled = true;
              });
              return;
            }
            if (last !== undefined) keepValue(last);
          }
        } catch (thrown) {
          fail(thrown);
        }
        settled = true;
      };
      const onError = (thrown: unknown) => {
        if (settled) return;
        fail(thrown);
        settled = true;
      };
      let completion: unknown;
      try {
        // The cell's rewritten `import` declarations load modules through its parameter.
        completion = apply(program as () => unknown, globalThis, [builtins.importer]);
      } catch (thrown) {
        onError(thrown);
        return;
      }
      try {
        apply(PromisePrototypeThen, completion, [onValue, onError]);
      } catch (thrown) {
        // The program tampered with promises so its completion cannot be observed.
        onError(thrown);
      }
    },
    /** Settles the tool calls whose answers arrived (their reactions run after this call). */
    answer(answers: ToolAnswerEntry[]) {
      sandboxTools.answer(answers);
    },
    /** Runs the next timer callback if one is due (user code: the worker calls it asynchronously). */
    tick() {
      if (!error && timers.nextDelay() === 0) timers.runNext();
    },
    /**
     * Where the program stands, read after the isolate's microtask checkpoint (so promise
     * reactions ran between two timer callbacks exactly as in Node): `[settled, nextDelay]`,
     * whether the top level finished and ms until the next timer (-1: none pending). When both
     * are done (and no call to the host is in flight), the run's results come back in the same
     * call. Runs no user code.
     */
    report(waitingOnHost?: boolean): [number, number, CollectedRun?] {
      const nextDelay = error ? -1 : timers.nextDelay();
      // Like Node's event loop, a tool call or request still in flight keeps the program going
      // (`fetch(url).then(print)` without await), unless it already failed.
      if (settled && nextDelay < 0 && (!waitingOnHost || error)) return [1, -1, collect()];
      return [settled ? 1 : 0, nextDelay];
    },
    collect,
  };
  type Operation = keyof typeof control;
  /** One entry point for the worker, so a context costs one reference, not one per operation. */
  const entry = (operation: Operation, first?: unknown, second?: unknown) =>
    (control[operation] as (a?: unknown, b?: unknown) => unknown)(first, second);

  warmUp();

  let bound = false;
  /** Starts this context's runtime with the host's hooks and fresh randomness; once. */
  return (
    randomSeed: HostHooks['randomSeed'],
    timeOrigin: HostHooks['timeOrigin'],
    emitHook: HostHooks['emit'],
    nowHook: HostHooks['now'],
    workspace: HostHooks['workspace'],
    toolCall: HostHooks['toolCall'],
  ) => {
    if (bound) throw new Error('The sandbox runtime is already started.');
    bound = true;
    hostNow = nowHook;
    emit = emitHook;
    workspaceHook = workspace;
    toolCallHook = toolCall;
    startWebGlobals({ randomSeed, timeOrigin });
    // A context restored from a snapshot gets WebAssembly (and may get SharedArrayBuffer) again.
    delete (globalThis as Record<string, unknown>).WebAssembly;
    refuseGrowableBuffers();
    removeOutOfRunCallbacks(globalThis);
    return entry;
  };

  /**
   * Runs, once, the runtime code every run goes through (capture, console formatting, value
   * rendering, error description, collect), so the snapshot holds it compiled and a fresh context
   * does not compile it again. Synchronous only: no promise reaction may be left pending in the
   * snapshot. Leaves no state behind (each run starts with fresh captures).
   */
  function warmUp(): void {
    const sample = { a: 1, b: [1, 'two', null], c: new Map([['k', true]]), d: () => {} };
    consoleMethods.log?.('%s %d', 'warm', 1, sample);
    consoleMethods.error?.(new Error('warm'));
    inspect(2);
    inspect('text');
    inspect(sample);
    fail(new TypeError('warm'));
    collect();
    error = undefined;
    value = undefined;
    stdout = createStreamCapture(settings.maxOutputChars, undefined);
    stderr = createStreamCapture(settings.maxOutputChars, undefined);
  }

  /** Cancels pending timers and returns what the run produced. */
  function collect(): CollectedRun {
    timers.clear();
    const result: CollectedRun = {
      stdout: stdout.text(),
      stderr: stderr.text(),
      truncated: stdout.truncated || stderr.truncated || valueCut || error?.cut === true,
    };
    if (value !== undefined) result.value = value;
    if (error) {
      const { cut: _cut, ...fields } = error;
      result.error = fields;
    }
    return result;
  }
}

// The worker takes `bind` from here and deletes it before any user code runs.
defineProperty(globalThis, '__codeInterpreterBind', {
  value: prepare(),
  writable: false,
  enumerable: false,
  configurable: true,
});
