/** Why a run was refused: which quota, its limit, and when to try again. */
export interface RunQuotaRefusal {
  quota: 'concurrent-runs' | 'runs-per-minute';
  limit: number;
  /** Whole seconds to wait before a retry can succeed (at least 1). */
  retryAfterSeconds: number;
  /** Says which quota was hit and when to retry, for the client to read. */
  message: string;
}

/** The per-key run quotas of the HTTP server: runs at once, and run starts in a 60 s window. */
export interface RunQuotas {
  /**
   * Starts `count` runs for `key`, all or none: a refusal when one more would exceed a quota,
   * else one `finish` per run (idempotent) that gives its concurrency slot back.
   */
  start(key: string, count: number): { refusal: RunQuotaRefusal } | { finish: Array<() => void> };
}

const windowMs = 60_000;
const runs = (count: number) => `${count} run${count === 1 ? '' : 's'}`;

/** Creates the quotas; `now` is for tests. Keys with nothing running and no recent start are dropped. */
export function createRunQuotas({
  maxConcurrentRuns,
  maxRunsPerMinute,
  now = Date.now,
}: {
  maxConcurrentRuns: number;
  maxRunsPerMinute: number;
  now?: () => number;
}): RunQuotas {
  for (const [name, value] of Object.entries({ maxConcurrentRuns, maxRunsPerMinute })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new TypeError(`${name}PerToken must be a whole number of at least 1, not ${value}.`);
    }
  }
  const states = new Map<string, { running: number; starts: number[] }>();
  const dropIdle = (time: number) => {
    for (const [key, state] of states) {
      if (state.running === 0 && (state.starts.at(-1) ?? 0) <= time - windowMs) states.delete(key);
    }
  };

  return {
    start(key, count) {
      const time = now();
      if (states.size > 1000) dropIdle(time);
      const state = states.get(key) ?? { running: 0, starts: [] };
      state.starts = state.starts.filter((start) => start > time - windowMs);
      if (state.running + count > maxConcurrentRuns) {
        return {
          refusal: {
            quota: 'concurrent-runs',
            limit: maxConcurrentRuns,
            retryAfterSeconds: 1,
            message: `Quota exceeded: at most ${runs(maxConcurrentRuns)} at once per token, and ${runs(state.running)} of this token ${state.running === 1 ? 'is' : 'are'} running. Retry when one has ended.`,
          },
        };
      }
      if (state.starts.length + count > maxRunsPerMinute) {
        const oldest = state.starts[state.starts.length + count - 1 - maxRunsPerMinute] ?? time;
        const retryAfterSeconds = Math.max(1, Math.ceil((oldest + windowMs - time) / 1000));
        return {
          refusal: {
            quota: 'runs-per-minute',
            limit: maxRunsPerMinute,
            retryAfterSeconds,
            message: `Quota exceeded: at most ${runs(maxRunsPerMinute)} per minute per token. Retry in ${retryAfterSeconds} s.`,
          },
        };
      }
      state.running += count;
      for (let i = 0; i < count; i++) state.starts.push(time);
      states.set(key, state);
      const finish = Array.from({ length: count }, () => {
        let done = false;
        return () => {
          if (done) return;
          done = true;
          state.running -= 1;
          const latest = state.starts.at(-1) ?? 0;
          if (state.running === 0 && latest <= now() - windowMs) states.delete(key);
        };
      });
      return { finish };
    },
  };
}
