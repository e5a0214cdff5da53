import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeOwnTempFolder, removeStaleTempFolders } from './stale-temp-folders';

const prefix = `code-interpreter-stale-test-${process.pid}-`;
const made: string[] = [];
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** The pid of a process that has ended (and was reaped). */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

function folder(name: string, withFile = false): string {
  const path = join(tmpdir(), name);
  mkdirSync(join(path, 'inside'), { recursive: true });
  if (withFile) writeFileSync(join(path, 'inside', 'file.json'), '{}');
  made.push(path);
  return path;
}

describe('stale temporary folders', () => {
  it('names a folder after this process, and keeps it while this process lives', () => {
    const own = makeOwnTempFolder(prefix);
    made.push(own);
    expect(basename(own).startsWith(`${prefix}${process.pid}-`)).toBe(true);
    removeStaleTempFolders(prefix);
    expect(existsSync(own)).toBe(true);
  });

  it('removes, with what they hold, the folders of processes that are gone, and nothing else', () => {
    const gone = folder(`${prefix}${endedPid()}-abc123`, true);
    const alive = folder(`${prefix}${process.pid}-def456`);
    const unnamed = folder(`${prefix}no-pid-here`);
    const other = folder(`code-interpreter-other-test-${endedPid()}-ghi789`);
    removeStaleTempFolders(prefix);
    expect(existsSync(gone)).toBe(false);
    expect([alive, unnamed, other].map(existsSync)).toEqual([true, true, true]);
  });
});
