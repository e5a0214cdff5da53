import { describe, expect, it } from 'vitest';
import { createRunQuotas, type RunQuotas } from './run-quotas';

const finishes = (outcome: ReturnType<RunQuotas['start']>) => {
  if ('refusal' in outcome) throw new Error(`refused: ${outcome.refusal.message}`);
  return outcome.finish;
};

describe('createRunQuotas', () => {
  it('refuses a run beyond the concurrent quota until one ends', () => {
    const quotas = createRunQuotas({ maxConcurrentRuns: 2, maxRunsPerMinute: 100 });
    const [first] = finishes(quotas.start('a', 1));
    finishes(quotas.start('a', 1));
    expect(quotas.start('a', 1)).toEqual({
      refusal: {
        quota: 'concurrent-runs',
        limit: 2,
        retryAfterSeconds: 1,
        message:
          'Quota exceeded: at most 2 runs at once per token, and 2 runs of this token are running. Retry when one has ended.',
      },
    });
    finishes(quotas.start('b', 1)); // another token is not held back
    first?.();
    first?.(); // idempotent: frees one slot, not two
    finishes(quotas.start('a', 1));
    expect(quotas.start('a', 1)).toHaveProperty('refusal.quota', 'concurrent-runs');
  });

  it('refuses a run beyond the per-minute quota and says when one frees', () => {
    let time = 1_000_000;
    const quotas = createRunQuotas({ maxConcurrentRuns: 10, maxRunsPerMinute: 3, now: () => time });
    for (const finish of finishes(quotas.start('a', 1))) finish();
    time += 20_000;
    for (const finish of finishes(quotas.start('a', 2))) finish();
    time += 10_000;
    expect(quotas.start('a', 1)).toEqual({
      refusal: {
        quota: 'runs-per-minute',
        limit: 3,
        retryAfterSeconds: 30,
        message: 'Quota exceeded: at most 3 runs per minute per token. Retry in 30 s.',
      },
    });
    time += 30_000;
    finishes(quotas.start('a', 1));
  });

  it('takes a batch all or none', () => {
    const quotas = createRunQuotas({ maxConcurrentRuns: 2, maxRunsPerMinute: 100 });
    finishes(quotas.start('a', 1));
    expect(quotas.start('a', 2)).toHaveProperty('refusal.quota', 'concurrent-runs');
    finishes(quotas.start('a', 1));
  });

  it('refuses a quota below 1', () => {
    expect(() => createRunQuotas({ maxConcurrentRuns: 0, maxRunsPerMinute: 1 })).toThrow(
      /maxConcurrentRunsPerToken must be a whole number of at least 1, not 0/,
    );
  });
});
