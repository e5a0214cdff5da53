import { type Dir, lchownSync, lstatSync, opendirSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedWorkspaceLimits } from '../../../workspace/workspace-limits';

/** Which workspace limit a program went past while it ran. */
export type WorkspaceOverLimit = 'workspace-files' | 'workspace-bytes';

/**
 * Visits the entries below `root` without following links, reading each folder a few entries at
 * a time (a folder of a million names is never read whole), until `visit` returns false.
 * Returns false when it stopped early.
 */
function walk(root: string, visit: (path: string, isFile: boolean) => boolean): boolean {
  const folders = [root];
  while (folders.length) {
    const folder = folders.pop() as string;
    let dir: Dir;
    try {
      dir = opendirSync(folder, { bufferSize: 64 });
    } catch {
      continue;
    }
    try {
      for (let entry = dir.readSync(); entry; entry = dir.readSync()) {
        const path = join(folder, entry.name);
        if (!visit(path, entry.isFile())) return false;
        if (entry.isDirectory()) folders.push(path);
      }
    } catch {
      // the folder went away meanwhile
    } finally {
      dir.closeSync();
    }
  }
  return true;
}

/**
 * Checks a workspace folder against its file count and total bytes while a program writes to it
 * directly (native Python's bind mount, where no write passes through the host). Stops counting
 * as soon as a limit is passed, so a program that made a million files costs at most `maxFiles`
 * entries to check.
 */
export function workspaceOverLimit(
  folder: string,
  limits: Pick<ResolvedWorkspaceLimits, 'maxFiles' | 'maxBytes'>,
): WorkspaceOverLimit | undefined {
  let entries = 0;
  let bytes = 0;
  let over: WorkspaceOverLimit | undefined;
  walk(folder, (path, isFile) => {
    entries += 1;
    if (entries > limits.maxFiles) over = 'workspace-files';
    else if (isFile) {
      try {
        bytes += lstatSync(path).size;
      } catch {
        // deleted meanwhile
      }
      if (bytes > limits.maxBytes) over = 'workspace-bytes';
    }
    return over === undefined;
  });
  return over;
}

/**
 * Gives a workspace's own folder to the user a root host's boxes run as (nobody), so that its
 * programs can make files in it. Entries inside are left as they are: changing their owner
 * would change their ctime, which the workspace's diff reads as a change by the program; files
 * the application puts in a workspace are given to the sandboxes' user where they are written
 * (`workerFileOwner`).
 */
export function giveWorkspaceFolderTo(folder: string, uid: number): void {
  try {
    if (lstatSync(folder).uid !== uid) lchownSync(folder, uid, uid);
  } catch {
    // gone meanwhile: the bind reports it
  }
}
