/**
 * What `EventTarget` (the `signal` option of `addEventListener`) and the timers need from
 * `AbortSignal` without importing it (which would be a cycle: AbortSignal extends EventTarget).
 * `abort-signal.ts` fills these in when it is evaluated. Not public API.
 */
export const abortSignalInternals = {
  isAbortSignal: (_value: unknown): boolean => false,
  isAborted: (_signal: object): boolean => false,
  /** Runs `algorithm` once when `signal` aborts (before its `abort` listeners). */
  addAlgorithm: (_signal: object, _algorithm: () => void): void => {},
  /**
   * Schedules `callback` after `delayMs` without keeping the sandbox alive (an unref'd timer),
   * for `AbortSignal.timeout`. Set by `installTimers`; undefined when no timer queue is installed.
   */
  scheduleUnrefTimeout: undefined as ((callback: () => void, delayMs: number) => void) | undefined,
};
