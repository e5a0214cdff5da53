import { describe, expect, it } from 'vitest';
import { createPerformance, restartPerformanceClock } from './performance';
import { createFakeClock, createGlobalsRealm } from './test-realm';

describe('performance', () => {
  it('counts from the install moment on the host clock and reports timeOrigin', async () => {
    const clock = createFakeClock(5000);
    const realm = await createGlobalsRealm({ now: clock.now });
    expect(realm.run('performance.now()')).toBe(0);
    clock.advance(12.5);
    expect(realm.run('performance.now()')).toBe(12.5);
    expect(realm.run('[performance.timeOrigin, JSON.stringify(performance)]')).toEqual([
      1_700_000_000_000,
      '{"timeOrigin":1700000000000}',
    ]);
  });
});

describe('restartPerformanceClock', () => {
  it('makes a performance object built ahead (in a heap snapshot) count from its restart', () => {
    let hostNow = 100;
    const performance = createPerformance(() => hostNow, 0);
    hostNow = 250;
    restartPerformanceClock(performance, 1_700_000_000_000);
    expect(performance.now()).toBe(0);
    hostNow = 260.5;
    expect(performance.now()).toBe(10.5);
    expect(performance.timeOrigin).toBe(1_700_000_000_000);
  });
});
