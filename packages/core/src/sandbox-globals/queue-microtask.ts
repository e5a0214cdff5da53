import { validateFunction } from './node-errors';
import {
  ObjectDefineProperty,
  PromisePrototypeThen,
  PromiseResolve,
  ReflectApply,
} from './primordials';

/**
 * Makes `queueMicrotask(callback)`. It schedules through a promise made at install time with the
 * captured `Promise.prototype.then`; the promise's own `constructor` is `undefined`, so the
 * species lookup falls back to the intrinsic `%Promise%`: user code that later replaces
 * `Promise`, `Promise.prototype.then` or `Promise[Symbol.species]` cannot intercept or break it.
 *
 * An error thrown by the callback goes to `reportError` (in Node it would be an uncaught
 * exception); it never rejects a promise that nobody observes.
 */
export function createQueueMicrotask(
  reportError: (error: unknown) => void,
): (callback: () => void) => void {
  const resolved = PromiseResolve(undefined);
  ObjectDefineProperty(resolved, 'constructor', { value: undefined });
  return function queueMicrotask(callback: () => void): void {
    validateFunction(callback, 'callback');
    PromisePrototypeThen(resolved, () => {
      try {
        ReflectApply(callback, undefined, []);
      } catch (error) {
        reportError(error);
      }
    });
  };
}
