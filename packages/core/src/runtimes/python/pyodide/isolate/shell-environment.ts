/**
 * The globals that make Pyodide pick its d8-shell mode inside a V8 isolate: `read` and `load`
 * (checked with `typeof` when the loader is evaluated) and `readbuffer(path)`, which the loader
 * and the Emscripten module call to read `pyodide.asm.wasm`, `python_stdlib.zip` and
 * `pyodide-lock.json`. They serve copies the host passed in; nothing reaches the host's files.
 * All three are removed once Pyodide has booted.
 */

const shellGlobalNames = ['read', 'load', 'readbuffer'] as const;

/** The files the shell globals serve, by absolute path inside the sandbox. */
export interface ShellFiles {
  /** A file's bytes, or its text (served by `read` as it is, with no decoding). */
  set(path: string, contents: ArrayBuffer | string): void;
  /** Deletes the shell globals and drops the file copies. */
  remove(): void;
}

export function installShellEnvironment(global: typeof globalThis): ShellFiles {
  const files = new Map<string, ArrayBuffer | string>();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const open = (path: unknown): ArrayBuffer | string => {
    const contents = files.get(String(path));
    if (contents === undefined) {
      throw new Error(
        `ENOENT: ${String(path)} is not available in this sandbox (no network, no host files)`,
      );
    }
    return contents;
  };
  const functions: Record<(typeof shellGlobalNames)[number], (path: unknown) => unknown> = {
    readbuffer: (path) => {
      const contents = open(path);
      return typeof contents === 'string' ? encoder.encode(contents).buffer : contents;
    },
    read: (path) => {
      const contents = open(path);
      return typeof contents === 'string' ? contents : decoder.decode(contents);
    },
    load: (path) => {
      throw new Error(`load(${String(path)}) is not available in this sandbox`);
    },
  };
  for (const name of shellGlobalNames) {
    Object.defineProperty(global, name, {
      value: functions[name],
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }
  return {
    set(path, contents) {
      files.set(path, contents);
    },
    remove() {
      for (const name of shellGlobalNames) {
        delete (global as Record<string, unknown>)[name];
      }
      files.clear();
    },
  };
}
