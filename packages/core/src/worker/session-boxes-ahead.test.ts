import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../runtimes/sandbox-runtime';
import { SessionBoxesAhead } from './session-boxes-ahead';

/** Boots that finish (or fail) when the test says so; each sandbox records its disposal. */
function scriptedBoots() {
  const boots: Array<{
    finish: () => void;
    fail: (error: Error) => void;
    sandbox: Sandbox & { disposed: boolean };
  }> = [];
  const boot = () =>
    new Promise<Sandbox>((resolve, reject) => {
      const sandbox = {
        disposed: false,
        run: () => Promise.reject(new Error('no program runs in these tests')),
        dispose: async () => {
          sandbox.disposed = true;
        },
      };
      boots.push({ finish: () => resolve(sandbox), fail: reject, sandbox });
    });
  return { boot, boots };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SessionBoxesAhead', () => {
  it('boots nothing for a session after a pause, and up to its depth for one in a burst', () => {
    const { boot, boots } = scriptedBoots();
    const ahead = new SessionBoxesAhead(boot, { burstWindowMs: 1000, depthInBurst: 2 });
    ahead.sessionStarted(0);
    expect(boots).toHaveLength(0);
    ahead.sessionStarted(5000); // after a pause
    expect(boots).toHaveLength(0);
    ahead.sessionStarted(5400); // 400 ms later: a burst
    expect(boots).toHaveLength(2);
    expect(ahead.size).toBe(2);
    ahead.sessionStarted(5500);
    expect(boots).toHaveLength(2); // already at depth
  });

  it('hands out the oldest box first and tops the queue up at the next start in the burst', async () => {
    const { boot, boots } = scriptedBoots();
    const ahead = new SessionBoxesAhead(boot, { depthInBurst: 2 });
    ahead.sessionStarted(0);
    ahead.sessionStarted(10);
    for (const entry of boots) entry.finish();
    expect(await ahead.take()).toBe(boots[0]?.sandbox);
    expect(ahead.size).toBe(1);
    ahead.sessionStarted(20);
    expect(boots).toHaveLength(3);
    expect(await ahead.take()).toBe(boots[1]?.sandbox);
  });

  it('drops a box whose boot failed, so no session is handed it', async () => {
    const { boot, boots } = scriptedBoots();
    const ahead = new SessionBoxesAhead(boot, { depthInBurst: 2 });
    ahead.sessionStarted(0);
    ahead.sessionStarted(10);
    boots[0]?.fail(new Error('fork failed'));
    await settle();
    expect(ahead.size).toBe(1);
    boots[1]?.finish();
    expect(await ahead.take()).toBe(boots[1]?.sandbox);
    expect(ahead.take()).toBeUndefined();
  });

  it('hands out the oldest box whose boot finished when asked for a ready one', async () => {
    const { boot, boots } = scriptedBoots();
    const ahead = new SessionBoxesAhead(boot, { depthInBurst: 3 });
    ahead.sessionStarted(0);
    ahead.sessionStarted(10);
    expect(boots).toHaveLength(3);
    expect(ahead.takeReady()).toBeUndefined(); // all still booting: none taken
    expect(ahead.size).toBe(3);
    boots[2]?.finish();
    boots[1]?.finish();
    await settle();
    expect(await ahead.takeReady()).toBe(boots[1]?.sandbox);
    expect(await ahead.takeReady()).toBe(boots[2]?.sandbox);
    expect(ahead.takeReady()).toBeUndefined();
    boots[0]?.finish();
    expect(await ahead.take()).toBe(boots[0]?.sandbox);
  });

  it('disposes every box it holds, booted or still booting; once closing, boots no more', async () => {
    const { boot, boots } = scriptedBoots();
    const ahead = new SessionBoxesAhead(boot, { depthInBurst: 2 });
    ahead.sessionStarted(0);
    ahead.sessionStarted(10);
    boots[0]?.finish();
    const disposed = ahead.dispose(true);
    boots[1]?.finish();
    await disposed;
    expect(boots.map((entry) => entry.sandbox.disposed)).toEqual([true, true]);
    expect(ahead.size).toBe(0);
    ahead.sessionStarted(20);
    ahead.sessionStarted(30);
    expect(boots).toHaveLength(2);
  });
});
