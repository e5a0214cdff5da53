import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { corePackageRoot } from '../src/package-files';

/** The major version a Node binary reports, or undefined when it does not run. */
function majorOf(binary: string): number | undefined {
  const run = spawnSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim().split('.')[0]) : undefined;
}

/**
 * A Node binary of major version `major` for tests that must run code under another Node: one on
 * PATH when it has that version (machines with an older system Node have one), else `node@major`
 * installed from the npm registry into the workspace's `.tools/node-<major>/` (once; the registry
 * is reachable wherever the workspace could be installed).
 */
export function nodeBinary(major: number): string {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, 'node');
    if (existsSync(candidate) && majorOf(candidate) === major) return candidate;
  }
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (existsSync(candidate) && majorOf(candidate) === major) return candidate;
  }
  const prefix = join(corePackageRoot(), '..', '..', '.tools', `node-${major}`);
  const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{"private":true}');
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `node@${major}`,
      ],
      { stdio: 'ignore', timeout: 300_000 },
    );
  }
  if (majorOf(binary) !== major) throw new Error(`Could not get Node ${major} at ${binary}.`);
  return binary;
}
