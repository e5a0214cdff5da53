/**
 * The code that runs inside every JavaScript sandbox (a V8 isolate context), bundled into one
 * classic script. It defines `__codeInterpreterInstall`, which the worker takes off the global
 * object and calls once per context with host hooks; it returns the control function the worker
 * drives (start a run, tick timers, collect results). Nothing powerful of the
 * host is reachable from the global object: the hooks live only in this closure.
 */
// biome-ignore-all assist/source/organizeImports: the buffer guard must be evaluated first.
// First: guard buffer constructors before any other module captures them.
import { growableBuffersRefused, refuseGrowableBuffers } from './refuse-growable-buffers';
import { installWebGlobals } from '../../../sandbox-globals/install-web-globals';
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
import { createStreamCapture, type StreamCapture } from './output-capture';

/** Hooks the worker passes in (ivm Callbacks and copies). */
interface HostHooks {
  /** Fire-and-forget: streams a chunk to the host. Absent when nobody listens. */
  emit?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Monotonic milliseconds from the host. */
  now: () => number;
  /** Host randomness to seed the sandbox's CSPRNG. */
  randomSeed: Uint8Array;
  timeOrigin: number;
}

interface RunSettings {
  maxOutputChars: number;
  stream: boolean;
  /** Text the REPL rewrite inserted, `[line, column, length]` (column correction for errors). */
  columnShifts: Array<[number, number, number]>;
}

const PromisePrototypeThen = Promise.prototype.then;
const PromiseResolve = Promise.resolve.bind(Promise);
const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;
const apply = Reflect.apply;
const defineProperty = Object.defineProperty;
const hasOwn = Object.prototype.hasOwnProperty;

/** Kept referenced so the guard module is never dropped as unused. */
export const runtimeGuards = [growableBuffersRefused];

function install(
  randomSeed: Uint8Array,
  timeOrigin: number,
  emit: HostHooks['emit'],
  now: HostHooks['now'],
) {
  // WebAssembly memory lies outside the isolate's memory limit, and a module can declare and grow
  // its own memory from inside wasm code where no wrapper sees it: JavaScript sandboxes go without.
  delete (globalThis as Record<string, unknown>).WebAssembly;
  refuseGrowableBuffers();

  const timers = createTimerQueue({ now });
  installTimers(globalThis, timers);
  // Errors thrown by queueMicrotask callbacks and event listeners end the program, as in Node.
  installWebGlobals(globalThis, {
    randomSeed,
    now,
    timeOrigin,
    reportError: (thrown) => timers.onError?.(thrown),
  });
  timers.onWarning = (name, message) => stderr.write(`(node) ${name}: ${message}\n`);
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
  let error: ThrownValueDescription | undefined;

  const render = (thrown: unknown) => inspect(thrown);
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
        next.stream && emit ? (text: string) => emit(stream, text) : undefined;
      stdout = createStreamCapture(next.maxOutputChars, streamTo('stdout'));
      stderr = createStreamCapture(next.maxOutputChars, streamTo('stderr'));
      settled = false;
      value = undefined;
      error = undefined;
      const onValue = (result: unknown) => {
        if (settled) return;
        try {
          if (result !== null && typeof result === 'object' && apply(hasOwn, result, ['v'])) {
            const last = (result as { v: unknown }).v;
            if (isPromise(last)) {
              observePromise(last, () => {
                try {
                  value = inspect(last);
                } catch (thrown) {
                  fail(thrown);
                }
                settled = true;
              });
              return;
            }
            if (last !== undefined) value = inspect(last);
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
        completion = apply(program as () => unknown, globalThis, []);
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
    /** Reports a synchronous failure of the script itself. */
    fail(thrown: unknown) {
      fail(thrown);
      settled = true;
    },
    /**
     * Runs at most one due timer callback, then returns `[settled, nextDelay]`: whether the
     * program's top level finished, and ms until the next timer (-1: none pending). The worker
     * calls it again after the isolate's microtask checkpoint, so promise reactions run between
     * two timer callbacks exactly as in Node.
     */
    tick(): [number, number, CollectedRun?] {
      if (!error && timers.nextDelay() === 0) timers.runNext();
      const nextDelay = error ? -1 : timers.nextDelay();
      // Finished: hand the results back in the same call.
      if (settled && nextDelay < 0) return [1, -1, collect()];
      return [settled ? 1 : 0, nextDelay];
    },
    collect,
  };
  type Operation = keyof typeof control;
  /** One entry point for the worker, so a context costs one reference, not one per operation. */
  return (operation: Operation, first?: unknown, second?: unknown) =>
    (control[operation] as (a?: unknown, b?: unknown) => unknown)(first, second);

  /** Cancels pending timers and returns what the run produced. */
  function collect(): CollectedRun {
    timers.clear();
    const result: CollectedRun = {
      stdout: stdout.text(),
      stderr: stderr.text(),
      truncated: stdout.truncated || stderr.truncated,
    };
    if (value !== undefined) result.value = value;
    if (error) result.error = { ...error };
    return result;
  }
}

// The worker takes `install` from here and deletes it before any user code runs.
defineProperty(globalThis, '__codeInterpreterInstall', {
  value: install,
  writable: false,
  enumerable: false,
  configurable: true,
});
