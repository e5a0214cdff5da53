import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

/**
 * A user who installs the packed core with pnpm (its default layout: each package's dependencies
 * are links in node_modules/.pnpm/<package>/node_modules) and runs code in workers confined by
 * bubblewrap: the worker must find isolated-vm and Pyodide through those links. (With the links'
 * folder not visible in the box, every run failed with "Cannot find module 'isolated-vm'".)
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'pnpm-install-test-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

it('runs TypeScript and Python in bubblewrap-confined workers from a pnpm install of the packed core', () => {
  execFileSync('pnpm', ['pack', '--pack-destination', project], {
    cwd: join(root, 'packages', 'core'),
    stdio: 'ignore',
  });
  const [tarball] = readdirSync(project).filter((file) => file.endsWith('.tgz'));
  writeFileSync(
    join(project, 'package.json'),
    '{ "name": "user-project", "private": true, "type": "module" }',
  );
  execFileSync('pnpm', ['add', `./${tarball}`, '--prefer-offline'], {
    cwd: project,
    stdio: 'ignore',
  });
  writeFileSync(
    join(project, 'run.mjs'),
    `import { createCodeInterpreter } from '@code-interpreter/core';
const interpreter = createCodeInterpreter({ workerIsolation: 'bubblewrap', workers: 1 });
const ts = await interpreter.run({ language: 'typescript', code: 'const x: number = 6 * 7; x' });
const py = await interpreter.run({ language: 'python', code: 'print(6 * 7)' });
console.log(JSON.stringify([ts.value, ts.error, py.stdout, py.error]));
await interpreter.close();`,
  );
  const output = execFileSync(process.execPath, ['run.mjs'], {
    cwd: project,
    encoding: 'utf8',
    timeout: 150_000,
  });
  expect(JSON.parse(output.trim().split('\n').at(-1) ?? '')).toEqual(['42', null, '42\n', null]);
}, 240_000);
