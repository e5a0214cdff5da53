import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  childPids,
  descendantPids,
  parentPid,
  processExists,
  processesMemoryBytes,
  waitUntilGone,
} from './sandbox-process-tree';

describe.runIf(process.platform === 'linux')('sandbox process tree (from /proc)', () => {
  it('finds a process tree two levels deep, and its parent links', async () => {
    const outer = spawn('/bin/sh', ['-c', '/bin/sh -c "sleep 30 & sleep 30 & wait" & wait'], {
      stdio: 'ignore',
    });
    const outerPid = outer.pid as number;
    try {
      let all: number[] = [];
      for (let i = 0; i < 200 && all.length < 3; i++) {
        all = await descendantPids(outerPid);
        if (all.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(all).toHaveLength(3);
      const [inner] = await childPids(outerPid);
      expect(inner).toBe(all[0]);
      const sleeps = await childPids(inner as number);
      expect(sleeps.sort()).toEqual(all.slice(1).sort());
      for (const pid of sleeps) expect(await parentPid(pid)).toBe(inner);
      expect(await parentPid(inner as number)).toBe(outerPid);
      // Resident anonymous memory of real processes: more than nothing, less than a lot.
      const bytes = await processesMemoryBytes(sleeps.slice(0, 1));
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThan(64 * 1024 * 1024);
      // Several processes: proportional shares (smaps_rollup), still within bounds.
      const shared = await processesMemoryBytes(all);
      expect(shared).toBeGreaterThan(0);
      expect(shared).toBeLessThan(3 * 64 * 1024 * 1024);
      for (const pid of all) process.kill(pid, 'SIGKILL');
      await waitUntilGone(all, 5_000);
      for (const pid of all) expect(await processExists(pid)).toBe(false);
    } finally {
      outer.kill('SIGKILL');
    }
  });

  it('answers for processes that are gone (or never were) without throwing', async () => {
    const gone = spawn('/bin/true');
    await new Promise((resolve) => gone.on('exit', resolve));
    const pid = gone.pid as number;
    expect(await childPids(pid)).toEqual([]);
    expect(await descendantPids(pid)).toEqual([]);
    expect(await parentPid(pid)).toBeUndefined();
    expect(await processExists(pid)).toBe(false);
    expect(await processesMemoryBytes([pid])).toBe(0);
    expect(await processesMemoryBytes([pid, pid])).toBe(0);
  });
});
