import { abortSignalInternals } from './abort-signal-internals';
import { defineToStringTag, makeEnumerable } from './define-global';
import { DOMException } from './dom-exception';
import { Event } from './event';
import { EventTarget } from './event-target';
import { createNodeError } from './node-errors';
import {
  createList,
  NumberCtor,
  NumberIsInteger,
  RangeErrorCtor,
  ReflectApply,
  TypeErrorCtor,
  uncurryThis,
} from './primordials';

const constructionToken = Symbol('AbortSignal');
const dispatchEvent = uncurryThis(EventTarget.prototype.dispatchEvent);
const addEventListener = uncurryThis(EventTarget.prototype.addEventListener);
const MAX_TIMEOUT = 4294967295;

let abortSignal: (signal: AbortSignal, reason: unknown) => void;
let createSignal: () => AbortSignal;

/**
 * The DOM `AbortSignal`: `aborted`, `reason`, `throwIfAborted()`, `onabort`, the `abort` event,
 * and the static `abort(reason)`, `timeout(ms)` (an unref'd timer: it does not keep the sandbox
 * running) and `any(signals)`.
 */
export class AbortSignal extends EventTarget {
  #aborted = false;
  #reason: unknown = undefined;
  #algorithms: Array<() => void> = createList();
  #onabort: unknown = null;
  #onabortRegistered = false;

  constructor(token: unknown = undefined) {
    if (token !== constructionToken) {
      throw createNodeError(TypeErrorCtor, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    }
    super();
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  throwIfAborted(): void {
    if (this.#aborted) throw this.#reason;
  }

  get onabort(): unknown {
    return this.#onabort;
  }

  set onabort(handler: unknown) {
    this.#onabort =
      typeof handler === 'function' || (handler !== null && typeof handler === 'object')
        ? handler
        : null;
    if (!this.#onabortRegistered && this.#onabort !== null) {
      this.#onabortRegistered = true;
      addEventListener(this, 'abort', (event: Event) => {
        const current = this.#onabort;
        if (typeof current === 'function') ReflectApply(current, this, [event]);
      });
    }
  }

  /** A signal that is already aborted with `reason` (default: an `AbortError` DOMException). */
  static abort(reason: unknown = undefined): AbortSignal {
    const signal = createSignal();
    abortSignal(signal, reason);
    return signal;
  }

  /** A signal that aborts with a `TimeoutError` DOMException after `milliseconds`. */
  static timeout(milliseconds: unknown): AbortSignal {
    const delay = NumberCtor(milliseconds);
    if (!NumberIsInteger(delay) || delay < 0 || delay > MAX_TIMEOUT) {
      throw createNodeError(
        RangeErrorCtor,
        'ERR_OUT_OF_RANGE',
        `The value of "delay" is out of range. It must be >= 0 && <= ${MAX_TIMEOUT}. Received ${delay}`,
      );
    }
    const schedule = abortSignalInternals.scheduleUnrefTimeout;
    if (schedule === undefined) {
      throw new DOMException('AbortSignal.timeout needs the sandbox timers', 'NotSupportedError');
    }
    const signal = createSignal();
    schedule(() => {
      abortSignal(
        signal,
        new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      );
    }, delay);
    return signal;
  }

  /** A signal that aborts as soon as any of `signals` does, with the same reason. */
  static any(signals: Iterable<unknown>): AbortSignal {
    const sources = createList<AbortSignal>();
    for (const signal of signals) {
      if (!abortSignalInternals.isAbortSignal(signal)) {
        throw createNodeError(
          TypeErrorCtor,
          'ERR_INVALID_ARG_TYPE',
          'The "signals" argument must be an instance of AbortSignal[].',
        );
      }
      sources[sources.length] = signal as AbortSignal;
    }
    const result = createSignal();
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i] as AbortSignal;
      if (source.#aborted) {
        abortSignal(result, source.#reason);
        return result;
      }
    }
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i] as AbortSignal;
      const algorithms = source.#algorithms;
      algorithms[algorithms.length] = () => abortSignal(result, source.#reason);
    }
    return result;
  }

  static {
    createSignal = () => new AbortSignal(constructionToken);
    abortSignal = (signal, reason) => {
      if (signal.#aborted) return;
      signal.#aborted = true;
      signal.#reason =
        reason === undefined
          ? new DOMException('This operation was aborted', 'AbortError')
          : reason;
      const algorithms = signal.#algorithms;
      signal.#algorithms = createList();
      for (let i = 0; i < algorithms.length; i++) (algorithms[i] as () => void)();
      dispatchEvent(signal, new Event('abort'));
    };
    abortSignalInternals.isAbortSignal = (value) =>
      value !== null && typeof value === 'object' && #aborted in value;
    abortSignalInternals.isAborted = (signal) => (signal as AbortSignal).#aborted;
    abortSignalInternals.addAlgorithm = (signal, algorithm) => {
      const algorithms = (signal as AbortSignal).#algorithms;
      algorithms[algorithms.length] = algorithm;
    };
  }
}

makeEnumerable(AbortSignal.prototype, ['aborted', 'reason', 'throwIfAborted', 'onabort']);
defineToStringTag(AbortSignal.prototype, 'AbortSignal');

/** The DOM `AbortController`: `signal` and `abort(reason)`. */
export class AbortController {
  readonly #signal = createSignal();

  get signal(): AbortSignal {
    return this.#signal;
  }

  abort(reason: unknown = undefined): void {
    abortSignal(this.#signal, reason);
  }
}

makeEnumerable(AbortController.prototype, ['signal', 'abort']);
defineToStringTag(AbortController.prototype, 'AbortController');
