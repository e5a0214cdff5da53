import {
  createNodeError,
  describeReceived,
  invalidArgTypeError,
} from '../../../../sandbox-globals/node-errors';
import {
  DatePrototypeGetTime,
  NumberCtor,
  NumberIsInteger,
  ObjectPrototypeToString,
  TypeErrorCtor,
} from '../../../../sandbox-globals/primordials';
import { bufferSourceBytes } from '../../../../sandbox-globals/text-decoder';
import { decodeBytes, type FileEncoding, fileEncoding } from './file-bytes';

/** Linux `open(2)` flags and the other numbers of `fs.constants` (as Node gives them on Linux). */
export const fileSystemConstants = {
  UV_FS_SYMLINK_DIR: 1,
  UV_FS_SYMLINK_JUNCTION: 2,
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0,
  UV_DIRENT_FILE: 1,
  UV_DIRENT_DIR: 2,
  UV_DIRENT_LINK: 3,
  UV_DIRENT_FIFO: 4,
  UV_DIRENT_SOCKET: 5,
  UV_DIRENT_CHAR: 6,
  UV_DIRENT_BLOCK: 7,
  S_IFMT: 61440,
  S_IFREG: 32768,
  S_IFDIR: 16384,
  S_IFCHR: 8192,
  S_IFBLK: 24576,
  S_IFIFO: 4096,
  S_IFLNK: 40960,
  S_IFSOCK: 49152,
  O_CREAT: 64,
  O_EXCL: 128,
  UV_FS_O_FILEMAP: 0,
  O_NOCTTY: 256,
  O_TRUNC: 512,
  O_APPEND: 1024,
  O_DIRECTORY: 65536,
  O_NOATIME: 262144,
  O_NOFOLLOW: 131072,
  O_SYNC: 1052672,
  O_DSYNC: 4096,
  O_DIRECT: 16384,
  O_NONBLOCK: 2048,
  S_IRWXU: 448,
  S_IRUSR: 256,
  S_IWUSR: 128,
  S_IXUSR: 64,
  S_IRWXG: 56,
  S_IRGRP: 32,
  S_IWGRP: 16,
  S_IXGRP: 8,
  S_IRWXO: 7,
  S_IROTH: 4,
  S_IWOTH: 2,
  S_IXOTH: 1,
  F_OK: 0,
  R_OK: 4,
  W_OK: 2,
  X_OK: 1,
  UV_FS_COPYFILE_EXCL: 1,
  COPYFILE_EXCL: 1,
  UV_FS_COPYFILE_FICLONE: 2,
  COPYFILE_FICLONE: 2,
  UV_FS_COPYFILE_FICLONE_FORCE: 4,
  COPYFILE_FICLONE_FORCE: 4,
} as const;

const { O_APPEND, O_CREAT, O_EXCL, O_RDWR, O_TRUNC, O_WRONLY } = fileSystemConstants;

/** Node's string flags as Linux numbers. */
const stringFlags: Record<string, number> = {
  __proto__: null,
  r: 0,
  rs: 0,
  sr: 0,
  'r+': O_RDWR,
  'rs+': O_RDWR,
  'sr+': O_RDWR,
  w: O_TRUNC | O_CREAT | O_WRONLY,
  wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  'w+': O_TRUNC | O_CREAT | O_RDWR,
  'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY,
  as: O_APPEND | O_CREAT | O_WRONLY,
  sa: O_APPEND | O_CREAT | O_WRONLY,
  ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  'a+': O_APPEND | O_CREAT | O_RDWR,
  'as+': O_APPEND | O_CREAT | O_RDWR,
  'sa+': O_APPEND | O_CREAT | O_RDWR,
  'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
} as unknown as Record<string, number>;

/** `flags` (Node's string form or a number) as Linux `open(2)` flags. */
export function openFlags(flags: unknown, fallback: string): number {
  if (flags === undefined || flags === null) return stringFlags[fallback] as number;
  if (typeof flags === 'number' && NumberIsInteger(flags)) return flags;
  const known = typeof flags === 'string' ? stringFlags[flags] : undefined;
  if (known === undefined) {
    throw createNodeError(
      TypeErrorCtor,
      'ERR_INVALID_ARG_VALUE',
      `The argument 'flags' is invalid. Received ${describeReceived(flags)}`,
    );
  }
  return known;
}

/**
 * A path argument as the string that crosses to the workspace: a string, a `file:` URL or the
 * bytes of a path (UTF-8). Anything else throws Node's `ERR_INVALID_ARG_TYPE`.
 */
export function pathArgument(value: unknown, name = 'path'): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const bytes = bufferSourceBytes(value);
    if (bytes !== undefined) return decodeBytes(bytes, 'utf8');
    const url = value as { href?: unknown; protocol?: unknown; pathname?: unknown };
    if (typeof url.href === 'string' && typeof url.protocol === 'string') {
      if (url.protocol !== 'file:') {
        throw createNodeError(
          TypeErrorCtor,
          'ERR_INVALID_URL_SCHEME',
          'The URL must be of scheme file',
        );
      }
      return decodeURIComponent(String(url.pathname));
    }
  }
  throw invalidArgTypeError(name, 'of type string or an instance of Buffer or URL', value);
}

/** A file descriptor argument (a non-negative integer). */
export function fdArgument(value: unknown): number {
  if (typeof value !== 'number') throw invalidArgTypeError('fd', 'of type number', value);
  if (!NumberIsInteger(value) || value < 0 || value > 0x7fffffff) {
    throw createNodeError(
      TypeErrorCtor,
      'ERR_OUT_OF_RANGE',
      `The value of "fd" is out of range. It must be >= 0 && <= 2147483647. Received ${String(value)}`,
    );
  }
  return value;
}

/** A position argument: a byte offset, or null for "the descriptor's own offset". */
export function positionArgument(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const position = typeof value === 'bigint' ? NumberCtor(value) : value;
  if (typeof position !== 'number') throw invalidArgTypeError('position', 'of type number', value);
  return position < 0 ? null : position;
}

/** Options given as an object, or as a string naming the encoding (Node's shorthand). */
export interface FileOptions {
  encoding?: unknown;
  flag?: unknown;
  mode?: unknown;
  recursive?: unknown;
  force?: unknown;
  withFileTypes?: unknown;
  throwIfNoEntry?: unknown;
}

/** `options` as an object: a string is the encoding, undefined or null is no options. */
export function fileOptions(options: unknown): FileOptions {
  if (options === undefined || options === null || typeof options === 'function') return {};
  if (typeof options === 'string') return { encoding: options };
  if (typeof options !== 'object') throw invalidArgTypeError('options', 'of type object', options);
  return options as FileOptions;
}

/** The encoding an `options` argument asks for (undefined: bytes). */
export function optionsEncoding(options: unknown): FileEncoding | undefined {
  return fileEncoding(fileOptions(options).encoding);
}

/** A time argument of `utimes` in milliseconds: a Date, seconds as a number, or a numeric string. */
export function timeArgument(value: unknown, name: string): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && value !== '' && !NumberCtor.isNaN(NumberCtor(value))) {
    return NumberCtor(value) * 1000;
  }
  if (ObjectPrototypeToString(value) === '[object Date]') {
    return DatePrototypeGetTime(value as Date);
  }
  throw invalidArgTypeError(name, 'of type number or an instance of Date', value);
}
