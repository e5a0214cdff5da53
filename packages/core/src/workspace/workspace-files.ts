import { WorkspaceError } from '../errors/workspace-error';
import { mediaTypeOf } from './media-type';
import { resolveSandboxPath, workspaceMount } from './sandbox-path';
import type { WorkspaceFileSystem } from './workspace-file-system';

/** A file or folder of a workspace, as `session.files` reports it. */
export interface WorkspaceEntry {
  /** Its path as programs see it, e.g. `/workspace/data/sales.csv`. */
  path: string;
  type: 'file' | 'directory';
  /** Bytes of a file; 0 for a folder. */
  size: number;
  /** Last modification, in ms since the epoch. */
  mtimeMs: number;
  /** IANA media type guessed from a file's name (files only). */
  mediaType?: string;
}

/** What `files.write` accepts: text (written as UTF-8) or bytes. */
export type WorkspaceFileData = string | Uint8Array | ArrayBuffer;

/**
 * A session's files, seen from the application: the same tree the session's programs see at
 * `/workspace`, in every language. Paths are relative to `/workspace` or absolute under it.
 * Refusals throw `WorkspaceError` (with a POSIX `code`: `ENOENT`, `EFBIG`, `ENOSPC`, `EACCES`...).
 */
export interface WorkspaceFiles {
  /** Writes a whole file, making missing parent folders; refused whole if over a limit. */
  write(path: string, data: WorkspaceFileData): Promise<WorkspaceEntry>;
  /** The bytes of a file. */
  read(path: string): Promise<Uint8Array>;
  /** The text of a file, decoded as UTF-8. */
  readText(path: string): Promise<string>;
  /** The entries of a folder (the workspace by default), in name order; all levels with `recursive`. */
  list(path?: string, options?: { recursive?: boolean }): Promise<WorkspaceEntry[]>;
  /** One entry; throws `WorkspaceError` `ENOENT` when there is none. */
  stat(path: string): Promise<WorkspaceEntry>;
  /** True when a file or folder is there. */
  exists(path: string): Promise<boolean>;
  /** Removes a file, or a folder with `recursive`; with `force`, a missing path is no error. */
  remove(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  /** Makes a folder and its missing parents. */
  mkdir(path: string): Promise<void>;
  /** Moves or renames a file or folder (replacing a file at the destination). */
  rename(from: string, to: string): Promise<void>;
}

/**
 * The application's view of one workspace. `open()` gives its file system, or throws when the
 * session is closed; it decides when the usage must be measured afresh (programs write too).
 */
export function createWorkspaceFiles(open: () => WorkspaceFileSystem): WorkspaceFiles {
  const use = open;
  const entry = (files: WorkspaceFileSystem, path: string): WorkspaceEntry => {
    const stats = files.stat(path);
    // stat checked the path; its sandbox form is only normalised (no links exist to resolve).
    const absolute = resolveSandboxPath(path, 'stat', files.limits.maxDepth).path;
    return stats.type === 'file'
      ? {
          path: absolute,
          type: 'file',
          size: stats.size,
          mtimeMs: stats.mtimeMs,
          mediaType: mediaTypeOf(absolute),
        }
      : { path: absolute, type: 'directory', size: 0, mtimeMs: stats.mtimeMs };
  };
  const list = (
    files: WorkspaceFileSystem,
    folder: string,
    recursive: boolean,
  ): WorkspaceEntry[] => {
    const absolute = resolveSandboxPath(folder, 'scandir', files.limits.maxDepth).path;
    const entries: WorkspaceEntry[] = [];
    for (const child of files.readdir(absolute)) {
      const path =
        absolute === workspaceMount
          ? `${workspaceMount}/${child.name}`
          : `${absolute}/${child.name}`;
      entries.push(entry(files, path));
      if (recursive && child.type === 'directory') entries.push(...list(files, path, true));
    }
    return entries;
  };
  return {
    async write(path, data) {
      const files = use();
      return entry(files, writeWorkspaceFile(files, path, data));
    },
    async read(path) {
      return use().readFile(path);
    },
    async readText(path) {
      return new TextDecoder().decode(use().readFile(path));
    },
    async list(path = workspaceMount, options = {}) {
      return list(use(), path, options.recursive === true);
    },
    async stat(path) {
      return entry(use(), path);
    },
    async exists(path) {
      return use().exists(path);
    },
    async remove(path, options = {}) {
      use().rm(path, { recursive: options.recursive === true, force: options.force === true });
    },
    async mkdir(path) {
      use().mkdir(path, true);
    },
    async rename(from, to) {
      use().rename(from, to);
    },
  };
}

/**
 * Writes a whole file (text as UTF-8), making its missing parent folders; refused whole when over
 * a limit. Returns its sandbox path. What `files.write` and `RunOptions.files` do.
 */
export function writeWorkspaceFile(
  files: WorkspaceFileSystem,
  path: string,
  data: WorkspaceFileData,
): string {
  const bytes = toBytes(data);
  const target = resolveSandboxPath(path, 'open', files.limits.maxDepth);
  if (target.segments.length > 1) {
    files.mkdir(`${workspaceMount}/${target.segments.slice(0, -1).join('/')}`, true);
  }
  files.writeFile(target.path, bytes);
  return target.path;
}

function toBytes(data: WorkspaceFileData): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new WorkspaceError({
    code: 'EINVAL',
    syscall: 'write',
    detail: `file data must be a string, a Uint8Array or an ArrayBuffer, got ${data === null ? 'null' : typeof data}`,
  });
}
