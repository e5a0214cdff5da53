import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type IsolatedVM from 'isolated-vm';
import { RuntimeUnavailableError } from '../../../errors/runtime-unavailable-error';
import { coreDistFile, corePackageRoot } from '../../../package-files';
import { ivm } from '../../isolated-vm';
import { pyodideGlueModuleName, pyodideGlueSource } from './isolate/pyodide-glue-source';
import { pyodideIndexPath } from './isolate/pyodide-index-path';
import { webAssemblyOf } from './isolate/webassembly-types';
import { patchPyodideLoader, patchPyodideModule } from './patch-pyodide-sources';

/** Everything a Pyodide sandbox is booted from, read once per worker process. */
export interface PyodideAssets {
  /** The installed pyodide package's version. */
  version: string;
  /** The sandbox side (shims, memory guard, glue): `dist/pyodide-isolate.js`. */
  isolateSource: string;
  /** `pyodide.asm.mjs` and `pyodide.mjs`, patched into classic scripts. */
  moduleSource: string;
  loaderSource: string;
  /**
   * Files served to Pyodide's loader inside the sandbox, by path there (copied per sandbox).
   * `pyodide.asm.wasm` is served empty: the loader instantiates `wasmModule` instead, and never
   * reads the bytes (a 9 MB copy per sandbox saved). `pyodide-lock.json` is served as text: the
   * loader reads it as text, which as bytes the sandbox's JavaScript `TextDecoder` decoded at
   * every boot (119 KB, about 1 ms). `python_stdlib.zip` is served empty too: see `stdlib`.
   */
  files: ReadonlyArray<readonly [string, IsolatedVM.ExternalCopy<ArrayBuffer | string>]>;
  /**
   * The standard library zip (2.5 MB), held once per worker process in chunks that each sandbox
   * reads as its programs import from it (see `withChunkedStdlib`): a sandbox no longer holds a
   * copy of its own, nor copies it in at every boot (fresh pages: with the worker's malloc
   * threshold, a block this large is mapped on its own).
   */
  stdlib: {
    bytes: number;
    chunkBytes: number;
    chunks: IsolatedVM.ExternalCopy<ArrayBuffer>[];
  };
  /**
   * Python modules written into each sandbox: [file name, UTF-8 source] (the shared driver, the
   * glue). As bytes: a string written into Pyodide's file system is encoded one character at a
   * time by JavaScript a fresh isolate has not optimized (about 5 ms of every boot for these 70 KB).
   */
  pythonModules: ReadonlyArray<readonly [string, Uint8Array]>;
  /**
   * `pyodide.asm.wasm` compiled once per worker process, copied into every sandbox (a copy shares
   * the compiled code and holds no state: memory, globals and tables belong to each instance).
   * Saves every sandbox's compile of the 9 MB module (about 20 ms of a boot; see
   * scripts/profile-pyodide-boot.mjs).
   */
  wasmModule: IsolatedVM.ExternalCopy<object>;
}

/** The Pyodide files the sandbox needs from the installed package (nothing is fetched). */
const pyodidePackageFiles = ['pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];
/** The shared in-sandbox driver, `tools` and network modules, from the package's `python/` folder. */
const pythonModuleFiles = [
  'code_interpreter_driver.py',
  'code_interpreter_tools.py',
  'code_interpreter_network.py',
];

/** Bytes of one chunk of the standard library zip (see `PyodideAssets.stdlib`). */
const stdlibChunkBytes = 64 * 1024;

let assets: PyodideAssets | undefined;

/** The installed pyodide package: its folder and version. */
export function pyodidePackage(): { folder: string; version: string } {
  try {
    const manifestPath = createRequire(import.meta.url).resolve('pyodide/package.json');
    const { version } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
    return { folder: dirname(manifestPath), version };
  } catch (cause) {
    throw new RuntimeUnavailableError({
      runtime: 'pyodide',
      message:
        'The pyodide package is not installed next to @code-interpreter/core: reinstall @code-interpreter/core (pyodide is one of its dependencies).',
      cause,
    });
  }
}

/** The files of the pyodide package a sandbox is made of (see `pyodideSnapshotKey`). */
export const pyodideSourceFiles = [...pyodidePackageFiles, 'pyodide.asm.mjs', 'pyodide.mjs'];

/** The Python modules of core written into every Pyodide sandbox, in `python/`. */
export const corePythonModuleFiles: readonly string[] = pythonModuleFiles;

/** Reads and patches the assets on first use; later calls return the same object. */
export function loadPyodideAssets(): PyodideAssets {
  if (assets) return assets;
  const { folder: pyodideFolder, version } = pyodidePackage();
  const read = (name: string) => readFileSync(join(pyodideFolder, name));
  const wasm = read('pyodide.asm.wasm');
  const stdlibBytes = read('python_stdlib.zip');
  const served = (name: string, contents: ArrayBuffer | string) =>
    [`${pyodideIndexPath}${name}`, new ivm.ExternalCopy<ArrayBuffer | string>(contents)] as const;
  // pyodide.asm.wasm and python_stdlib.zip are served empty (see `files`).
  const files = [
    served('pyodide.asm.wasm', new ArrayBuffer(0)),
    served('python_stdlib.zip', new ArrayBuffer(0)),
    served('pyodide-lock.json', read('pyodide-lock.json').toString('utf8')),
  ];
  const stdlibChunks: IsolatedVM.ExternalCopy<ArrayBuffer>[] = [];
  for (let start = 0; start < stdlibBytes.length; start += stdlibChunkBytes) {
    const chunk = stdlibBytes.subarray(
      start,
      Math.min(start + stdlibChunkBytes, stdlibBytes.length),
    );
    stdlibChunks.push(new ivm.ExternalCopy(new Uint8Array(chunk).buffer, { transferOut: true }));
  }
  assets = {
    version,
    // Compiled from the bytes as read: no copy of them is made or kept (each copy of 9 MB cost
    // ~30–40 ms of a new worker's start, most of it page faults).
    wasmModule: new ivm.ExternalCopy(new (webAssemblyOf(globalThis).Module)(wasm)),
    isolateSource: readFileSync(coreDistFile('pyodide-isolate.js'), 'utf8'),
    moduleSource: patchPyodideModule(read('pyodide.asm.mjs').toString('utf8'), version),
    loaderSource: patchPyodideLoader(read('pyodide.mjs').toString('utf8'), version),
    files,
    stdlib: { bytes: stdlibBytes.length, chunkBytes: stdlibChunkBytes, chunks: stdlibChunks },
    pythonModules: [
      ...pythonModuleFiles.map(
        (name) =>
          [name, new Uint8Array(readFileSync(join(corePackageRoot(), 'python', name)))] as const,
      ),
      [`${pyodideGlueModuleName}.py`, new TextEncoder().encode(pyodideGlueSource)] as const,
    ],
  };
  return assets;
}
