import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A new folder in the host's temporary folder, named `<prefix><pid>-XXXXXX` after this process,
 * so that {@link removeStaleTempFolders} can tell it was left by a process that is gone.
 */
export function makeOwnTempFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
}

/**
 * Removes the folders `<prefix><pid>-…` of the host's temporary folder whose process is gone: a
 * worker killed before it closed its runtime (its boxes die with it) leaves them behind.
 */
export function removeStaleTempFolders(prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const owner = /^(\d+)-/.exec(name.slice(prefix.length))?.[1];
    if (!owner || existsSync(`/proc/${owner}`)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // another process's, or going meanwhile
    }
  }
}
