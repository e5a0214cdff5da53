import { type ChunkedFileSystem, createChunkedFile } from './chunked-file';

/** The standard library zip as a sandbox reads it: its size and how it is cut. */
export interface ChunkedStdlib {
  bytes: number;
  chunkBytes: number;
}

interface ModuleShape {
  /** Called by the patched loader instead of writing the zip it read (see patchPyodideLoader). */
  codeInterpreterStdlib?: (fs: ChunkedFileSystem, path: string) => void;
}
type CreateModule = (settings: Record<string, unknown>) => Promise<ModuleShape>;

/**
 * Wraps Pyodide's module factory so that the loader's standard library install makes the zip a
 * chunked file (see `createChunkedFile`) read from `chunks`: handles of the worker's one copy of
 * the zip (isolated-vm `ExternalCopy` handles, whose `copy()` gives a chunk's bytes in this
 * isolate without a call to the host). The hook is gone from the module once it has run.
 */
export function withChunkedStdlib(
  createModule: CreateModule,
  stdlib: ChunkedStdlib,
  chunks: readonly unknown[],
): CreateModule {
  const readChunk = (index: number) => {
    const bytes = (chunks[index] as { copy?: () => unknown } | undefined)?.copy?.();
    if (!(bytes instanceof ArrayBuffer)) {
      throw new RangeError(`The standard library has no chunk ${index}`);
    }
    return new Uint8Array(bytes);
  };
  return async (settings) => {
    settings.codeInterpreterStdlib = (fs: ChunkedFileSystem, path: string) => {
      createChunkedFile(fs, path, stdlib.bytes, stdlib.chunkBytes, readChunk);
    };
    const module = await createModule(settings);
    delete module.codeInterpreterStdlib;
    return module;
  };
}
