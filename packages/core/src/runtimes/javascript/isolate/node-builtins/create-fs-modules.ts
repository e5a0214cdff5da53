import { validateFunction } from '../../../../sandbox-globals/node-errors';
import {
  ArrayPrototypeSplice,
  ErrorCaptureStackTrace,
  ObjectFreeze,
  PromiseCtor,
  ReflectApply,
} from '../../../../sandbox-globals/primordials';
import { FileHandle } from './file-handle';
import { Dirent, Stats } from './file-stats';
import { isFileSystemError } from './file-system-error';
import { createSyncFileSystem, type WorkspaceOperationCall } from './file-system-sync';
import { fileSystemConstants } from './fs-arguments';

/** The sandbox's `fs` and `fs/promises` modules (plain objects, one pair per context). */
export interface FileSystemModules {
  fs: Record<string, unknown>;
  promises: Record<string, unknown>;
}

type Operation = (...args: unknown[]) => unknown;

/**
 * `operation` as the program sees it: named `name`, and its errors' stacks start at the
 * program's call (the runtime's own frames, which say nothing useful, are left out).
 */
function publicFunction(name: string, operation: Operation): Operation {
  const named = {
    [name](...args: unknown[]) {
      try {
        return ReflectApply(operation, undefined, args);
      } catch (error) {
        if (ErrorCaptureStackTrace !== undefined && isFileSystemError(error)) {
          ErrorCaptureStackTrace(error, named);
        }
        throw error;
      }
    },
  }[name] as Operation;
  return named;
}

/** `operation` in Node's promise form: it settles with the outcome (errors trimmed as above). */
function promiseFunction(name: string, operation: Operation): Operation {
  const named = {
    [name](...args: unknown[]) {
      return new PromiseCtor((resolve, reject) => {
        try {
          resolve(ReflectApply(operation, undefined, args));
        } catch (error) {
          if (ErrorCaptureStackTrace !== undefined && isFileSystemError(error)) {
            ErrorCaptureStackTrace(error, named);
          }
          reject(error);
        }
      });
    },
  }[name] as Operation;
  return named;
}

/** Operations with a callback and a promise form: `name` → `nameSync`. */
const asyncNames = [
  'access',
  'appendFile',
  'close',
  'copyFile',
  'fdatasync',
  'fstat',
  'fsync',
  'ftruncate',
  'lstat',
  'mkdir',
  'mkdtemp',
  'open',
  'readdir',
  'readFile',
  'realpath',
  'rename',
  'rm',
  'rmdir',
  'stat',
  'truncate',
  'unlink',
  'utimes',
  'writeFile',
] as const;

/** Not in the promise API: descriptors there are `FileHandle`s, made by `open`. */
const notInPromises: Record<string, true> = {
  __proto__: null,
  close: true,
  fdatasync: true,
  fstat: true,
  fsync: true,
  ftruncate: true,
} as unknown as Record<string, true>;

/**
 * Builds `fs` (synchronous, callback and `fs.promises` forms) over the workspace bridge `call`.
 * `defer` runs a callback later (as a microtask; an error it throws ends the program, as an
 * uncaught exception does in Node).
 */
export function createFileSystemModules(
  call: WorkspaceOperationCall,
  defer: (callback: () => void) => void,
): FileSystemModules {
  const sync = createSyncFileSystem(call);
  const fs: Record<string, unknown> = {};
  const promises: Record<string, unknown> = {};
  const syncFunctions = sync as unknown as Record<string, (...args: unknown[]) => unknown>;

  for (const name in sync) fs[name] = publicFunction(name, syncFunctions[name] as Operation);
  (fs.realpathSync as { native?: unknown }).native = fs.realpathSync;

  /** Runs the operation now; hands its outcome to the program's callback later, as Node does. */
  const withCallback = (
    name: string,
    operation: Operation,
    shape: (result: unknown, args: unknown[]) => unknown[],
  ): Operation => {
    const named = {
      [name](...args: unknown[]): void {
        const callback = args.length > 0 ? args[args.length - 1] : undefined;
        validateFunction(callback, 'cb');
        ArrayPrototypeSplice(args, args.length - 1, 1);
        let result: unknown;
        try {
          result = ReflectApply(operation, undefined, args);
        } catch (error) {
          // Misuse (a wrong argument type) throws at once, as in Node; refusals go to the callback.
          if (!isFileSystemError(error)) throw error;
          if (ErrorCaptureStackTrace !== undefined) ErrorCaptureStackTrace(error, named);
          defer(() => ReflectApply(callback, undefined, [error]));
          return;
        }
        const outcome = shape(result, args);
        defer(() => ReflectApply(callback, undefined, outcome));
      },
    }[name] as Operation;
    return named;
  };
  const plain = (result: unknown) => [null, result];

  for (let i = 0; i < asyncNames.length; i++) {
    const name = asyncNames[i] as (typeof asyncNames)[number];
    const operation = syncFunctions[`${name}Sync`] as (...args: unknown[]) => unknown;
    fs[name] = withCallback(name, operation, plain);
    if (name === 'open') {
      promises.open = promiseFunction(
        'open',
        (...args: unknown[]) =>
          new FileHandle(ReflectApply(operation, undefined, args) as number, sync),
      );
    } else if (notInPromises[name] !== true) {
      promises[name] = promiseFunction(name, operation);
    }
  }
  (fs.realpath as { native?: unknown }).native = fs.realpath;
  fs.read = withCallback(
    'read',
    syncFunctions.readSync as (...args: unknown[]) => unknown,
    (count, args) => [null, count, args[1]],
  );
  fs.write = withCallback(
    'write',
    syncFunctions.writeSync as (...args: unknown[]) => unknown,
    (count, args) => [null, count, args[1]],
  );
  fs.exists = (target: unknown, callback: unknown) => {
    validateFunction(callback, 'cb');
    const found = sync.existsSync(target);
    defer(() => ReflectApply(callback, undefined, [found]));
  };

  const constants = ObjectFreeze({ ...fileSystemConstants });
  promises.constants = constants;
  fs.constants = constants;
  fs.F_OK = constants.F_OK;
  fs.R_OK = constants.R_OK;
  fs.W_OK = constants.W_OK;
  fs.X_OK = constants.X_OK;
  fs.Stats = Stats;
  fs.Dirent = Dirent;
  fs.promises = promises;
  return { fs, promises };
}
