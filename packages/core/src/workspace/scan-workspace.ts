import { type BigIntStats, type Dir, lstatSync, opendirSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceMount } from './sandbox-path';

/** What a workspace holds now. */
export interface WorkspaceUsage {
  /** Bytes of all regular files. */
  bytes: number;
  /** Files and folders (the workspace's own folder not counted). */
  entries: number;
  /** Levels of the deepest entry below the workspace (0 when empty). */
  depth: number;
}

/** One regular file as a scan saw it. */
export interface ScannedFile {
  size: number;
  /** Modification and status-change times (ns): a rewrite of the same size still changes them. */
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
}

/** Regular files by sandbox path (`/workspace/...`), as one scan saw them. */
export interface WorkspaceScan {
  files: Map<string, ScannedFile>;
  /** True when the scan stopped at `maxEntries` (a program made far more entries than allowed). */
  incomplete: boolean;
  usage: WorkspaceUsage;
}

/** Walks a workspace folder without following links; stops after `maxEntries` entries. */
export function scanWorkspace(root: string, maxEntries = Number.POSITIVE_INFINITY): WorkspaceScan {
  const files = new Map<string, ScannedFile>();
  const usage: WorkspaceUsage = { bytes: 0, entries: 0, depth: 0 };
  let incomplete = false;
  const walk = (folder: string, sandboxFolder: string, depth: number) => {
    // Read a few entries at a time: a folder holding a million names is never read whole.
    let dir: Dir;
    try {
      dir = opendirSync(folder, { bufferSize: 64 });
    } catch {
      return;
    }
    try {
      for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
        if (usage.entries >= maxEntries) {
          incomplete = true;
          return;
        }
        visit(folder, sandboxFolder, depth, entry.name);
      }
    } finally {
      dir.closeSync();
    }
  };
  const visit = (folder: string, sandboxFolder: string, depth: number, name: string) => {
    const real = join(folder, name);
    const sandboxPath = `${sandboxFolder}/${name}`;
    let stats: BigIntStats;
    try {
      stats = lstatSync(real, { bigint: true });
    } catch {
      return;
    }
    usage.entries += 1;
    usage.depth = Math.max(usage.depth, depth);
    if (stats.isDirectory()) {
      walk(real, sandboxPath, depth + 1);
    } else if (stats.isFile()) {
      usage.bytes += Number(stats.size);
      files.set(sandboxPath, {
        size: Number(stats.size),
        mtimeNs: stats.mtimeNs,
        ctimeNs: stats.ctimeNs,
        ino: stats.ino,
      });
    }
  };
  walk(root, workspaceMount, 1);
  return { files, incomplete, usage };
}

/** Bytes, entries and depth of a workspace folder. */
export function measureWorkspace(root: string): WorkspaceUsage {
  return scanWorkspace(root).usage;
}
