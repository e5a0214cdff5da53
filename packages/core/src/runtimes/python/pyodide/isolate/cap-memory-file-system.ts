/**
 * Files written inside the sandbox live in Emscripten's MEMFS, as typed arrays on the isolate's
 * heap. When one cannot grow (the heap limit, or a sparse seek to 10**12), MEMFS would throw a
 * RangeError through the system call, which Pyodide treats as a fatal error of the whole
 * interpreter. This turns it into ENOSPC, so Python raises `OSError: [Errno 28] No space left on
 * device` and the program (and a session's state) carries on.
 */

/** The slice of Pyodide's file system API this file touches. */
export interface MemoryFileSystemApi {
  FS: {
    filesystems: { MEMFS: Record<string, unknown> };
    ErrnoError: new (errno: number) => Error;
  };
  ERRNO_CODES: Record<string, number>;
}

const growingOperations = ['expandFileStorage', 'resizeFileStorage'];

export function capMemoryFileSystem(api: MemoryFileSystemApi): void {
  const memfs = api.FS.filesystems.MEMFS;
  const { ErrnoError } = api.FS;
  const noSpace = api.ERRNO_CODES.ENOSPC ?? 51;
  const RangeErrorCtor = RangeError;
  const apply = Reflect.apply;
  for (const name of growingOperations) {
    const original = memfs[name];
    if (typeof original !== 'function') continue;
    memfs[name] = function (this: unknown, ...args: unknown[]) {
      try {
        return apply(original, this, args);
      } catch (error) {
        if (error instanceof RangeErrorCtor) throw new ErrnoError(noSpace);
        throw error;
      }
    };
  }
}
