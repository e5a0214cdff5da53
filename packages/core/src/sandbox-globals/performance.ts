import { defineToStringTag, makeEnumerable } from './define-global';
import { createNodeError } from './node-errors';
import { TypeErrorCtor } from './primordials';

const constructionToken = Symbol('Performance');
let restartClock: (performance: Performance, timeOrigin: number) => void;

/**
 * The `performance` global: `now()` (monotonic milliseconds since the sandbox started, from the
 * host's high-resolution clock), `timeOrigin` (wall-clock epoch ms at that moment) and `toJSON()`.
 * Marks, measures and observers are not provided.
 */
export class Performance {
  readonly #now: () => number;
  #origin: number;
  #timeOrigin: number;

  constructor(token: unknown, now: () => number, timeOrigin: number) {
    if (token !== constructionToken) {
      throw createNodeError(TypeErrorCtor, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    }
    this.#now = now;
    this.#origin = now();
    this.#timeOrigin = timeOrigin;
  }

  static {
    restartClock = (performance, timeOrigin) => {
      performance.#origin = performance.#now();
      performance.#timeOrigin = timeOrigin;
    };
  }

  /** Milliseconds (fractional) since `timeOrigin`. */
  now(): number {
    return this.#now() - this.#origin;
  }

  get timeOrigin(): number {
    return this.#timeOrigin;
  }

  toJSON(): { timeOrigin: number } {
    return { timeOrigin: this.#timeOrigin };
  }
}

makeEnumerable(Performance.prototype, ['now', 'timeOrigin', 'toJSON']);
defineToStringTag(Performance.prototype, 'Performance');

/** Makes the realm's `performance` object; `now` is the host's monotonic clock in ms. */
export function createPerformance(now: () => number, timeOrigin: number): Performance {
  return new Performance(constructionToken, now, timeOrigin);
}

/**
 * Makes `performance.now()` count from this moment and sets `timeOrigin`: for a `performance`
 * built inside a heap snapshot and started in each restored context.
 */
export function restartPerformanceClock(performance: Performance, timeOrigin: number): void {
  restartClock(performance, timeOrigin);
}
