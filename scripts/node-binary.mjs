// A Node binary of a given major version, for running code under another Node than the one that
// runs the tests (the suite runs its contract under Node 22, 24 and 26).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The major version a Node binary reports, or undefined when it does not run. */
function majorOf(binary) {
  const run = spawnSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim().split('.')[0]) : undefined;
}

/**
 * A Node binary of major version `major`: one on PATH (or /usr/bin, /usr/local/bin) with that
 * version, else `node@major` installed from the npm registry into `.tools/node-<major>/` (once;
 * the registry is reachable wherever the workspace could be installed).
 */
export function nodeBinary(major) {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  for (const folder of folders) {
    const candidate = join(folder, 'node');
    if (existsSync(candidate) && majorOf(candidate) === major) return candidate;
  }
  const prefix = join(root, '.tools', `node-${major}`);
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
