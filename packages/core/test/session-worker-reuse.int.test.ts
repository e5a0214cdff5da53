import { afterAll, describe, expect, test } from 'vitest';
import type { CodeInterpreterSession } from '../src/interpreter/code-interpreter';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';
import { sandboxWorkerPids } from './sandbox-worker-processes';

// A session worker in which no program of its sessions ran (native Python runs in boxes of its
// own) is kept for the next session; one in which a JavaScript program or a shell command line
// ran exits with its sessions, as before (see SessionWorkerPool).

const interpreter = createCodeInterpreter({ python: 'native', workers: 1 });
afterAll(() => interpreter.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sandbox worker processes once the spare that a session's first run asks for is started. */
async function settledWorkers(): Promise<Set<number>> {
  await sleep(400);
  return new Set(sandboxWorkerPids());
}

/** Whether one of `pids` exits within `ms`. */
async function oneExits(pids: Set<number>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const now = new Set(sandboxWorkerPids());
    if ([...pids].some((pid) => !now.has(pid))) return true;
    await sleep(50);
  }
  return false;
}

async function used(
  session: CodeInterpreterSession,
  language: 'python' | 'javascript' | 'shell',
): Promise<void> {
  if (language === 'shell') {
    expect((await session.exec({ command: 'echo shell' })).stdout).toBe('shell\n');
    return;
  }
  const result = await session.run({
    language,
    code: language === 'python' ? 'secret = 42\nprint(secret)' : 'globalThis.secret = 42; 42',
  });
  expect(result.error).toBeUndefined();
}

describe('session workers', () => {
  test('a worker whose session only ran native Python holds the next session, which sees nothing of the first', async () => {
    const first = interpreter.createSession();
    await used(first, 'python');
    await first.files.write('left.txt', 'from the first session');
    const before = await settledWorkers();
    await first.close();
    expect(await oneExits(before, 1000)).toBe(false);

    const next = interpreter.createSession();
    const result = await next.run({
      language: 'python',
      code: [
        'import os',
        "print('secret' in globals(), os.listdir('/workspace'), os.listdir('/tmp'))",
      ].join('\n'),
    });
    expect(result.error).toBeUndefined();
    expect(result.stdout).toMatch(/^False \[\] \[/);
    // No process started for it, none left: the first session's worker holds it.
    expect(await settledWorkers()).toEqual(before);
    await next.close();
  });

  test('sessions back to back move between the reusable worker and the spare, start no process, and see nothing of each other', async () => {
    // The first places the spare (if any) and starts the next; both are settled before the loop.
    const warm = interpreter.createSession();
    await used(warm, 'python');
    const before = await settledWorkers();
    await warm.close();
    await sleep(400);
    for (let index = 0; index < 6; index++) {
      const session = interpreter.createSession();
      const result = await session.run({
        language: 'python',
        code: [
          'import os',
          "print('secret' in globals(), os.listdir('/workspace'))",
          `secret = ${index}`,
        ].join('\n'),
      });
      expect(result.error).toBeUndefined();
      expect(result.stdout).toBe('False []\n');
      await session.files.write(`left-${index}.txt`, 'from an earlier session');
      await session.close();
    }
    expect(await settledWorkers()).toEqual(before);
  });

  test('a burst of sessions while another is open starts no spare worker until the burst pauses', async () => {
    // One session stays open (its worker is busy); the burst's sessions, each closed at once,
    // are served by the reusable worker and the spare. A spare started during the burst would
    // take a second of CPU from it: the next one starts once no session was placed for 100 ms.
    const open = interpreter.createSession();
    await used(open, 'python');
    const before = await settledWorkers();
    const seen = new Set(before);
    const started = Date.now();
    for (let index = 0; Date.now() - started < 600 || index < 10; index++) {
      const session = interpreter.createSession();
      const result = await session.run({ language: 'python', code: `${index} + 1` });
      expect(result.value).toBe(String(index + 1));
      await session.close();
      for (const pid of sandboxWorkerPids()) seen.add(pid);
    }
    expect(seen).toEqual(before);
    await open.close();
  });

  test.each([
    ['a JavaScript program', 'javascript'],
    ['a shell command line', 'shell'],
  ] as const)(
    'a worker in which %s of a session ran exits once the session is closed',
    async (_, language) => {
      const session = interpreter.createSession();
      await used(session, 'python');
      await used(session, language);
      const before = await settledWorkers();
      await session.close();
      expect(await oneExits(before, 5000)).toBe(true);
    },
  );
});
