import { abortSignalInternals } from './abort-signal-internals';
import { defineGlobalValue } from './define-global';
import { validateFunction } from './node-errors';
import { createList, MathMax, NumberCtor } from './primordials';
import type { TimerQueue } from './timer-queue';

/** Node's TIMEOUT_MAX: the largest delay (ms) a timer accepts; larger ones become 1 ms. */
const TIMEOUT_MAX = 2 ** 31 - 1;

/**
 * Node's delay coercion: a number-like delay below 1 ms, NaN or not given becomes 1 ms; above
 * 2^31-1 ms it becomes 1 ms too, with a `TimeoutOverflowWarning`.
 */
function normalizeDelay(queue: TimerQueue, delay: unknown): number {
  const after = (delay as number) * 1;
  if (after >= 1 && after <= TIMEOUT_MAX) return after;
  if (after > TIMEOUT_MAX) {
    queue.onWarning?.(
      'TimeoutOverflowWarning',
      `${after} does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.`,
    );
  }
  return 1;
}

function toId(id: unknown): number | undefined {
  if (typeof id === 'number') return id;
  if (typeof id === 'string' && id !== '') return NumberCtor(id);
  return undefined;
}

/**
 * Defines `setTimeout`, `clearTimeout`, `setInterval`, `clearInterval`, `setImmediate` and
 * `clearImmediate` on `target`, backed by `queue` (writable, configurable, not enumerable).
 *
 * Differences from Node, on purpose: the functions return numeric ids (as browsers do) instead of
 * `Timeout`/`Immediate` objects, so there is no `ref()`, `unref()`, `hasRef()` or `refresh()`;
 * the ids work with every `clear*` function of their kind (numeric strings too). Callbacks run
 * with `this` undefined. Everything else follows Node: a non-function callback throws
 * `ERR_INVALID_ARG_TYPE`, delays clamp to 1 ms (0, negative, NaN, or over 2^31-1 ms with a
 * `TimeoutOverflowWarning`), extra arguments are passed to the callback, an interval re-arms
 * after each run. Also lets `AbortSignal.timeout` schedule its unref'd timers on `queue`.
 */
export function installTimers(target: typeof globalThis, queue: TimerQueue): void {
  const timers = {
    setTimeout(callback: unknown, delay?: unknown, ...args: unknown[]): number {
      validateFunction(callback, 'callback');
      const after = normalizeDelay(queue, delay);
      return queue.schedule(callback, after, args, false);
    },
    setInterval(callback: unknown, delay?: unknown, ...args: unknown[]): number {
      validateFunction(callback, 'callback');
      const after = normalizeDelay(queue, delay);
      return queue.schedule(callback, after, args, true);
    },
    setImmediate(callback: unknown, ...args: unknown[]): number {
      validateFunction(callback, 'callback');
      return queue.scheduleImmediate(callback, args);
    },
    clearTimeout(id?: unknown): void {
      const key = toId(id);
      if (key !== undefined) queue.cancel(key);
    },
    clearInterval(id?: unknown): void {
      const key = toId(id);
      if (key !== undefined) queue.cancel(key);
    },
    clearImmediate(id?: unknown): void {
      const key = toId(id);
      if (key !== undefined) queue.cancelImmediate(key);
    },
  };
  const names = [
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
  ] as const;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as (typeof names)[number];
    // Object-literal methods are not constructors and carry the right `name` and `length`.
    defineGlobalValue(target, name, timers[name]);
  }
  abortSignalInternals.scheduleUnrefTimeout = (callback, delayMs) => {
    queue.schedule(callback, MathMax(delayMs, 1), createList(), false, false);
  };
}
