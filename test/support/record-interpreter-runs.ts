/** How a run the adapter under test started has ended. */
export type RecordedRunEnd =
  | { kind: 'result'; value: unknown }
  | { kind: 'rejected'; error: unknown };

/** The interpreter to hand to an adapter, and how each run it started (directly or in a session) ended. */
export interface RecordedInterpreter<T> {
  interpreter: T;
  /** One entry per run, in the order they started; each settles when its run ends. */
  runs: Promise<RecordedRunEnd>[];
}

/**
 * Wraps an interpreter (a `CodeInterpreter` from `@code-interpreter/core`) so a test sees how the
 * runs an adapter starts end: with a result, or rejected (for example with `RunAbortedError`).
 * Runs of sessions the adapter creates are recorded too. Everything else passes through.
 * Adapters hide that end (a framework's abort rejects on its own), so a streaming test that
 * stops a run upon its first chunk reads here whether the run itself was stopped.
 */
export function recordInterpreterRuns<T extends object>(interpreter: T): RecordedInterpreter<T> {
  const runs: Promise<RecordedRunEnd>[] = [];
  const recordRun =
    (run: (...args: unknown[]) => Promise<unknown>) =>
    (...args: unknown[]) => {
      const running = run(...args);
      runs.push(
        running.then(
          (value): RecordedRunEnd => ({ kind: 'result', value }),
          (error: unknown): RecordedRunEnd => ({ kind: 'rejected', error }),
        ),
      );
      return running;
    };
  const wrap = <O extends object>(target: O, onCreateSession: boolean): O =>
    new Proxy(target, {
      get(object, key) {
        const member = Reflect.get(object, key, object) as unknown;
        if (typeof member !== 'function') return member;
        const bound = (member as (...args: unknown[]) => unknown).bind(object);
        if (key === 'run') return recordRun(bound as (...args: unknown[]) => Promise<unknown>);
        if (key === 'createSession' && onCreateSession)
          return (...args: unknown[]) => wrap(bound(...args) as object, false);
        return bound;
      },
    });
  return { interpreter: wrap(interpreter, true), runs };
}
