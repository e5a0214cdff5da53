import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepAbandonedRoots } from './interpreter-workspaces';

describe('sweepAbandonedRoots', () => {
  it('removes the folders of interpreters whose process is gone, and nothing else', () => {
    const base = mkdtempSync(join(tmpdir(), 'sweep-test-'));
    try {
      // A pid far above any pid_max in use: no such process.
      const gone = join(base, 'code-interpreter-99999999-abcDEF');
      const alive = join(base, `code-interpreter-${process.pid}-ghiJKL`);
      const parent = join(base, `code-interpreter-${process.ppid}-mnoPQR`);
      const other = join(base, 'code-interpreter-notapid');
      for (const folder of [gone, alive, parent, other]) mkdirSync(folder);
      writeFileSync(join(gone, 'left.csv'), 'a,b');
      writeFileSync(join(base, 'code-interpreter-99999999-file00'), 'not a folder of ours?');
      sweepAbandonedRoots(base);
      expect(existsSync(gone)).toBe(false);
      expect([alive, parent, other].map(existsSync)).toEqual([true, true, true]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
