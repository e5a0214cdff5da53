import { abortSignalInternals } from './abort-signal-internals';
import { defineToStringTag, makeEnumerable } from './define-global';
import { DOMException } from './dom-exception';
import { type Event, eventInternals } from './event';
import { createNodeError, describeReceived, invalidArgTypeError } from './node-errors';
import {
  ArrayPrototypeSplice,
  createList,
  MapCtor,
  MapPrototypeGet,
  MapPrototypeSet,
  ReflectApply,
  TypeErrorCtor,
} from './primordials';
import { toDOMString } from './utf8';

interface Listener {
  callback: object;
  capture: boolean;
  once: boolean;
  passive: boolean;
  removed: boolean;
}

/** Where errors thrown by event listeners go (Node reports them as uncaught exceptions). */
let reportListenerError: (error: unknown) => void = () => {};

/** Sets where errors thrown by listeners are reported; set by the installer. */
export function setListenerErrorReporter(report: (error: unknown) => void): void {
  reportListenerError = report;
}

/** Node's error when `addEventListener` or `removeEventListener` gets fewer than two arguments. */
function requireTypeAndListener(argumentCount: number): void {
  if (argumentCount < 2) {
    throw createNodeError(
      TypeErrorCtor,
      'ERR_MISSING_ARGS',
      'The "type" and "listener" arguments must be specified',
    );
  }
}

function readCapture(options: unknown): boolean {
  if (typeof options === 'boolean') return options;
  if (options !== null && typeof options === 'object')
    return !!(options as { capture?: unknown }).capture;
  return !!options;
}

/**
 * The DOM `EventTarget` without a tree (as in Node): `addEventListener` with `capture`, `once`,
 * `passive` and `signal`, `removeEventListener`, and `dispatchEvent`, which calls the listeners
 * registered when dispatch starts, capture listeners first (as browsers do at the target).
 * An error thrown by a listener is reported, not thrown, and later listeners still run.
 */
export class EventTarget {
  readonly #listeners = new MapCtor<string, Listener[]>();

  addEventListener(type: unknown, callback: unknown, options: unknown = undefined): void {
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireTypeAndListener(arguments.length);
    const name = toDOMString(type);
    const capture = readCapture(options);
    let once = false;
    let passive = false;
    let signal: object | undefined;
    if (options !== null && typeof options === 'object') {
      once = !!(options as { once?: unknown }).once;
      passive = !!(options as { passive?: unknown }).passive;
      const given = (options as { signal?: unknown }).signal;
      if (given !== undefined) {
        if (!abortSignalInternals.isAbortSignal(given)) {
          throw invalidArgTypeError('options.signal', 'an instance of AbortSignal', given);
        }
        signal = given as object;
      }
    }
    if (callback === null) return;
    if (typeof callback !== 'function' && typeof callback !== 'object') {
      throw createNodeError(
        TypeErrorCtor,
        'ERR_INVALID_ARG_TYPE',
        `The "listener" argument must be an instance of EventListener. Received ${describeReceived(callback)}`,
      );
    }
    if (signal !== undefined && abortSignalInternals.isAborted(signal)) return;
    let list = MapPrototypeGet(this.#listeners, name);
    if (list === undefined) {
      list = createList<Listener>();
      MapPrototypeSet(this.#listeners, name, list);
    }
    for (let i = 0; i < list.length; i++) {
      const existing = list[i] as Listener;
      if (existing.callback === callback && existing.capture === capture) return;
    }
    const listener: Listener = {
      callback: callback as object,
      capture,
      once,
      passive,
      removed: false,
    };
    list[list.length] = listener;
    if (signal !== undefined) {
      abortSignalInternals.addAlgorithm(signal, () => this.#remove(name, listener));
    }
  }

  removeEventListener(type: unknown, callback: unknown, options: unknown = undefined): void {
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireTypeAndListener(arguments.length);
    const name = toDOMString(type);
    const capture = readCapture(options);
    const list = MapPrototypeGet(this.#listeners, name);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      const listener = list[i] as Listener;
      if (listener.callback === callback && listener.capture === capture) {
        listener.removed = true;
        ArrayPrototypeSplice(list, i, 1);
        return;
      }
    }
  }

  #remove(name: string, listener: Listener): void {
    listener.removed = true;
    const list = MapPrototypeGet(this.#listeners, name);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      if (list[i] === listener) {
        ArrayPrototypeSplice(list, i, 1);
        return;
      }
    }
  }

  dispatchEvent(event: unknown): boolean {
    if (!eventInternals.isEvent(event)) {
      throw invalidArgTypeError('event', 'an instance of Event', event);
    }
    if (eventInternals.isDispatching(event)) {
      throw new DOMException('The event is already being dispatched', 'InvalidStateError');
    }
    const list = MapPrototypeGet(this.#listeners, eventInternals.typeOf(event));
    eventInternals.beginDispatch(event, this);
    try {
      if (list !== undefined) {
        const snapshot = createList<Listener>();
        for (let i = 0; i < list.length; i++) snapshot[i] = list[i] as Listener;
        // At the target, capture listeners run before the others (the DOM's two passes).
        this.#invoke(event, snapshot, true);
        this.#invoke(event, snapshot, false);
      }
    } finally {
      eventInternals.endDispatch(event);
    }
    return !eventInternals.isCanceled(event);
  }

  #invoke(event: Event, listeners: Listener[], capturePass: boolean): void {
    for (let i = 0; i < listeners.length; i++) {
      const listener = listeners[i] as Listener;
      if (listener.capture !== capturePass || listener.removed) continue;
      if (eventInternals.isImmediatePropagationStopped(event)) return;
      if (listener.once) this.#remove(eventInternals.typeOf(event), listener);
      eventInternals.setInPassiveListener(event, listener.passive);
      try {
        const callback = listener.callback;
        if (typeof callback === 'function') {
          ReflectApply(callback, this, [event]);
        } else {
          const handleEvent = (callback as { handleEvent?: unknown }).handleEvent;
          if (typeof handleEvent !== 'function') {
            throw new TypeErrorCtor(`${describeReceived(callback)} has no handleEvent method`);
          }
          ReflectApply(handleEvent, callback, [event]);
        }
      } catch (error) {
        reportListenerError(error);
      } finally {
        eventInternals.setInPassiveListener(event, false);
      }
    }
  }
}

makeEnumerable(EventTarget.prototype, ['addEventListener', 'removeEventListener', 'dispatchEvent']);
defineToStringTag(EventTarget.prototype, 'EventTarget');
