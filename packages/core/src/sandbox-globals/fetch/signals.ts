/**
 * The AbortSignal operations fetch needs, through intrinsics captured before user code: user
 * code may replace `AbortSignal.prototype.reason` or `AbortController.prototype.abort` later.
 */
import { AbortController, AbortSignal } from '../abort-signal';
import { abortSignalInternals } from '../abort-signal-internals';
import { ReflectGetOwnPropertyDescriptor, TypeErrorCtor, uncurryThis } from '../primordials';

function getterOf<T, R>(prototype: object, name: string): (self: T) => R {
  const descriptor = ReflectGetOwnPropertyDescriptor(prototype, name);
  if (descriptor?.get === undefined) throw new TypeErrorCtor(`Missing getter ${name}`);
  return uncurryThis(descriptor.get as (this: T) => R);
}

const signalReason = getterOf<AbortSignal, unknown>(AbortSignal.prototype, 'reason');
const controllerSignal = getterOf<AbortController, AbortSignal>(
  AbortController.prototype,
  'signal',
);
const controllerAbort = uncurryThis(AbortController.prototype.abort);

export function isAbortSignal(value: unknown): value is AbortSignal {
  return abortSignalInternals.isAbortSignal(value);
}

export function isAborted(signal: AbortSignal): boolean {
  return abortSignalInternals.isAborted(signal);
}

export function abortReason(signal: AbortSignal): unknown {
  return signalReason(signal);
}

/** Runs `algorithm` once, synchronously, when `signal` aborts (before its `abort` listeners). */
export function onAbort(signal: AbortSignal, algorithm: () => void): void {
  abortSignalInternals.addAlgorithm(signal, algorithm);
}

/** A new signal that aborts with the same reason when `source` does (or already aborted). */
export function createFollowingSignal(source: AbortSignal | null): AbortSignal {
  const controller = new AbortController();
  const signal = controllerSignal(controller);
  if (source !== null) {
    if (isAborted(source)) controllerAbort(controller, signalReason(source));
    else onAbort(source, () => controllerAbort(controller, signalReason(source)));
  }
  return signal;
}
