import { describe, expect, it } from 'vitest';
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
