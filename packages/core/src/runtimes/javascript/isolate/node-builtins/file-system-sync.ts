import { createNodeError, invalidArgTypeError } from '../../../../sandbox-globals/node-errors';
import {
  ArrayPrototypePush,
  MathFloor,
  MathMin,
  RangeErrorCtor,
  StringPrototypeSlice,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  Uint8ArrayCtor,
} from '../../../../sandbox-globals/primordials';
import { bufferSourceBytes } from '../../../../sandbox-globals/text-decoder';
import { dataBytes, decodeBytes, encodeText, fileEncoding, toBuffer } from './file-bytes';
import { type BridgeStat, Dirent, Stats } from './file-stats';
import { type FileSystemError, isFileSystemError } from './file-system-error';
import {
  fdArgument,
  fileOptions,
  fileSystemConstants,
  openFlags,
  optionsEncoding,
  pathArgument,
  positionArgument,
  timeArgument,
} from './fs-arguments';
import { createPathModule } from './path-posix';

/** Runs one workspace operation; throws the sandbox-side error when the workspace refuses it. */
export type WorkspaceOperationCall = (operation: string, args: unknown[]) => unknown;

const { O_APPEND, O_EXCL, COPYFILE_EXCL } = fileSystemConstants;
const path = createPathModule();
/** Bytes asked of the workspace per `read` while reading a whole file through a descriptor. */
const readChunkBytes = 1024 * 1024;

interface BridgeDirent {
  name: string;
  type: 'file' | 'directory';
}

/**
 * The synchronous half of the sandbox's `fs` (`readFileSync`, `writeFileSync`, ...), each a call
 * of the workspace bridge with arguments checked and converted here: paths become strings, data
 * becomes a fresh copy of its bytes. The callback and promise forms are built on these.
 */
