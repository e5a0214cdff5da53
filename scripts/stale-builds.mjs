// Which packages' builds are older than their sources: tests load dist/, so a test run on a stale
// build would test old code. Used by run-tests.mjs (which builds first) and by Vitest's global
// setup (which refuses to run on a stale build).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The newest modification time under `folder`, test files left out. */
function newestSource(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!/\.test(-d)?\.ts$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** The oldest file of a build folder, or 0 when there is none. */
function oldestBuilt(folder) {
  if (!existsSync(folder)) return 0;
  const times = readdirSync(folder)
    .filter((name) => name.endsWith('.js'))
    .map((name) => statSync(join(folder, name)).mtimeMs);
  return times.length > 0 ? Math.min(...times) : 0;
}

/** Names of the packages (packages/<name>) whose dist/ is missing or older than their src/. */
export function staleBuilds() {
  return readdirSync(join(root, 'packages')).filter((name) => {
    const folder = join(root, 'packages', name);
    return oldestBuilt(join(folder, 'dist')) < newestSource(join(folder, 'src'));
  });
}
