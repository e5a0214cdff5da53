import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type CodeInterpreter, createCodeInterpreter } from '@code-interpreter/core';

/**
 * Which runtime runs Python: `CODE_INTERPRETER_PYTHON=native|pyodide`, or by default the native
 * runtime (numpy, pandas, matplotlib charts) on Linux when bubblewrap and /usr/bin/python3 are
 * installed, and Pyodide (standard library only, works everywhere) otherwise.
 */
export function choosePythonRuntime(): 'native' | 'pyodide' {
  const chosen = process.env.CODE_INTERPRETER_PYTHON;
  if (chosen === 'native' || chosen === 'pyodide') return chosen;
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const hasBubblewrap = (process.env.PATH ?? '')
    .split(delimiter)
    .some((folder) => folder && executable(join(folder, 'bwrap')));
  return process.platform === 'linux' && hasBubblewrap && executable('/usr/bin/python3')
    ? 'native'
    : 'pyodide';
}

// One interpreter (its worker processes and warm pools) for the whole server. Kept on globalThis
// so that `next dev` reloading this module does not start a second set of worker processes.
const store = globalThis as typeof globalThis & { __chatCodeInterpreter?: CodeInterpreter };

/** The server's code interpreter, created on first use. */
export function getCodeInterpreter(): CodeInterpreter {
  store.__chatCodeInterpreter ??= createCodeInterpreter({
    python: choosePythonRuntime(),
    // What the model may ask for, at most: 20 s and 256 MB per run.
    maxTimeoutMs: 20_000,
    defaultTimeoutMs: 10_000,
    maxMemoryLimitMb: 256,
    maxOutputChars: 20_000,
    prewarm: true,
  });
  return store.__chatCodeInterpreter;
}
