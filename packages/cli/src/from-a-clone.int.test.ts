import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeBinary } from '../../../scripts/node-binary.mjs';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'cli-from-a-clone-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * The README's from-clone commands, run as a user whose own Node is 20 runs them: with that Node
 * first on PATH (the wrappers bring the project's Node 24 themselves).
 */
function asUserWithNode20(command: string, args: string[]) {
  const npm = execFileSync('which', ['npm'], { encoding: 'utf8' }).trim();
  const path = [dirname(nodeBinary(20)), dirname(npm), '/usr/bin', '/bin'].join(delimiter);
  return spawnSync(command, args, {
    cwd: repositoryRoot,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, PATH: path },
  });
}

describe('the CLI from a clone, before the packages are on the registry', () => {
  it('npm run code-interpreter -- run FILE works with the machine Node 20 first on PATH', () => {
    const file = join(folder, 'answer.js');
    writeFileSync(file, 'console.log(6 * 7)');
    const run = asUserWithNode20('npm', ['run', '-s', 'code-interpreter', '--', 'run', file]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('42\n');
    expect(run.status).toBe(0);
  }, 300_000);

  it('pnpm exec code-interpreter works at the workspace root', () => {
    const file = join(folder, 'answer.py');
    writeFileSync(file, 'print(6 * 7)');
    const run = spawnSync('pnpm', ['exec', 'code-interpreter', 'run', file], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stdout).toBe('42\n');
    expect(run.status).toBe(0);
  }, 300_000);
});
