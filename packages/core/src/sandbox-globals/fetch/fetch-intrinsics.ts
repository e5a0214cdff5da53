/**
 * Intrinsics the fetch classes need beyond `../primordials`, captured when the bundle is evaluated
 * (before user code), under the same rules: later changes to `JSON.parse`, `Math.random`,
 * `Promise.reject` or `Date.now` cannot redirect fetch's internals.
 */
import { PromiseCtor, ReflectApply } from '../primordials';

export const JSONParse = JSON.parse;
export const MathRandom = Math.random;
export const DateNow = Date.now;
export const NumberIsFinite = Number.isFinite;
export const DecodeURIComponent = decodeURIComponent;
export const SymbolAsyncIterator: typeof Symbol.asyncIterator = Symbol.asyncIterator;

const promiseReject = Promise.reject;
/** `Promise.reject(reason)` with the intrinsic `Promise`. */
export const PromiseReject = <T = never>(reason: unknown): Promise<T> =>
  ReflectApply(promiseReject, PromiseCtor, [reason]) as Promise<T>;
