import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { socketBufferAttack } from '../../../../test/hostile-programs.mjs';
import { createCodeInterpreter } from '../../../interpreter/create-code-interpreter';
import { cgroupParents, detectCgroupSupport } from './cgroup-support';

// The per-box cgroups seen through the public API: made in the worker process, gone after
// interpreter.close(). Where the host has no cgroups, no folder may appear at all.

/** Every box cgroup folder on this host (`<parent>/<pid>-<n>`), with the pid that made it. */
function boxCgroups(): { folder: string; owner: number }[] {
  const support = detectCgroupSupport();
  if (!support) return [];
  return cgroupParents(support).flatMap((parent) => {
    try {
      return readdirSync(parent)
        .map((name) => ({
          folder: join(parent, name),
          owner: Number(/^(\d+)-\d+$/.exec(name)?.[1]),
        }))
        .filter((entry) => entry.owner > 0);
    } catch {
      return [];
    }
  });
}

describe('native Python boxes’ cgroups through the interpreter', () => {
  it('stops the socket buffer attack with MemoryLimitError and leaves no cgroup after close()', async () => {
    const before = new Set(boxCgroups().map((entry) => entry.folder));
    const interpreter = createCodeInterpreter({
      languages: ['python'],
      python: 'native',
      workers: 1,
      warmSandboxes: { python: 1 },
    });
    let during: { folder: string; owner: number }[] = [];
    try {
      const session = interpreter.createSession();
      await session.run({ language: 'python', code: 'x = 1' });
      during = boxCgroups().filter((entry) => !before.has(entry.folder));
      const attack = await interpreter.run({
        language: 'python',
        memoryLimit: 64,
        timeout: 8000,
        code: socketBufferAttack(8),
      });
      expect(attack).toMatchObject({
        success: false,
        timedOut: false,
        errorInfo: { name: 'MemoryLimitError' },
      });
      expect((await session.run({ language: 'python', code: 'x + 1' })).value).toBe('2');
    } finally {
      await interpreter.close();
    }
    const support = detectCgroupSupport();
    if (support) {
      // The session's box at least (sessions have worker processes of their own, without warm
      // boxes), with a folder per hierarchy.
      expect(during.length).toBeGreaterThanOrEqual(support.version === 1 ? 2 : 1);
    } else {
      expect(during).toEqual([]);
    }
    const left = boxCgroups().filter(
      (entry) => !before.has(entry.folder) && !existsSync(`/proc/${entry.owner}`),
    );
    expect(left).toEqual([]);
    for (const { folder } of during) expect(existsSync(folder), folder).toBe(false);
  });
});
