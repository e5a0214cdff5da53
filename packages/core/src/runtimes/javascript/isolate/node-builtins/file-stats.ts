import { DateCtor } from '../../../../sandbox-globals/primordials';
import type { WorkspaceStat } from '../../../../workspace/workspace-file-system';

/** What the workspace bridge reports for `stat` (plain data, copied out of the worker). */
export type BridgeStat = WorkspaceStat;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/** Node's `fs.Stats` for a workspace entry (only regular files and folders exist there). */
export class Stats {
  dev = 0;
  mode: number;
  nlink: number;
  uid = 0;
  gid = 0;
  rdev = 0;
  blksize: number;
  ino: number;
  size: number;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  atime: Date;
  mtime: Date;
  ctime: Date;
  birthtime: Date;

  /** @internal Made by `fs` from the bridge's answer; not meant to be constructed by programs. */
  constructor(stat: BridgeStat) {
    const typeBits = stat.type === 'directory' ? S_IFDIR : S_IFREG;
    const mode = Number(stat.mode);
    this.mode = (mode & S_IFMT) === 0 ? mode | typeBits : mode;
    this.nlink = Number(stat.nlink);
    this.blksize = Number(stat.blksize);
    this.ino = Number(stat.ino);
    this.size = Number(stat.size);
    this.blocks = Number(stat.blocks);
    this.atimeMs = Number(stat.atimeMs);
    this.mtimeMs = Number(stat.mtimeMs);
    this.ctimeMs = Number(stat.ctimeMs);
    this.birthtimeMs = Number(stat.birthtimeMs);
    this.atime = new DateCtor(this.atimeMs);
    this.mtime = new DateCtor(this.mtimeMs);
    this.ctime = new DateCtor(this.ctimeMs);
    this.birthtime = new DateCtor(this.birthtimeMs);
  }

  isFile(): boolean {
    return (this.mode & S_IFMT) === S_IFREG;
  }

  isDirectory(): boolean {
    return (this.mode & S_IFMT) === S_IFDIR;
  }

  isSymbolicLink(): boolean {
    return false;
  }

  isBlockDevice(): boolean {
    return false;
  }

  isCharacterDevice(): boolean {
    return false;
  }

  isFIFO(): boolean {
    return false;
  }

  isSocket(): boolean {
    return false;
  }
}

/** Node's `fs.Dirent`: one entry of `readdir(path, { withFileTypes: true })`. */
export class Dirent {
  name: string;
  /** The folder the entry is in, as the program named it (`readdir`'s path, joined when recursive). */
  parentPath: string;
  /** Deprecated alias of `parentPath` (as in Node). */
  path: string;
  readonly #type: 'file' | 'directory';

  /** @internal Made by `fs`; not meant to be constructed by programs. */
  constructor(name: string, parentPath: string, type: 'file' | 'directory') {
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    this.#type = type;
  }

  isFile(): boolean {
    return this.#type === 'file';
  }

  isDirectory(): boolean {
    return this.#type === 'directory';
  }

  isSymbolicLink(): boolean {
    return false;
  }

  isBlockDevice(): boolean {
    return false;
  }

  isCharacterDevice(): boolean {
    return false;
  }

  isFIFO(): boolean {
    return false;
  }

  isSocket(): boolean {
    return false;
  }
}