export function createSyncFileSystem(call: WorkspaceOperationCall) {
  const stat = (value: unknown) => new Stats(call('stat', [value]) as BridgeStat);

  /**
   * `statSync`/`lstatSync` (the workspace holds no links, so both stat): undefined for a missing
   * entry when `throwIfNoEntry: false`, else the error under the syscall Node names.
   */
  const statOrMissing = (target: unknown, options: unknown, syscall: 'stat' | 'lstat') => {
    const checked = pathArgument(target);
    try {
      return stat(checked);
    } catch (error) {
      const settings = fileOptions(options);
      if (
        settings.throwIfNoEntry === false &&
        isFileSystemError(error) &&
        error.code === 'ENOENT'
      ) {
        return undefined;
      }
      throw syscall === 'stat' ? error : asSyscall(error, syscall);
    }
  };

  /** Re-labels an error from another operation with the syscall Node names (`access`...). */
  const asSyscall = (error: unknown, syscall: string): unknown => {
    if (!isFileSystemError(error)) return error;
    const relabelled = error as FileSystemError;
    const from = `, ${relabelled.syscall} `;
    const at = relabelled.message.indexOf(from);
    if (at !== -1) {
      relabelled.message = `${StringPrototypeSlice(relabelled.message, 0, at)}, ${syscall} ${StringPrototypeSlice(relabelled.message, at + from.length)}`;
    }
    relabelled.syscall = syscall;
    return relabelled;
  };

  const exists = (target: string): boolean => {
    try {
      return call('exists', [target]) === true;
    } catch {
      return false;
    }
  };

  function readAllFromDescriptor(fd: number): Uint8Array {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = call('read', [fd, readChunkBytes, null]) as Uint8Array;
      const length = TypedArrayPrototypeGetLength(chunk);
      if (length === 0) break;
      ArrayPrototypePush(chunks, chunk);
      total += length;
    }
    const all = new Uint8ArrayCtor(total);
    let at = 0;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i] as Uint8Array;
      TypedArrayPrototypeSet(all, chunk, at);
      at += TypedArrayPrototypeGetLength(chunk);
    }
    return all;
  }

  function writeAllToDescriptor(fd: number, bytes: Uint8Array): void {
    let written = 0;
    const length = TypedArrayPrototypeGetLength(bytes);
    while (written < length) {
      const rest = written === 0 ? bytes : TypedArrayPrototypeSubarray(bytes, written);
      const count = call('write', [fd, written === 0 ? rest : copyOf(rest), null]) as number;
      if (!(count > 0)) break;
      written += count;
    }
  }

  function writeFileSync(file: unknown, data: unknown, options?: unknown, defaultFlag = 'w'): void {
    const settings = fileOptions(options);
    const bytes = dataBytes(data, fileEncoding(settings.encoding));
    if (typeof file === 'number') {
      writeAllToDescriptor(fdArgument(file), bytes);
      return;
    }
    const flags = openFlags(settings.flag, defaultFlag);
    call('writeFile', [
      pathArgument(file),
      bytes,
      (flags & O_APPEND) !== 0,
      (flags & O_EXCL) !== 0,
    ]);
  }

  function readdirEntries(target: string): BridgeDirent[] {
    return call('readdir', [target]) as BridgeDirent[];
  }

  return {
    existsSync(target: unknown): boolean {
      let checked: string;
      try {
        checked = pathArgument(target);
      } catch {
        return false;
      }
      return exists(checked);
    },

    accessSync(target: unknown, _mode?: unknown): void {
      const checked = pathArgument(target);
      try {
        call('stat', [checked]);
      } catch (error) {
        throw asSyscall(error, 'access');
      }
    },

    statSync(target: unknown, options?: unknown): Stats | undefined {
      return statOrMissing(target, options, 'stat');
    },

    lstatSync(target: unknown, options?: unknown): Stats | undefined {
      return statOrMissing(target, options, 'lstat');
    },

    fstatSync(fd: unknown): Stats {
      return new Stats(call('fstat', [fdArgument(fd)]) as BridgeStat);
    },

    readdirSync(target: unknown, options?: unknown): Array<string | Dirent> {
      const folder = pathArgument(target);
      const settings = fileOptions(options);
      const withFileTypes = settings.withFileTypes === true;
      const results: Array<string | Dirent> = [];
      // Breadth first, as Node lists a folder recursively: its entries, then each subfolder's.
      const pending: string[] = [''];
      for (let next = 0; next < pending.length; next++) {
        const relative = pending[next] as string;
        const entries = readdirEntries(relative === '' ? folder : path.join(folder, relative));
        for (let i = 0; i < entries.length; i++) {
          const entry = entries[i] as BridgeDirent;
          const name = String(entry.name);
          const type = entry.type === 'directory' ? 'directory' : 'file';
          const listed = relative === '' ? name : `${relative}/${name}`;
          ArrayPrototypePush(
            results,
            withFileTypes
              ? new Dirent(name, relative === '' ? folder : path.join(folder, relative), type)
              : listed,
          );
          if (settings.recursive === true && type === 'directory')
            ArrayPrototypePush(pending, listed);
        }
      }
      return results;
    },

    /** Makes a folder; with `recursive`, returns the first folder it made (undefined: none). */
    mkdirSync(target: unknown, options?: unknown): string | undefined {
      const folder = pathArgument(target);
      const recursive =
        options !== null && typeof options === 'object'
          ? (options as { recursive?: unknown }).recursive === true
          : false;
      if (!recursive) {
        call('mkdir', [folder, false]);
        return undefined;
      }
      // The topmost missing folder of the path, in the program's own spelling (as Node returns it).
      let first: string | undefined;
      let current = folder;
      for (let depth = 0; depth < 64 && !exists(current); depth++) {
        first = current;
        const parent = path.dirname(current);
        if (parent === current) break;
        current = parent;
      }
      call('mkdir', [folder, true]);
      return first;
    },

    mkdtempSync(prefix: unknown): string {
      if (typeof prefix !== 'string') throw invalidArgTypeError('prefix', 'of type string', prefix);
      const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
      for (let attempt = 0; ; attempt++) {
        let suffix = '';
        for (let i = 0; i < 6; i++) {
          suffix += letters[MathFloor(Math.random() * letters.length)];
        }
        try {
          call('mkdir', [`${prefix}${suffix}`, false]);
          return `${prefix}${suffix}`;
        } catch (error) {
          if (attempt > 8 || !isFileSystemError(error) || error.code !== 'EEXIST') {
            throw asSyscall(error, 'mkdtemp');
          }
        }
      }
    },

    rmSync(target: unknown, options?: unknown): void {
      const settings = fileOptions(options);
      call('rm', [pathArgument(target), settings.recursive === true, settings.force === true]);
    },

    rmdirSync(target: unknown, options?: unknown): void {
      const folder = pathArgument(target);
      if (fileOptions(options).recursive === true) call('rm', [folder, true, false]);
      else call('rmdir', [folder]);
    },

    unlinkSync(target: unknown): void {
      call('unlink', [pathArgument(target)]);
    },

    renameSync(from: unknown, to: unknown): void {
      call('rename', [pathArgument(from, 'oldPath'), pathArgument(to, 'newPath')]);
    },

    copyFileSync(from: unknown, to: unknown, mode?: unknown): void {
      const exclusive = typeof mode === 'number' && (mode & COPYFILE_EXCL) !== 0;
      call('copyFile', [pathArgument(from, 'src'), pathArgument(to, 'dest'), exclusive]);
    },

    truncateSync(target: unknown, length?: unknown): void {
      if (typeof target === 'number') {
        call('ftruncate', [fdArgument(target), lengthArgument(length)]);
        return;
      }
      call('truncate', [pathArgument(target), lengthArgument(length)]);
    },

    ftruncateSync(fd: unknown, length?: unknown): void {
      call('ftruncate', [fdArgument(fd), lengthArgument(length)]);
    },

    utimesSync(target: unknown, atime: unknown, mtime: unknown): void {
      call('utimes', [
        pathArgument(target),
        timeArgument(atime, 'atime'),
        timeArgument(mtime, 'mtime'),
      ]);
    },

    realpathSync(target: unknown, _options?: unknown): string {
      return call('realpath', [pathArgument(target)]) as string;
    },

    readFileSync(file: unknown, options?: unknown): string | Uint8Array {
      const encoding = optionsEncoding(options);
      const bytes =
        typeof file === 'number'
          ? readAllFromDescriptor(fdArgument(file))
          : (call('readFile', [pathArgument(file)]) as Uint8Array);
      return encoding === undefined ? toBuffer(bytes) : decodeBytes(bytes, encoding);
    },

    writeFileSync(file: unknown, data: unknown, options?: unknown): void {
      writeFileSync(file, data, options, 'w');
    },

    appendFileSync(file: unknown, data: unknown, options?: unknown): void {
      writeFileSync(file, data, options, 'a');
    },

    openSync(target: unknown, flags?: unknown, _mode?: unknown): number {
      return call('open', [pathArgument(target), openFlags(flags, 'r')]) as number;
    },

    closeSync(fd: unknown): void {
      call('close', [fdArgument(fd)]);
    },

    fsyncSync(fd: unknown): void {
      call('fstat', [fdArgument(fd)]);
    },

    fdatasyncSync(fd: unknown): void {
      call('fstat', [fdArgument(fd)]);
    },

    /**
     * `readSync(fd, buffer, offset?, length?, position?)` or `readSync(fd, buffer, options)`:
     * reads into `buffer` at `offset` and returns the count of bytes read.
     */
    readSync(
      fd: unknown,
      buffer: unknown,
      offset?: unknown,
      length?: unknown,
      position?: unknown,
    ): number {
      const descriptor = fdArgument(fd);
      const view = bufferSourceBytes(buffer);
      if (view === undefined) {
        throw invalidArgTypeError(
          'buffer',
          'an instance of Buffer, TypedArray, or DataView',
          buffer,
        );
      }
      if (offset !== null && typeof offset === 'object') {
        const settings = offset as { offset?: unknown; length?: unknown; position?: unknown };
        offset = settings.offset;
        length = settings.length;
        position = settings.position;
      }
      const size = TypedArrayPrototypeGetLength(view);
      const start = offset === undefined ? 0 : integerIn(offset, 'offset', 0, size);
      const count =
        length === undefined ? size - start : integerIn(length, 'length', 0, size - start);
      if (count === 0) return 0;
      const bytes = call('read', [descriptor, count, positionArgument(position)]) as Uint8Array;
      const got = MathMin(TypedArrayPrototypeGetLength(bytes), count);
      TypedArrayPrototypeSet(
        view,
        got === count ? bytes : TypedArrayPrototypeSubarray(bytes, 0, got),
        start,
      );
      return got;
    },

    /**
     * `writeSync(fd, buffer, offset?, length?, position?)` or `writeSync(fd, string, position?,
     * encoding?)`: returns the count of bytes written.
     */
    writeSync(
      fd: unknown,
      data: unknown,
      offset?: unknown,
      length?: unknown,
      position?: unknown,
    ): number {
      const descriptor = fdArgument(fd);
      if (typeof data === 'string') {
        const bytes = encodeText(data, fileEncoding(length ?? 'utf8'));
        return call('write', [descriptor, bytes, positionArgument(offset)]) as number;
      }
      const bytes = dataBytes(data, undefined, 'buffer');
      if (offset !== null && typeof offset === 'object') {
        const settings = offset as { offset?: unknown; length?: unknown; position?: unknown };
        offset = settings.offset;
        length = settings.length;
        position = settings.position;
      }
      const size = TypedArrayPrototypeGetLength(bytes);
      const start = offset === undefined ? 0 : integerIn(offset, 'offset', 0, size);
      const count =
        length === undefined ? size - start : integerIn(length, 'length', 0, size - start);
      const part =
        start === 0 && count === size
          ? bytes
          : copyOf(TypedArrayPrototypeSubarray(bytes, start, start + count));
      return call('write', [descriptor, part, positionArgument(position)]) as number;
    },
  };
}

/** The sandbox's synchronous `fs` functions, by name. */
export type SyncFileSystem = ReturnType<typeof createSyncFileSystem>;

function copyOf(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8ArrayCtor(TypedArrayPrototypeGetLength(bytes));
  TypedArrayPrototypeSet(copy, bytes);
  return copy;
}

function lengthArgument(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number') throw invalidArgTypeError('len', 'of type number', value);
  return value < 0 ? 0 : MathFloor(value);
}

function integerIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number') throw invalidArgTypeError(name, 'of type number', value);
  if (!(value >= min && value <= max) || MathFloor(value) !== value) {
    throw createNodeError(
      RangeErrorCtor,
      'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be >= ${min} && <= ${max}. Received ${value}`,
    );
  }
  return value;
}
