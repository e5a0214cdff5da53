import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Runs cells through the shared in-sandbox driver (packages/core/python/code_interpreter_driver.py)
 * on plain CPython, through run_cells.py, which runs them in one Driver (a session) and prints the
 * results as JSON. Extra interpreters (e.g. a Python 3.14 like Pyodide's) can be added with
 * CODE_INTERPRETER_TEST_PYTHONS=/path/to/python3.14:/path/to/python3.12.
 */

export interface DriverError {
  name: string;
  message: string;
  line: number | null;
  column?: number;
  stack: string;
}
export interface DriverResult {
  stdout: string;
  stderr: string;
  value: string | null;
  error: DriverError | null;
  images: { mediaType: string; data: string }[];
  truncated: boolean;
}
export interface CellOutput {
  result: DriverResult;
  chunks: [string, string][];
}
export interface Cell {
  code: string;
  maxOutputChars?: number;
  /** The caps the host passes with a run (`resultCaps`); the driver's own when absent. */
  resultCaps?: Record<string, number>;
}

const harness = join(import.meta.dirname, 'run_cells.py');
export const systemPython = '/usr/bin/python3';
const extraPythons = (process.env.CODE_INTERPRETER_TEST_PYTHONS ?? '').split(':').filter(Boolean);
const configFolder = mkdtempSync(join(tmpdir(), 'driver-test-mpl-'));
afterAll(() => rmSync(configFolder, { recursive: true, force: true }));

export function runCells(
  python: string,
  cells: (Cell | string)[],
  options: { mode?: 'sync' | 'async'; stream?: boolean } = {},
): Promise<CellOutput[]> {
  const request = {
    cells: cells.map((cell) => (typeof cell === 'string' ? { code: cell } : cell)),
    mode: options.mode ?? 'sync',
    stream: options.stream ?? false,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-I', '-B', harness], {
      env: {
        PATH: '/usr/bin:/bin',
        MPLCONFIGDIR: configFolder,
        OPENBLAS_NUM_THREADS: '1',
        LANG: 'C.UTF-8',
      },
      cwd: configFolder,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`harness exited with ${code}:\n${stderr}\n${stdout}`));
      try {
        resolve(JSON.parse(stdout) as CellOutput[]);
      } catch (error) {
        reject(new Error(`harness printed invalid JSON (${String(error)}):\n${stdout}\n${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}

export async function runOne(
  python: string,
  code: string,
  options: { mode?: 'sync' | 'async' } = {},
): Promise<DriverResult> {
  const [output] = await runCells(python, [code], options);
  return (output as CellOutput).result;
}

export const pythons = [systemPython, ...extraPythons];
