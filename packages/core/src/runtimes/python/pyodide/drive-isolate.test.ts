import { describe, expect, it } from 'vitest';
import { driveUntilSettled, type TickReference } from './drive-isolate';

/** A stand-in for the isolate's tick() reference, answering from a script of results. */
function scriptedTick(
  answers: Array<[number, number] | [number, number, unknown]>,
  last: [number, number] = [0, -1],
) {
  const calls: number[] = [];
  const tick = {
    async apply(_receiver: unknown, _args: unknown[], options: { timeout?: number }) {
      calls.push(options.timeout ?? 0);
      return answers.shift() ?? last;
    },
  } as unknown as TickReference;
  return { tick, calls };
}

describe('driveUntilSettled', () => {
  it('ticks until the operation settles, passing the remaining time as timeout', async () => {
    const { tick, calls } = scriptedTick([
      [0, 0],
      [0, 0],
      [1, -1],
    ]);
    const { end } = await driveUntilSettled(tick, {
      deadline: performance.now() + 5_000,
      idleGraceMs: 100,
    });
    expect(end).toBe('settled');
    expect(calls).toHaveLength(3);
    expect(Math.max(...calls)).toBeLessThanOrEqual(5_000);
  });

  it('sleeps on the host until the next timer is due', async () => {
    const { tick } = scriptedTick([
      [0, 60],
      [1, -1],
    ]);
    const started = performance.now();
    const { end } = await driveUntilSettled(tick, { deadline: started + 5_000, idleGraceMs: 100 });
    expect(end).toBe('settled');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('looks once more after an empty answer (promise reactions run after the call)', async () => {
    const { tick, calls } = scriptedTick([
      [0, -1],
      [1, -1],
    ]);
    const { end } = await driveUntilSettled(tick, {
      deadline: performance.now() + 5_000,
      idleGraceMs: 0,
    });
    expect(end).toBe('settled');
    expect(calls).toHaveLength(2);
  });

  it('declares a hang when nothing is pending for the grace period', async () => {
    const { tick } = scriptedTick([]);
    const { end } = await driveUntilSettled(tick, {
      deadline: performance.now() + 5_000,
      idleGraceMs: 30,
    });
    expect(end).toBe('hang');
  });

  it('stops at the deadline while timers keep coming', async () => {
    const { tick } = scriptedTick([], [0, 10]);
    const started = performance.now();
    const { end } = await driveUntilSettled(tick, { deadline: started + 80, idleGraceMs: 1_000 });
    expect(end).toBe('deadline');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('stops when the caller aborts', async () => {
    const { tick } = scriptedTick([], [0, 10_000]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const { end } = await driveUntilSettled(tick, {
      deadline: performance.now() + 20_000,
      idleGraceMs: 1_000,
      signal: controller.signal,
    });
    expect(end).toBe('aborted');
  });

  it('returns what the settling answer carries, so nothing more is asked of the isolate', async () => {
    const { tick, calls } = scriptedTick([
      [0, 0],
      [1, -1, { stdout: 'done' }],
    ]);
    const result = await driveUntilSettled(tick, {
      deadline: performance.now() + 5_000,
      idleGraceMs: 100,
    });
    expect(result).toEqual({ end: 'settled', settledWith: { stdout: 'done' } });
    expect(calls).toHaveLength(2);
  });
});
