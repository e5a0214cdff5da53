import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The Dockerfile, read as text (no Docker engine here to build it): what it copies and starts
 * must exist in the repository after a build, and the image must run as a non-root user.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
/** Instructions, continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const of = (keyword: string) =>
  instructions.filter((line) => line.toUpperCase().startsWith(`${keyword} `));
const runtimeStage = instructions.slice(
  instructions.findLastIndex((line) => line.toUpperCase().startsWith('FROM ')),
);

describe('Dockerfile', () => {
  it('builds on Node 24 and runs on the slim Node 24 image', () => {
    expect(of('FROM').map((line) => line.split(/\s+/)[1])).toEqual([
      'node:24-bookworm',
      'node:24-bookworm-slim',
    ]);
  });

  it('starts the CLI file the build produces, as packages/cli deploys it to /app', () => {
    const [entrypoint] = runtimeStage.filter((line) => line.startsWith('ENTRYPOINT '));
    const command = JSON.parse((entrypoint as string).slice('ENTRYPOINT '.length)) as string[];
    const script = command.find((part) => part.startsWith('/app/')) as string;
    expect(script).toBe('/app/dist/cli.js');
    expect(command.slice(command.indexOf(script) - 1)).toEqual(['node', script]);
    // /app is packages/cli as `pnpm deploy` copies it: its "files" and the file itself.
    const cli = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8'));
    expect(cli.files).toContain('dist');
    expect(existsSync(join(root, 'packages/cli', script.slice('/app/'.length)))).toBe(true);
    expect(dockerfile).toMatch(/pnpm --filter @code-interpreter\/cli deploy --prod .*\/app/);
    expect(JSON.parse((of('CMD')[0] as string).slice(4))).toEqual([
      'host',
      '--nats',
      'nats://nats:4222',
    ]);
  });

  it('copies in the lockfile and installs from it unchanged', () => {
    expect(existsSync(join(root, 'pnpm-lock.yaml'))).toBe(true);
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const needed of ['pnpm-lock.yaml', 'package.json', 'packages', 'pnpm-workspace.yaml'])
      expect(ignored, needed).not.toContain(needed);
    expect(ignored).toContain('**/node_modules');
  });

  it('runs as the non-root user 10001, numeric so Kubernetes can verify it', () => {
    const users = runtimeStage.filter((line) => line.startsWith('USER '));
    expect(users.at(-1)).toBe('USER 10001:10001');
    expect(runtimeStage.join('\n')).toMatch(/useradd --uid 10001/);
  });

  it('installs bubblewrap and the Python packages of the native runtime', () => {
    const install = runtimeStage.find((line) => line.includes('apt-get install')) as string;
    for (const name of [
      'bubblewrap',
      'python3',
      'python3-numpy',
      'python3-pandas',
      'python3-matplotlib',
      'python3-requests',
    ])
      expect(install.split(/\s+/), name).toContain(name);
  });

  it('bakes in no secret', () => {
    for (const line of [...of('ENV'), ...of('ARG')])
      expect(line, line).not.toMatch(/token|secret|password|key/i);
  });
});
