import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CodeInterpreterOptions } from '../src/index';
import { createCodeInterpreter, InterpreterClosedError, WorkspaceError } from '../src/index';
import type { SupportedLanguage } from '../src/schema/code-execution-schema';
import type { interpreterTest } from './interpreter-fixture';

/** Programs that use the workspace, in the language under test. */
export interface WorkspacePrograms {
  /** Writes `text` (UTF-8) to `path`, replacing it. */
  writeFile(path: string, text: string): string;
  /** Prints the contents of the file at `path` (UTF-8) and a newline. */
  printFile(path: string): string;
  /** Deletes the file at `path`. */
  removeFile(path: string): string;
  /** Prints the working directory and a newline. */
  printWorkingDirectory: string;
  /** Writes `text` to `path`, then never ends on its own. */
  writeThenSpin(path: string, text: string): string;
  /** Opens `path` for writing and keeps the open file in the global `kept`. */
  openAndKeep(path: string): string;
  /** Writes `text` to the open file `kept`, then closes it. */
  writeKeptAndClose(text: string): string;
}

/**
 * The workspace's contract, the same in every language and Python runtime: a session's files
 * are the application's `session.files` and the programs' `/workspace`; a stateless run starts
 * empty and gets back what it wrote; files outlive a timeout; folders go with their sessions and
 * interpreters.
 */
export function workspaceContract(
  test: ReturnType<typeof interpreterTest>,
  language: SupportedLanguage,
  options: CodeInterpreterOptions,
  programs: WorkspacePrograms,
  /** `local: false` leaves out the test of this process's workspace folders (a remote interpreter). */
  { local = true }: { local?: boolean } = {},
): void {
  const input = (code: string, extra: { timeout?: number } = {}) => ({ language, code, ...extra });

  test('workspace: a session and the application share /workspace, and results list changes', async ({
    interpreter,
  }) => {
    const session = interpreter.createSession();
    try {
      await session.files.write('data/input.csv', 'x,y\n1,2\n');
      const read = await session.run(input(programs.printFile('data/input.csv')));
      expect(read.stdout).toBe('x,y\n1,2\n\n');
      expect(read.files).toBeUndefined();

      const where = await session.run(input(programs.printWorkingDirectory));
      expect(where.stdout).toBe('/workspace\n');

      const wrote = await session.run(input(programs.writeFile('out.txt', 'héllo')));
      expect(wrote.success).toBe(true);
      expect(wrote.files).toEqual([
        { path: '/workspace/out.txt', change: 'created', size: 6, mediaType: 'text/plain' },
      ]);
      expect(await session.files.readText('/workspace/out.txt')).toBe('héllo');

      const changed = await session.run(input(programs.writeFile('out.txt', 'bye')));
      expect(changed.files).toEqual([
        { path: '/workspace/out.txt', change: 'modified', size: 3, mediaType: 'text/plain' },
      ]);
      const removed = await session.run(input(programs.removeFile('/workspace/out.txt')));
      expect(removed.files).toEqual([
        { path: '/workspace/out.txt', change: 'deleted', size: 0, mediaType: 'text/plain' },
      ]);
      expect(
        (await session.files.list('/workspace', { recursive: true })).map((entry) => entry.path),
      ).toEqual(['/workspace/data', '/workspace/data/input.csv']);
    } finally {
      await session.close();
    }
    const error = await session.files.list().catch((e: unknown) => e);
    expect(InterpreterClosedError.isInstance(error)).toBe(true);
  });

  test('workspace: a stateless run starts empty or with its files, and gets back what it wrote', async ({
    interpreter,
  }) => {
    const first = await interpreter.run(input(programs.writeFile('report.md', '# one')));
    expect(first.files).toEqual([
      {
        path: '/workspace/report.md',
        change: 'created',
        size: 5,
        mediaType: 'text/markdown',
        data: Buffer.from('# one').toString('base64'),
      },
    ]);
    // The next run does not see it.
    const second = await interpreter.run(input(programs.printFile('report.md')));
    expect(second.success).toBe(false);
    const seeded = await interpreter.run(input(programs.printFile('in/numbers.txt')), {
      files: { 'in/numbers.txt': '1 2 3' },
    });
    expect(seeded).toMatchObject({ success: true, stdout: '1 2 3\n' });
    expect(seeded.files).toBeUndefined();
    const tooBig = await interpreter
      .run(input(programs.printFile('big.bin')), {
        files: { 'big.bin': new Uint8Array(65 * 1024 * 1024) },
      })
      .catch((e: unknown) => e);
    expect(WorkspaceError.isInstance(tooBig) && tooBig.code).toBe('EFBIG');
  });

  test('workspace: a file a session opened in one run is written and closed in a later one', async ({
    interpreter,
  }) => {
    const session = interpreter.createSession();
    try {
      expect((await session.run(input(programs.openAndKeep('notes.txt')))).success).toBe(true);
      const closed = await session.run(input(programs.writeKeptAndClose('later')));
      expect(closed.success).toBe(true);
      expect(await session.files.readText('notes.txt')).toBe('later');
    } finally {
      await session.close();
    }
  });

  test('workspace: files written before a timeout stay, and the result lists them', async ({
    interpreter,
  }) => {
    const session = interpreter.createSession();
    try {
      const stopped = await session.run(
        input(programs.writeThenSpin('partial.json', '{"done": 3}'), { timeout: 500 }),
      );
      expect(stopped.timedOut).toBe(true);
      expect(stopped.files).toEqual([
        {
          path: '/workspace/partial.json',
          change: 'created',
          size: 11,
          mediaType: 'application/json',
        },
      ]);
      expect(await session.files.readText('partial.json')).toBe('{"done": 3}');
      const next = await session.run(input(programs.printFile('partial.json')));
      expect(next.stdout).toBe('{"done": 3}\n');
    } finally {
      await session.close();
    }
  });

  (local ? test : () => {})(
    'workspace: folders go with their session, their run and their interpreter',
    async () => {
      const base = mkdtempSync(join(tmpdir(), 'workspace-contract-'));
      // Sandboxes may run as another user (nobody, under root): they must reach the root.
      chmodSync(base, 0o755);
      try {
        const interpreter = createCodeInterpreter({
          workers: 1,
          ...options,
          workspace: { root: base },
        });
        const [root] = readdirSync(base);
        const inRoot = () => readdirSync(join(base, root as string));
        try {
          await interpreter.run(input(programs.writeFile('a.txt', 'a')));
          await interpreter.run(input(programs.printFile('b.txt')), { files: { 'b.txt': 'b' } });
          const session = interpreter.createSession();
          await session.run(input(programs.writeFile('c.txt', 'c')));
          await expect.poll(inRoot).toHaveLength(1);
          await session.close();
          await expect.poll(inRoot).toEqual([]);
        } finally {
          await interpreter.close();
        }
        expect(readdirSync(base)).toEqual([]);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  );
}
