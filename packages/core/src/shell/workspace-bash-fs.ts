import { posix } from 'node:path';
import {
  type BufferEncoding,
  type ByteString,
  type CpOptions,
  type FileContent,
  type FsStat,
  type IFileSystem,
  type MkdirOptions,
  type RmOptions,
  unsafeBytesFromLatin1,
} from 'just-bash';
import { WorkspaceError } from '../errors/workspace-error';
import { workspaceMount } from '../workspace/sandbox-path';
import type { WorkspaceFileSystem } from '../workspace/workspace-file-system';
import { decodeBytes, encodeContent } from './shell-encoding';

/**
 * just-bash's file system interface over one workspace, mounted at `/workspace` (just-bash's
 * `MountableFs` hands it paths below the mount point: `/` is `/workspace`). Every operation goes
 * through {@link WorkspaceFileSystem}, so the shell gets what programs get: paths confined to the
 * workspace, no links followed or made, quotas, and POSIX-coded errors naming sandbox paths
 * (`ENOENT: no such file or directory, open '/workspace/x'`), which just-bash's commands print.
 */
export class WorkspaceBashFs implements IFileSystem {
  constructor(private readonly files: WorkspaceFileSystem) {}

  async readFile(path: string, options?: ReadFileOptions | BufferEncoding): Promise<string> {
    return decodeBytes(this.files.readFile(this.at(path)), encodingOf(options));
  }

  async readFileBytes(path: string): Promise<ByteString> {
    return unsafeBytesFromLatin1(decodeBytes(this.files.readFile(this.at(path)), 'latin1'));
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    return this.files.readFile(this.at(path));
  }

  async writeFile(
    path: string,
    content: FileContent,
    options?: WriteFileOptions | BufferEncoding,
  ): Promise<void> {
    this.files.writeFile(this.at(path), encodeContent(content, encodingOf(options)));
  }

  async appendFile(
    path: string,
    content: FileContent,
    options?: WriteFileOptions | BufferEncoding,
  ): Promise<void> {
    this.files.writeFile(this.at(path), encodeContent(content, encodingOf(options)), {
      append: true,
    });
  }

  async exists(path: string): Promise<boolean> {
    return this.files.exists(this.at(path));
  }

  async stat(path: string): Promise<FsStat> {
    const stat = this.files.stat(this.at(path));
    return {
      isFile: stat.type === 'file',
      isDirectory: stat.type === 'directory',
      isSymbolicLink: false,
      mode: stat.mode,
      size: stat.size,
      mtime: new Date(stat.mtimeMs),
      ino: stat.ino,
    };
  }

  /** The workspace holds no links: `lstat` is `stat`. */
  lstat(path: string): Promise<FsStat> {
    return this.stat(path);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    this.files.mkdir(this.at(path), options?.recursive === true);
  }

  async readdir(path: string): Promise<string[]> {
    return this.files.readdir(this.at(path)).map((entry) => entry.name);
  }

  async readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    return this.files.readdir(this.at(path)).map((entry) => ({
      name: entry.name,
      isFile: entry.type === 'file',
      isDirectory: entry.type === 'directory',
      isSymbolicLink: false,
    }));
  }

  async rm(path: string, options?: RmOptions): Promise<void> {
    this.files.rm(this.at(path), {
      recursive: options?.recursive === true,
      force: options?.force === true,
    });
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    this.copy(this.at(src), this.at(dest), options?.recursive === true);
  }

  async mv(src: string, dest: string): Promise<void> {
    this.files.rename(this.at(src), this.at(dest));
  }

  resolvePath(base: string, path: string): string {
    return posix.resolve(base, path);
  }

  /** Globs walk folders with `readdir` instead (a listing of everything could be huge). */
  getAllPaths(): string[] {
    return [];
  }

  /** Modes are not kept in the workspace: `chmod` succeeds on an existing entry and changes nothing. */
  async chmod(path: string, _mode: number): Promise<void> {
    this.files.stat(this.at(path));
  }

  async symlink(_target: string, linkPath: string): Promise<void> {
    throw refused('symlink', this.at(linkPath), 'symbolic links cannot be made in the workspace');
  }

  async link(_existingPath: string, newPath: string): Promise<void> {
    throw refused('link', this.at(newPath), 'hard links cannot be made in the workspace');
  }

  async readlink(path: string): Promise<string> {
    const target = this.at(path);
    this.files.stat(target);
    throw new WorkspaceError({
      code: 'EINVAL',
      syscall: 'readlink',
      path: target,
      detail: 'invalid argument (not a symbolic link)',
    });
  }

  async realpath(path: string): Promise<string> {
    return this.files.realpath(this.at(path));
  }

  async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    this.files.utimes(this.at(path), atime.getTime(), mtime.getTime());
  }

  /** The sandbox path of a path below the mount point. */
  private at(path: string): string {
    const inside = posix.normalize(`/${path}`);
    return inside === '/' ? workspaceMount : `${workspaceMount}${inside}`;
  }

  private copy(from: string, to: string, recursive: boolean): void {
    const source = this.files.stat(from);
    if (source.type === 'file') {
      this.files.copyFile(from, to);
      return;
    }
    if (!recursive) {
      throw new WorkspaceError({
        code: 'EISDIR',
        syscall: 'cp',
        path: from,
        detail: 'is a directory (copy it with -r)',
      });
    }
    if (to === from || to.startsWith(`${from}/`)) {
      throw new WorkspaceError({
        code: 'EINVAL',
        syscall: 'cp',
        path: to,
        detail: 'a folder cannot be copied into itself',
      });
    }
    this.files.mkdir(to, true);
    for (const entry of this.files.readdir(from)) {
      this.copy(`${from}/${entry.name}`, `${to}/${entry.name}`, true);
    }
  }
}

type ReadFileOptions = Exclude<Parameters<IFileSystem['readFile']>[1], string | undefined>;
type WriteFileOptions = Exclude<Parameters<IFileSystem['writeFile']>[2], string | undefined>;
type DirentEntry = Awaited<ReturnType<NonNullable<IFileSystem['readdirWithFileTypes']>>>[number];

function encodingOf(options: ReadFileOptions | WriteFileOptions | string | undefined) {
  if (typeof options === 'string') return options;
  return options?.encoding ?? undefined;
}

/**
 * A refused link. Its message leads with what happened, not the code: just-bash's `ln` reads an
 * `EPERM` message as "hard link not allowed for directory".
 */
function refused(syscall: string, path: string, detail: string): Error {
  return Object.assign(new Error(`${detail} (operation not permitted), ${syscall} '${path}'`), {
    code: 'EPERM',
    syscall,
    path,
  });
}
