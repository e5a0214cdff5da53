import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The machine's CPython: the interpreter the native runtime runs (the PATH `python3` is a slow pyenv shim). */
export const systemPython = '/usr/bin/python3';

/** A cell as a notebook shows it: both streams, the last expression's repr, the uncaught error. */
export interface CellView {
  stdout: string;
  stderr: string;
  value: string | null;
  error: {
    name: string;
    message: string;
    line: number | null;
    column?: number;
    stack: string;
  } | null;
}

export interface ReferenceRun {
  /** `sys.version` of the reference interpreter. */
  version: string;
  results: Record<string, CellView>;
}

const harness = join(import.meta.dirname, 'notebook_cell_reference.py');

/**
 * Runs every case as a notebook cell under plain CPython (notebook_cell_reference.py, which
 * imports nothing of ours), in one process: all cases in as JSON, all results out as JSON.
 */
export function runReferenceCells(
  cases: readonly { name: string; code: string }[],
  python = systemPython,
): Promise<ReferenceRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-I', '-B', harness], {
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`${python} ${harness} exited with ${code}:\n${stderr}`));
      try {
        resolve(JSON.parse(stdout) as ReferenceRun);
      } catch (error) {
        reject(
          new Error(`the reference printed invalid JSON (${String(error)}):\n${stdout}\n${stderr}`),
        );
      }
    });
    child.stdin.end(JSON.stringify({ cases }));
  });
}
