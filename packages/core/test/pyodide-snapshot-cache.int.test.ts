import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';

/**
 * The Pyodide snapshot kept between processes (CODE_INTERPRETER_CACHE_DIR): the first
 * interpreter makes it and writes it, the next ones read it instead of spending ~6 s making
 * their own; a tampered file or an unsafe folder is never used.
 */
const root = mkdtempSync(join(tmpdir(), 'pyodide-snapshot-cache-'));
const previous = process.env.CODE_INTERPRETER_CACHE_DIR;
afterAll(() => {
  if (previous === undefined) delete process.env.CODE_INTERPRETER_CACHE_DIR;
  else process.env.CODE_INTERPRETER_CACHE_DIR = previous;
  rmSync(root, { recursive: true, force: true });
});

/** A fresh interpreter on `folder`'s cache: runs `code` in Python and returns what it logged. */
async function runWithCache(folder: string, code: string) {
  process.env.CODE_INTERPRETER_CACHE_DIR = folder;
  const logs: string[] = [];
  const interpreter = createCodeInterpreter({
    languages: ['python'],
    workers: 1,
    onLog: (_level, message) => logs.push(message),
  });
  try {
    const result = await interpreter.run({ language: 'python', code });
    return { result, logs };
  } finally {
    await interpreter.close();
  }
}

describe('the Pyodide snapshot cache', () => {
  const folder = join(root, 'cache');

  it('the first interpreter makes the snapshot and keeps it in a file only this user may read', async () => {
    const { result, logs } = await runWithCache(folder, 'leaked = "from the first"\nprint(6 * 7)');
    expect(result.stdout).toBe('42\n');
    expect(logs.some((message) => message.startsWith('Made the Pyodide snapshot'))).toBe(true);
    const [file] = readdirSync(folder);
    expect(file).toMatch(/^pyodide-[0-9a-f]{64}\.bin$/);
    expect(statSync(join(folder, file as string)).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
  });

  it("every worker, stateless or a session's, boots from the image the interpreter hands it", async () => {
    process.env.CODE_INTERPRETER_CACHE_DIR = folder;
    const logs: string[] = [];
    const interpreter = createCodeInterpreter({
      languages: ['python'],
      workers: 2,
      onLog: (level, message) => logs.push(`${level}: ${message}`),
    });
    try {
      const runs = [interpreter.run({ language: 'python', code: 'print(2 ** 5)' })];
      for (let index = 0; index < 3; index++) {
        const session = interpreter.createSession();
        runs.push(
          session
            .run({ language: 'python', code: `x = ${index}\nprint(x * 10)` })
            .finally(() => session.close()),
        );
      }
      const results = await Promise.all(runs);
      expect(results.map((result) => result.stdout)).toEqual(['32\n', '0\n', '10\n', '20\n']);
    } finally {
      await interpreter.close();
    }
    // The image came whole over each worker's bulk channel: no worker made its own.
    expect(logs.filter((message) => /makes its own|did not arrive whole/.test(message))).toEqual(
      [],
    );
  });

  it('the next interpreter reads it instead, and starts as clean', async () => {
    const { result, logs } = await runWithCache(
      folder,
      'import sys\nprint("leaked" in globals(), len(sys.modules) > 10, 2 ** 10)',
    );
    expect(result.stdout).toBe('False True 1024\n');
    expect(logs.some((message) => message.startsWith('Read the Pyodide snapshot from'))).toBe(true);
    expect(logs.some((message) => message.startsWith('Made the Pyodide snapshot'))).toBe(false);
  });

  it('a tampered file is not used: the snapshot is made again', async () => {
    const [file] = readdirSync(folder);
    const path = join(folder, file as string);
    const data = readFileSync(path);
    data.writeUInt8(data.readUInt8(data.length - 1000) ^ 0xff, data.length - 1000);
    writeFileSync(path, data, { mode: 0o600 });
    const { result, logs } = await runWithCache(folder, 'print("again")');
    expect(result.stdout).toBe('again\n');
    expect(logs.some((message) => message.startsWith('Read the Pyodide snapshot'))).toBe(false);
    expect(logs.some((message) => message.startsWith('Made the Pyodide snapshot'))).toBe(true);
  });

  it('a folder others may write is not used, and says so', async () => {
    const open = join(root, 'open');
    const { logs: first } = await runWithCache(open, 'print(1)');
    expect(first.some((message) => message.startsWith('Made the Pyodide snapshot'))).toBe(true);
    chmodSync(open, 0o777);
    const { result, logs } = await runWithCache(open, 'print(2)');
    expect(result.stdout).toBe('2\n');
    expect(logs).toContainEqual(
      expect.stringMatching(/^The Pyodide snapshot cache is not used: .*only it may write/),
    );
    expect(logs.some((message) => message.startsWith('Read the Pyodide snapshot'))).toBe(false);
  });
});
