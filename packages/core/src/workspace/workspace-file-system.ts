import {
  chownSync,
  closeSync,
  constants,
  copyFileSync,
  fstatSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmdirSync,
  type Stats,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { WorkspaceError, type WorkspaceErrorCode } from '../errors/workspace-error';
import { checkNewName, resolveSandboxPath, type SandboxPath } from './sandbox-path';
import { measureWorkspace, type WorkspaceUsage } from './scan-workspace';
import type { ResolvedWorkspaceLimits } from './workspace-limits';

/** What `stat` tells about a workspace entry (the fields Node's `fs.Stats` and Python's `os.stat` need). */
export interface WorkspaceStat {
  type: 'file' | 'directory';
  size: number;
  /** File type and permission bits, as `st_mode`. */
  mode: number;
  ino: number;
  nlink: number;
  blksize: number;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
}

/** One entry of a folder listing. */
export interface WorkspaceDirent {
  name: string;
  type: 'file' | 'directory';
}

interface OpenFile {
  realFd: number;
  path: string;
  append: boolean;
  writable: boolean;
  /** The offset that reads and writes without a position use and advance. */
  position: number;
}

/**
 * The next descriptor number, shared by every instance in the process: a descriptor one
 * workspace gave out is never valid in another (a sandbox holding a stale one gets `EBADF`,
 * never another workspace's file).
 */
let nextDescriptor = 3;

/** Most files a workspace's programs may hold open at once. */
const maxOpenFiles = 256;
/** Most bytes one read call returns (a program reading more loops, as with a real file). */
const maxReadBytes = 16 * 1024 * 1024;
/** Open flags a sandbox may pass; anything else is dropped. */
const allowedFlags =
  constants.O_WRONLY |
  constants.O_RDWR |
  constants.O_CREAT |
  constants.O_EXCL |
  constants.O_TRUNC |
  constants.O_APPEND |
  constants.O_DIRECTORY;

const nodeCodes: Record<string, [WorkspaceErrorCode, string]> = {
  ENOENT: ['ENOENT', 'no such file or directory'],
  EEXIST: ['EEXIST', 'file already exists'],
  ENOTDIR: ['ENOTDIR', 'not a directory'],
  EISDIR: ['EISDIR', 'illegal operation on a directory'],
  ENOTEMPTY: ['ENOTEMPTY', 'directory not empty'],
  EFBIG: ['EFBIG', 'file too large'],
  ENOSPC: ['ENOSPC', 'no space left in the workspace'],
  ELOOP: ['ELOOP', 'symbolic links are not followed in the workspace'],
  EBADF: ['EBADF', 'bad file descriptor'],
  EINVAL: ['EINVAL', 'invalid argument'],
  EMFILE: ['EMFILE', 'too many open files'],
};

/**
 * One workspace's files, reached the way a program in a sandbox reaches them: paths as the
 * sandbox sees them (`/workspace/...` or relative to it), confined to the workspace's folder on
 * the host, holding only regular files and folders (a symbolic link, hard-linked file or special
 * file met on the way is refused, never followed), within the workspace's limits. Errors are
 * {@link WorkspaceError}s naming the sandbox path, never the host's.
 *
 * The same class serves the host's `session.files` and, inside a worker, the programs' file
 * calls (JavaScript's `fs`, Pyodide's file system); native Python reaches the folder through a
 * bind mount and the worker checks its limits around the run.
 */
export class WorkspaceFileSystem {
  private readonly files = new Map<number, OpenFile>();
  private usageCache: WorkspaceUsage | undefined;

  constructor(
    /** The workspace's folder on the host (created by whoever made the workspace). */
    readonly root: string,
    readonly limits: ResolvedWorkspaceLimits,
    /**
     * Who entries this instance creates are given to: the workers' user, when the application
     * runs as another (root, with workers as nobody), so programs can change what it put there.
     */
    private readonly owner?: { uid: number; gid: number },
  ) {}

  /** Bytes and entries held now (measured once, then kept up to date by this instance's writes). */
  usage(): WorkspaceUsage {
    this.usageCache ??= measureWorkspace(this.root);
    return this.usageCache;
  }

  /** Forgets the measured usage (another writer, e.g. a native program, may have changed it). */
  refreshUsage(): void {
    this.usageCache = undefined;
  }

  stat(input: unknown): WorkspaceStat {
    const target = this.resolve(input, 'stat');
    return toStat(this.entry(target, 'stat'));
  }

  exists(input: unknown): boolean {
    try {
      this.stat(input);
      return true;
    } catch {
      return false;
    }
  }

  readdir(input: unknown): WorkspaceDirent[] {
    const target = this.resolve(input, 'scandir');
    const stats = this.entry(target, 'scandir');
    if (!stats.isDirectory()) throw this.error('ENOTDIR', 'scandir', target);
    const real = this.real(target);
    const entries = this.attempt('scandir', target, () =>
      readdirSync(real, { withFileTypes: true }),
    );
    return entries
      .filter((entry) => entry.isFile() || entry.isDirectory())
      .map(
        (entry) =>
          ({ name: entry.name, type: entry.isDirectory() ? 'directory' : 'file' }) as const,
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Makes a folder; with `recursive`, its missing parents too (and no error if it exists). */
  mkdir(input: unknown, recursive = false): void {
    const target = this.resolve(input, 'mkdir');
    if (recursive) {
      for (let depth = 1; depth <= target.segments.length; depth++) {
        const step = { path: '', segments: target.segments.slice(0, depth) };
        step.path = `/workspace/${step.segments.join('/')}`;
        const existing = this.lookup(step, 'mkdir');
        if (existing?.isDirectory()) continue;
        if (existing) throw this.error('EEXIST', 'mkdir', step);
        this.makeDirectory(step);
      }
      return;
    }
    if (this.lookup(target, 'mkdir')) throw this.error('EEXIST', 'mkdir', target);
    this.makeDirectory(target);
  }

  readFile(input: unknown): Uint8Array {
    const target = this.resolve(input, 'open');
    const stats = this.entry(target, 'open');
    if (stats.isDirectory()) throw this.error('EISDIR', 'read', target);
    const fd = this.openReal(target, constants.O_RDONLY, 'open');
    try {
      const size = fstatSync(fd).size;
      const bytes = new Uint8Array(size);
      let read = 0;
      while (read < size) {
        const count = readSync(fd, bytes, read, size - read, read);
        if (count === 0) break;
        read += count;
      }
      return read === size ? bytes : bytes.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Writes a whole file (parents must exist), replacing it, or appending with `append`. A file
   * that would exceed a limit is refused before a byte is written.
   */
  writeFile(
    input: unknown,
    data: Uint8Array,
    options: { append?: boolean; exclusive?: boolean } = {},
  ): void {
    const target = this.resolve(input, 'open');
    const existing = this.lookup(target, 'open');
    if (existing?.isDirectory()) throw this.error('EISDIR', 'open', target);
    if (existing && options.exclusive) throw this.error('EEXIST', 'open', target);
    const before = existing?.size ?? 0;
    const after = options.append ? before + data.byteLength : data.byteLength;
    this.checkGrowth(target, 'write', before, after, existing ? 0 : 1);
    if (!existing) checkNewName(target, 'open');
    const flags =
      constants.O_WRONLY |
      constants.O_CREAT |
      (options.append ? constants.O_APPEND : constants.O_TRUNC) |
      (options.exclusive ? constants.O_EXCL : 0);
    const fd = this.openReal(target, flags, 'open');
    if (!existing) this.adopt(target);
    try {
      let written = 0;
      while (written < data.byteLength) {
        written += writeSync(
          fd,
          data,
          written,
          data.byteLength - written,
          options.append ? null : written,
        );
      }
    } finally {
      closeSync(fd);
    }
    const usage = this.usage();
    usage.bytes += after - before;
    if (!existing) usage.entries += 1;
  }

  unlink(input: unknown): void {
    const target = this.resolve(input, 'unlink');
    const stats = this.entry(target, 'unlink');
    if (stats.isDirectory()) throw this.error('EISDIR', 'unlink', target);
    this.attempt('unlink', target, () => unlinkSync(this.real(target)));
    const usage = this.usage();
    usage.bytes -= stats.size;
    usage.entries -= 1;
  }

  rmdir(input: unknown): void {
    const target = this.resolve(input, 'rmdir');
    if (target.segments.length === 0)
      throw this.error('EPERM', 'rmdir', target, 'the workspace itself cannot be removed');
    const stats = this.entry(target, 'rmdir');
    if (!stats.isDirectory()) throw this.error('ENOTDIR', 'rmdir', target);
    this.attempt('rmdir', target, () => rmdirSync(this.real(target)));
    this.usage().entries -= 1;
  }

  /** Removes a file, or a folder with `recursive`; with `force`, a missing path is no error. */
  rm(input: unknown, options: { recursive?: boolean; force?: boolean } = {}): void {
    const target = this.resolve(input, 'rm');
    const stats = this.lookup(target, 'rm');
    if (!stats) {
      if (options.force) return;
      throw this.error('ENOENT', 'rm', target);
    }
    if (!stats.isDirectory()) {
      this.unlink(target.path);
      return;
    }
    if (!options.recursive)
      throw this.error('EISDIR', 'rm', target, 'is a directory (pass recursive to remove it)');
    for (const entry of this.readdir(target.path)) {
      this.rm(`${target.path}/${entry.name}`, { recursive: true });
    }
    if (target.segments.length > 0) this.rmdir(target.path);
  }

  rename(fromInput: unknown, toInput: unknown): void {
    const from = this.resolve(fromInput, 'rename');
    const to = this.resolve(toInput, 'rename');
    const moving = this.entry(from, 'rename');
    if (from.segments.length === 0 || to.segments.length === 0) {
      throw this.error('EPERM', 'rename', from, 'the workspace itself cannot be moved or replaced');
    }
    if (moving.isDirectory() && (to.path === from.path || to.path.startsWith(`${from.path}/`))) {
      if (to.path === from.path) return;
      throw this.error('EINVAL', 'rename', to, 'a folder cannot be moved into itself');
    }
    checkNewName(to, 'rename');
    const replaced = this.lookup(to, 'rename');
    if (moving.isDirectory()) this.checkDepthBelow(from, to);
    this.attempt('rename', to, () => renameSync(this.real(from), this.real(to)));
    if (replaced && !replaced.isDirectory()) {
      const usage = this.usage();
      usage.bytes -= replaced.size;
      usage.entries -= 1;
    } else if (replaced) {
      this.usage().entries -= 1;
    }
  }

  copyFile(fromInput: unknown, toInput: unknown, exclusive = false): void {
    const from = this.resolve(fromInput, 'copyfile');
    const to = this.resolve(toInput, 'copyfile');
    const source = this.entry(from, 'copyfile');
    if (source.isDirectory()) throw this.error('EISDIR', 'copyfile', from);
    const replaced = this.lookup(to, 'copyfile');
    if (replaced?.isDirectory()) throw this.error('EISDIR', 'copyfile', to);
    if (replaced && exclusive) throw this.error('EEXIST', 'copyfile', to);
    if (!replaced) checkNewName(to, 'copyfile');
    this.checkGrowth(to, 'copyfile', replaced?.size ?? 0, source.size, replaced ? 0 : 1);
    this.attempt('copyfile', to, () => copyFileSync(this.real(from), this.real(to)));
    if (!replaced) this.adopt(to);
    const usage = this.usage();
    usage.bytes += source.size - (replaced?.size ?? 0);
    if (!replaced) usage.entries += 1;
  }

  truncate(input: unknown, length = 0): void {
    const fd = this.open(input, constants.O_WRONLY);
    try {
      this.ftruncate(fd, length);
    } finally {
      this.close(fd);
    }
  }

  utimes(input: unknown, atimeMs: number, mtimeMs: number): void {
    const target = this.resolve(input, 'utime');
    this.entry(target, 'utime');
    this.attempt('utime', target, () =>
      utimesSync(this.real(target), atimeMs / 1000, mtimeMs / 1000),
    );
  }

  /** The canonical sandbox path (no symbolic links can exist, so this only normalises). */
  realpath(input: unknown): string {
    const target = this.resolve(input, 'realpath');
    this.entry(target, 'realpath');
    return target.path;
  }

  /** Opens a file; `flags` are Linux `open(2)` flags (`fs.constants`). Returns a descriptor. */
  open(input: unknown, flags: number): number {
    const target = this.resolve(input, 'open');
    if (this.files.size >= maxOpenFiles) throw this.error('EMFILE', 'open', target);
    const wanted = flags & allowedFlags;
    const access = wanted & (constants.O_WRONLY | constants.O_RDWR);
    const existing = this.lookup(target, 'open');
    if (existing && wanted & constants.O_CREAT && wanted & constants.O_EXCL) {
      throw this.error('EEXIST', 'open', target);
    }
    if (!existing && !(wanted & constants.O_CREAT)) throw this.error('ENOENT', 'open', target);
    if (existing?.isDirectory() && access !== 0) throw this.error('EISDIR', 'open', target);
    if (!existing) {
      checkNewName(target, 'open');
      this.checkGrowth(target, 'open', 0, 0, 1);
    }
    const realFd = this.openReal(target, wanted, 'open');
    if (!existing) this.adopt(target);
    const usage = this.usage();
    if (!existing) usage.entries += 1;
    else if (wanted & constants.O_TRUNC && existing.isFile()) usage.bytes -= existing.size;
    const fd = nextDescriptor++;
    this.files.set(fd, {
      realFd,
      path: target.path,
      append: (wanted & constants.O_APPEND) !== 0,
      writable: access !== 0,
      position: 0,
    });
    return fd;
  }

  close(fd: number): void {
    const file = this.file(fd, 'close');
    this.files.delete(fd);
    closeSync(file.realFd);
  }

  /** Reads up to `length` bytes at `position` (or at the descriptor's offset, advancing it). */
  read(fd: number, length: number, position: number | null = null): Uint8Array {
    const file = this.file(fd, 'read');
    const at = position ?? file.position;
    // No more than what is left of the file: a reader asking for size + 1 gets one allocation.
    const left = Math.max(0, fstatSync(file.realFd).size - at);
    const wanted = Math.max(0, Math.min(Math.floor(length), maxReadBytes, left));
    const bytes = new Uint8Array(wanted);
    const count = this.attemptFd('read', file, () => readSync(file.realFd, bytes, 0, wanted, at));
    if (position === null) file.position += count;
    return count === wanted ? bytes : bytes.slice(0, count);
  }

  /** Writes `data` at `position` (or at the offset, advancing it; at the end in append mode). */
  write(fd: number, data: Uint8Array, position: number | null = null): number {
    const file = this.file(fd, 'write');
    if (!file.writable) throw this.fdError('EBADF', 'write', file);
    const size = fstatSync(file.realFd).size;
    const at = file.append ? size : (position ?? file.position);
    const after = Math.max(size, at + data.byteLength);
    this.checkGrowth({ path: file.path, segments: [] }, 'write', size, after, 0);
    let written = 0;
    while (written < data.byteLength) {
      written += this.attemptFd('write', file, () =>
        writeSync(
          file.realFd,
          data,
          written,
          data.byteLength - written,
          file.append ? null : at + written,
        ),
      );
    }
    if (position === null || file.append) file.position = at + written;
    this.usage().bytes += after - size;
    return written;
  }

  fstat(fd: number): WorkspaceStat {
    const file = this.file(fd, 'fstat');
    return toStat(fstatSync(file.realFd));
  }

  ftruncate(fd: number, length = 0): void {
    const file = this.file(fd, 'ftruncate');
    if (!file.writable) throw this.fdError('EINVAL', 'ftruncate', file);
    const size = fstatSync(file.realFd).size;
    const after = Math.max(0, Math.floor(length));
    this.checkGrowth({ path: file.path, segments: [] }, 'ftruncate', size, after, 0);
    this.attemptFd('ftruncate', file, () => ftruncateSync(file.realFd, after));
    this.usage().bytes += after - size;
  }

  /** Closes every descriptor still open (at the end of a run). */
  closeAll(): void {
    for (const file of this.files.values()) {
      try {
        closeSync(file.realFd);
      } catch {}
    }
    this.files.clear();
  }

  private resolve(input: unknown, syscall: string): SandboxPath {
    return resolveSandboxPath(input, syscall, this.limits.maxDepth);
  }

  private real(target: SandboxPath): string {
    return join(this.root, ...target.segments);
  }

  /**
   * The entry at `target`, or undefined when it does not exist. Each folder on the way and the
   * entry itself are checked without following links: only folders and regular files pass.
   */
  private lookup(target: SandboxPath, syscall: string): Stats | undefined {
    let real = this.root;
    for (let index = 0; index <= target.segments.length; index++) {
      if (index > 0) real = join(real, target.segments[index - 1] as string);
      let stats: Stats;
      try {
        stats = lstatSync(real);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && index === target.segments.length) return undefined;
        if (code === 'ENOENT') {
          throw this.error('ENOENT', syscall, target);
        }
        if (code === 'ENOTDIR') throw this.error('ENOTDIR', syscall, target);
        throw this.error(nodeCodes[code ?? '']?.[0] ?? 'EPERM', syscall, target);
      }
      if (stats.isSymbolicLink()) throw this.error('ELOOP', syscall, target);
      if (!stats.isDirectory() && !stats.isFile()) {
        throw this.error(
          'EPERM',
          syscall,
          target,
          'only regular files and folders are allowed in the workspace',
        );
      }
      if (stats.isFile() && stats.nlink > 1) {
        throw this.error(
          'EPERM',
          syscall,
          target,
          'hard-linked files are not allowed in the workspace',
        );
      }
      if (index === target.segments.length) return stats;
      if (!stats.isDirectory()) throw this.error('ENOTDIR', syscall, target);
    }
    throw new Error('unreachable');
  }

  private entry(target: SandboxPath, syscall: string): Stats {
    const stats = this.lookup(target, syscall);
    if (!stats) throw this.error('ENOENT', syscall, target);
    return stats;
  }

  private makeDirectory(target: SandboxPath): void {
    checkNewName(target, 'mkdir');
    this.checkGrowth(target, 'mkdir', 0, 0, 1);
    this.attempt('mkdir', target, () => mkdirSync(this.real(target)));
    this.adopt(target);
    this.usage().entries += 1;
  }

  /** Gives a new entry to the workers' user (see `owner`). */
  private adopt(target: SandboxPath): void {
    if (this.owner) chownSync(this.real(target), this.owner.uid, this.owner.gid);
  }

  private openReal(target: SandboxPath, flags: number, syscall: string): number {
    const real = this.real(target);
    const fd = this.attempt(syscall, target, () =>
      openSync(real, flags | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644),
    );
    // The entry was checked before opening; check what was opened too (it may have been swapped).
    const stats = fstatSync(fd);
    if (!stats.isFile() && !stats.isDirectory()) {
      closeSync(fd);
      throw this.error(
        'EPERM',
        syscall,
        target,
        'only regular files and folders are allowed in the workspace',
      );
    }
    return fd;
  }

  /** Refuses a change that would take a file past `maxFileBytes` or the workspace past its totals. */
  private checkGrowth(
    target: SandboxPath,
    syscall: string,
    before: number,
    after: number,
    newEntries: number,
  ): void {
    const { maxBytes, maxFiles, maxFileBytes } = this.limits;
    if (after > maxFileBytes) {
      throw this.error(
        'EFBIG',
        syscall,
        target,
        `file too large: ${after} bytes; the largest file allowed is ${maxFileBytes} bytes`,
      );
    }
    const usage = this.usage();
    if (after > before && usage.bytes + (after - before) > maxBytes) {
      throw this.error(
        'ENOSPC',
        syscall,
        target,
        `no space left in the workspace: it holds ${usage.bytes} of ${maxBytes} bytes allowed (remove files to make room)`,
      );
    }
    if (newEntries > 0 && usage.entries + newEntries > maxFiles) {
      throw this.error(
        'ENOSPC',
        syscall,
        target,
        `the workspace holds ${usage.entries} files and folders, the most allowed (remove some to make room)`,
      );
    }
  }

  private checkDepthBelow(from: SandboxPath, to: SandboxPath): void {
    const deepest = measureWorkspace(this.real(from)).depth;
    if (to.segments.length + deepest > this.limits.maxDepth) {
      throw this.error(
        'EINVAL',
        'rename',
        to,
        `the moved folder would reach deeper than ${this.limits.maxDepth} levels`,
      );
    }
  }

  private file(fd: number, syscall: string): OpenFile {
    const file = typeof fd === 'number' ? this.files.get(fd) : undefined;
    if (!file) {
      throw new WorkspaceError({ code: 'EBADF', syscall, detail: 'bad file descriptor' });
    }
    return file;
  }

  private attempt<T>(syscall: string, target: SandboxPath, action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (WorkspaceError.isInstance(error)) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      throw this.error(nodeCodes[code]?.[0] ?? 'EPERM', syscall, target);
    }
  }

  private attemptFd<T>(syscall: string, file: OpenFile, action: () => T): T {
    return this.attempt(syscall, { path: file.path, segments: [] }, action);
  }

  private fdError(code: WorkspaceErrorCode, syscall: string, file: OpenFile): WorkspaceError {
    return this.error(code, syscall, { path: file.path, segments: [] });
  }

  private error(
    code: WorkspaceErrorCode,
    syscall: string,
    target: SandboxPath,
    detail?: string,
  ): WorkspaceError {
    return new WorkspaceError({
      code,
      syscall,
      path: target.path,
      detail: detail ?? nodeCodes[code]?.[1] ?? 'operation not permitted',
    });
  }
}

function toStat(stats: Stats): WorkspaceStat {
  return {
    type: stats.isDirectory() ? 'directory' : 'file',
    size: stats.isDirectory() ? 4096 : stats.size,
    mode: stats.mode,
    ino: stats.ino,
    nlink: stats.nlink,
    blksize: stats.blksize,
    blocks: stats.blocks,
    atimeMs: stats.atimeMs,
    mtimeMs: stats.mtimeMs,
    ctimeMs: stats.ctimeMs,
    birthtimeMs: stats.birthtimeMs,
  };
}
