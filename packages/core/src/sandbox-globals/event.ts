import { defineToStringTag, makeEnumerable } from './define-global';
import { missingArgsError } from './node-errors';
import { ObjectDefineProperty, TypeErrorCtor } from './primordials';
import { toDOMString } from './utf8';

/** The clock for `event.timeStamp` (ms since the sandbox started); set by the installer. */
let clock: () => number = () => 0;

/** Sets the clock `Event.timeStamp` reads (performance.now of the sandbox). */
export function setEventClock(now: () => number): void {
  clock = now;
}

/** What `EventTarget.dispatchEvent` needs to reach inside an event (not public API). */
export interface EventInternals {
  isEvent(value: unknown): value is Event;
  typeOf(event: Event): string;
  isDispatching(event: Event): boolean;
  beginDispatch(event: Event, target: object): void;
  endDispatch(event: Event): void;
  setInPassiveListener(event: Event, value: boolean): void;
  isImmediatePropagationStopped(event: Event): boolean;
  isCanceled(event: Event): boolean;
}

export let eventInternals: EventInternals;

function readInit(init: unknown, name: string): boolean {
  if (init === undefined || init === null) return false;
  if (typeof init !== 'object' && typeof init !== 'function') {
    throw new TypeErrorCtor('The "options" argument must be of type object.');
  }
  return !!(init as Record<string, unknown>)[name];
}

/**
 * The DOM `Event`, for `EventTarget`s without a tree (as in Node): `type`, `bubbles`,
 * `cancelable`, `composed`, `preventDefault()` (ignored in passive listeners),
 * `stopPropagation()`, `stopImmediatePropagation()`, `defaultPrevented`, `timeStamp`.
 */
export class Event {
  static readonly NONE = 0;
  static readonly CAPTURING_PHASE = 1;
  static readonly AT_TARGET = 2;
  static readonly BUBBLING_PHASE = 3;

  #type: string;
  #bubbles: boolean;
  #cancelable: boolean;
  #composed: boolean;
  #target: object | null = null;
  #currentTarget: object | null = null;
  #eventPhase = 0;
  #canceled = false;
  #stopPropagation = false;
  #stopImmediatePropagation = false;
  #inPassiveListener = false;
  #dispatching = false;
  readonly #timeStamp: number;

  constructor(type: unknown, eventInitDict: unknown = undefined) {
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    if (arguments.length === 0) throw missingArgsError('type');
    this.#type = toDOMString(type);
    this.#bubbles = readInit(eventInitDict, 'bubbles');
    this.#cancelable = readInit(eventInitDict, 'cancelable');
    this.#composed = readInit(eventInitDict, 'composed');
    this.#timeStamp = clock();
  }

  get type(): string {
    return this.#type;
  }
  get target(): object | null {
    return this.#target;
  }
  get srcElement(): object | null {
    return this.#target;
  }
  get currentTarget(): object | null {
    return this.#currentTarget;
  }
  get eventPhase(): number {
    return this.#eventPhase;
  }
  get bubbles(): boolean {
    return this.#bubbles;
  }
  get cancelable(): boolean {
    return this.#cancelable;
  }
  get composed(): boolean {
    return this.#composed;
  }
  get defaultPrevented(): boolean {
    return this.#canceled;
  }
  get isTrusted(): boolean {
    return false;
  }
  get timeStamp(): number {
    return this.#timeStamp;
  }
  get returnValue(): boolean {
    return !this.#canceled;
  }
  set returnValue(value: boolean) {
    if (!value) this.preventDefault();
  }
  get cancelBubble(): boolean {
    return this.#stopPropagation;
  }
  set cancelBubble(value: boolean) {
    if (value) this.#stopPropagation = true;
  }

  composedPath(): object[] {
    return this.#dispatching && this.#currentTarget !== null ? [this.#currentTarget] : [];
  }

  preventDefault(): void {
    if (this.#cancelable && !this.#inPassiveListener) this.#canceled = true;
  }

  stopPropagation(): void {
    this.#stopPropagation = true;
  }

  stopImmediatePropagation(): void {
    this.#stopPropagation = true;
    this.#stopImmediatePropagation = true;
  }

  /** Legacy initializer; does nothing while the event is being dispatched. */
  initEvent(type: unknown, bubbles = false, cancelable = false): void {
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    if (arguments.length === 0) throw missingArgsError('type');
    if (this.#dispatching) return;
    this.#type = toDOMString(type);
    this.#bubbles = !!bubbles;
    this.#cancelable = !!cancelable;
    this.#stopPropagation = false;
    this.#stopImmediatePropagation = false;
    this.#canceled = false;
    this.#target = null;
  }

  static {
    eventInternals = {
      isEvent: (value): value is Event =>
        value !== null && typeof value === 'object' && #type in value,
      typeOf: (event) => event.#type,
      isDispatching: (event) => event.#dispatching,
      beginDispatch(event, target) {
        event.#dispatching = true;
        event.#target = target;
        event.#currentTarget = target;
        event.#eventPhase = 2;
      },
      endDispatch(event) {
        event.#dispatching = false;
        event.#currentTarget = null;
        event.#eventPhase = 0;
        event.#stopPropagation = false;
        event.#stopImmediatePropagation = false;
        event.#inPassiveListener = false;
      },
      setInPassiveListener(event, value) {
        event.#inPassiveListener = value;
      },
      isImmediatePropagationStopped: (event) => event.#stopImmediatePropagation,
      isCanceled: (event) => event.#canceled,
    };
  }
}

const phases = ['NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE'];
for (let i = 0; i < phases.length; i++) {
  const descriptor = { value: i, writable: false, enumerable: true, configurable: false };
  ObjectDefineProperty(Event, phases[i] as string, descriptor);
  ObjectDefineProperty(Event.prototype, phases[i] as string, descriptor);
}
makeEnumerable(Event.prototype, [
  'type',
  'target',
  'srcElement',
  'currentTarget',
  'eventPhase',
  'bubbles',
  'cancelable',
  'composed',
  'defaultPrevented',
  'isTrusted',
  'timeStamp',
  'returnValue',
  'cancelBubble',
  'composedPath',
  'preventDefault',
  'stopPropagation',
  'stopImmediatePropagation',
  'initEvent',
]);
defineToStringTag(Event.prototype, 'Event');

/** `CustomEvent`: an `Event` carrying `detail`. */
export class CustomEvent extends Event {
  readonly #detail: unknown;

  constructor(type: unknown, eventInitDict: unknown = undefined) {
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    if (arguments.length === 0) throw missingArgsError('type');
    super(type, eventInitDict);
    this.#detail =
      eventInitDict !== null && typeof eventInitDict === 'object'
        ? ((eventInitDict as { detail?: unknown }).detail ?? null)
        : null;
  }

  get detail(): unknown {
    return this.#detail;
  }
}

makeEnumerable(CustomEvent.prototype, ['detail']);
defineToStringTag(CustomEvent.prototype, 'CustomEvent');
