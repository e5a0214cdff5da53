import { AbortController, AbortSignal } from './abort-signal';
import { atob, btoa } from './base64';
import { ChaCha20Random } from './chacha20-random';
import { createCrypto } from './crypto';
import { defineGlobalValue, defineLazyGlobal, fixName } from './define-global';
import { DOMException } from './dom-exception';
import { CustomEvent, Event, setEventClock } from './event';
import { EventTarget, setListenerErrorReporter } from './event-target';
import { createPerformance, restartPerformanceClock } from './performance';
import { createQueueMicrotask } from './queue-microtask';
import { structuredClone } from './structured-clone';
import { TextDecoder } from './text-decoder';
import { TextEncoder } from './text-encoder';
import { createUrlGlobals } from './url/create-url-globals';

/** What the embedder passes in from outside the isolate. */
export interface WebGlobalsHost {
  /** 32+ bytes of real randomness from the host, to seed a CSPRNG inside the isolate. */
  randomSeed: Uint8Array;
  /** High-resolution monotonic milliseconds (a host callback); performance.now() = now() - origin. */
  now: () => number;
  /** Wall-clock epoch ms at origin, for performance.timeOrigin. */
  timeOrigin: number;
  /**
   * Receives errors thrown by `queueMicrotask` callbacks and event listeners, which Node reports
   * as uncaught exceptions. Unset: such errors are dropped.
   */
  reportError?: (error: unknown) => void;
}

/** What only a started sandbox knows: its randomness and the moment it started. */
export type WebGlobalsStart = Pick<WebGlobalsHost, 'randomSeed' | 'timeOrigin'>;

/**
 * Defines the web globals model-written code reaches for on `target` (a fresh isolate context's
 * global object): `TextEncoder`, `TextDecoder`, `atob`, `btoa`, `URL` and `URLSearchParams`
 * (lazy: built on first access), `structuredClone`, `DOMException`, `crypto`
 * (`getRandomValues`, `randomUUID`), `performance` (`now`, `timeOrigin`), `queueMicrotask`,
 * `Event`, `CustomEvent`, `EventTarget`, `AbortController` and `AbortSignal`. Each is writable,
 * configurable and not enumerable, as in browsers and Node. Timers are separate:
 * see `createTimerQueue` and `installTimers` (which `AbortSignal.timeout` needs).
 *
 * The bundle holding this function must be evaluated in the realm of `target` before any user
 * code runs there: it captures the intrinsics it relies on at evaluation, so later changes to
 * `Array.prototype`, `Promise.prototype.then` and the like cannot redirect it. Call it once per
 * fresh context, with fresh randomness; inside a heap snapshot use `prepareWebGlobals` instead.
 *
 * @example
 * installWebGlobals(globalThis, { randomSeed: seedFromHost, now: hostNow, timeOrigin: hostEpochMs });
 */
export function installWebGlobals(target: typeof globalThis, host: WebGlobalsHost): void {
  prepareWebGlobals(target, host)(host);
}

/**
 * Defines the same globals as `installWebGlobals`, without randomness or a start time yet, and
 * returns the function that starts them. For a heap snapshot restored many times: prepare inside
 * the snapshot, then start once in each restored context with fresh host randomness. Until it is
 * started, `crypto` refuses to produce bytes (a snapshot must never hand every sandbox the same
 * stream).
 */
export function prepareWebGlobals(
  target: typeof globalThis,
  host: Omit<WebGlobalsHost, 'randomSeed' | 'timeOrigin'>,
): (start: WebGlobalsStart) => void {
  const reportError = host.reportError ?? (() => {});
  const performance = createPerformance(host.now, 0);
  const clock = () => performance.now();
  setEventClock(clock);
  setListenerErrorReporter(reportError);
  const random = new ChaCha20Random();

  const classes = {
    TextEncoder,
    TextDecoder,
    DOMException,
    Event,
    CustomEvent,
    EventTarget,
    AbortController,
    AbortSignal,
  };
  for (const name in classes) fixName(classes[name as keyof typeof classes], name);

  defineGlobalValue(target, 'TextEncoder', TextEncoder);
  defineGlobalValue(target, 'TextDecoder', TextDecoder);
  defineGlobalValue(target, 'atob', atob);
  defineGlobalValue(target, 'btoa', btoa);
  defineLazyGlobal(target, 'URL', () => createUrlGlobals().URL);
  defineLazyGlobal(target, 'URLSearchParams', () => createUrlGlobals().URLSearchParams);
  defineGlobalValue(target, 'structuredClone', structuredClone);
  defineGlobalValue(target, 'DOMException', DOMException);
  defineGlobalValue(target, 'crypto', createCrypto(random));
  defineGlobalValue(target, 'performance', performance);
  defineGlobalValue(target, 'queueMicrotask', createQueueMicrotask(reportError));
  defineGlobalValue(target, 'Event', Event);
  defineGlobalValue(target, 'CustomEvent', CustomEvent);
  defineGlobalValue(target, 'EventTarget', EventTarget);
  defineGlobalValue(target, 'AbortController', AbortController);
  defineGlobalValue(target, 'AbortSignal', AbortSignal);

  return ({ randomSeed, timeOrigin }) => {
    random.seed(randomSeed);
    restartPerformanceClock(performance, timeOrigin);
  };
}
