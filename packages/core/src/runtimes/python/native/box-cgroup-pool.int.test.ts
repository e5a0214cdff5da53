import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BoxCgroupPool } from './box-cgroup-pool';
import { detectCgroupSupport } from './cgroup-support';
import type { SandboxCgroup } from './sandbox-cgroup';

// The pool on this host's real cgroups (root here; CI runs as root). A host without writable
// cgroups has nothing to pool: the native runtime then makes no pool (see the kernel memory
// test, which checks which enforcement this host gets).
const support = detectCgroupSupport();
const mib = 1024 * 1024;
const limits = { memoryBytes: 64 * mib, maxTasks: 8 };

const started: ChildProcess[] = [];
const pools: BoxCgroupPool[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function newPool(options?: ConstructorParameters<typeof BoxCgroupPool>[2]): BoxCgroupPool {
  if (!support) throw new Error('no writable cgroups on this host');
  const pool = new BoxCgroupPool(support, String(process.pid), options);
  pools.push(pool);
  return pool;
}

/** A process moved into `cgroup`, running `code` (Node), as a box's would be. */
async function startIn(cgroup: SandboxCgroup, code: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  started.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  await cgroup.adopt([child.pid as number]);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** The pids in the cgroup (each hierarchy of cgroup v1 lists them). */
const tasks = (cgroup: SandboxCgroup) => [
  ...new Set(
    cgroup.folders.flatMap((folder) =>
      readFileSync(join(folder, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean),
    ),
  ),
];

describe('BoxCgroupPool on this host’s cgroups', () => {
  it('exists where the tests run as root', () => {
    if (process.getuid?.() === 0) expect(support).toBeDefined();
  });

  describe.runIf(support)('with writable cgroups', () => {
    it('kills an ended box’s processes, keeps its cgroup, and hands it to the next box with the same limits', async () => {
      const pool = newPool();
      const first = await pool.take(limits);
      const memoryFile = join(first.folders[0] as string, 'memory.limit_in_bytes');
      if (existsSync(memoryFile))
        expect(readFileSync(memoryFile, 'utf8').trim()).toBe(String(64 * mib));
      const child = await startIn(first, 'setInterval(() => {}, 1000)');
      expect(tasks(first)).toEqual([String(child.pid)]);
      await first.remove();
      await exited(child);
      expect(child.signalCode).toBe('SIGKILL');
      expect(pool.idleCount).toBe(1);
      for (const folder of first.folders) expect(existsSync(folder)).toBe(true);

      const second = await pool.take(limits);
      expect(second).toBe(first);
      expect(tasks(second)).toEqual([]);
      // Other limits: a cgroup of their own.
      const other = await pool.take({ memoryBytes: 96 * mib, maxTasks: 8 });
      expect(other.folders).not.toEqual(first.folders);
      await Promise.all([second.remove(), other.remove()]);
      expect(pool.idleCount).toBe(2);
      await pool.close();
      for (const folder of [...first.folders, ...other.folders])
        expect(existsSync(folder)).toBe(false);
    });

    it('does not tell the next box that the memory limit was hit because an earlier box hit it', async () => {
      const pool = newPool();
      const cgroup = await pool.take(limits);
      const hog = await startIn(
        cgroup,
        'const kept = []; for (;;) kept.push(Buffer.alloc(8 * 1024 * 1024, 1));',
      );
      await exited(hog);
      expect(hog.signalCode).toBe('SIGKILL');
      expect(cgroup.memoryLimitHit()).toBe(true);
      // The kernel frees the killed process's memory a moment after it exits; a cgroup still
      // charged more than the pool's bound is removed, not kept (the next test), so wait for it.
      await expect.poll(() => cgroup.memoryUsageBytes(), { timeout: 10_000 }).toBeLessThan(mib);
      await cgroup.remove();
      // What the ended box's outcome reads stays true after its cgroup went back to the pool.
      expect(cgroup.memoryLimitHit()).toBe(true);
      expect(pool.idleCount).toBe(1);

      const next = await pool.take(limits);
      expect(next).toBe(cgroup);
      expect(next.memoryLimitHit()).toBe(false);
      const quiet = await startIn(next, 'setTimeout(() => {}, 50)');
      await exited(quiet);
      expect(quiet.exitCode).toBe(0);
      expect(next.memoryLimitHit()).toBe(false);
    });

    it('removes an ended box’s cgroup when more than the leftover bound is still charged, or the pool is full', async () => {
      const strict = newPool({ maxLeftoverBytes: -1 });
      const charged = await strict.take(limits);
      await charged.remove();
      expect(strict.idleCount).toBe(0);
      for (const folder of charged.folders) expect(existsSync(folder)).toBe(false);

      const small = newPool({ maxIdle: 1 });
      const [a, b] = await Promise.all([small.take(limits), small.take(limits)]);
      await a.remove();
      await b.remove();
      expect(small.idleCount).toBe(1);
      for (const folder of b.folders) expect(existsSync(folder)).toBe(false);
    });

    it('removes, not keeps, what ends after the pool closed', async () => {
      const pool = newPool();
      const cgroup = await pool.take(limits);
      await pool.close();
      await cgroup.remove();
      expect(pool.idleCount).toBe(0);
      for (const folder of cgroup.folders) expect(existsSync(folder)).toBe(false);
    });
  });
});
