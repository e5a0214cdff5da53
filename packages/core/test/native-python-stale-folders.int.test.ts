import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';
import { sandboxWorkerPids } from './sandbox-worker-processes';

// A worker killed before it closed its native runtime leaves its folders in the temporary folder
// (the boxes' slots, the zygote's socket, the matplotlib font list). A worker under bubblewrap has
// a /tmp of its own, gone with it; an unconfined one (no bubblewrap on the host) shares the
// host's: the next native runtime removes what dead processes left, by the pid in each name.

const interpreter = createCodeInterpreter({
  python: 'native',
  languages: ['python'],
  workers: 1,
  workerIsolation: 'none',
});
afterAll(() => interpreter.close());

const prefixes = [
  'code-interpreter-native-slots-',
  'code-interpreter-zygote-',
  'code-interpreter-matplotlib-',
];

/** The temporary folders of the native runtime named after `pid`. */
const foldersOf = (pid: number) =>
  readdirSync(tmpdir()).filter((name) =>
    prefixes.some((prefix) => name.startsWith(`${prefix}${pid}-`)),
  );

describe('native Python: folders of a killed worker', () => {
  it('are removed by the next worker’s native runtime', async () => {
    expect((await interpreter.run({ language: 'python', code: '1 + 1' })).value).toBe('2');
    const [worker] = sandboxWorkerPids();
    expect(worker).toBeDefined();
    // The font list is built in the background: wait until it is there too.
    const until = Date.now() + 20_000;
    while (foldersOf(worker as number).length < prefixes.length && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(foldersOf(worker as number)).toHaveLength(prefixes.length);
    process.kill(worker as number, 'SIGKILL');
    const gone = Date.now() + 10_000;
    while (sandboxWorkerPids().includes(worker as number) && Date.now() < gone) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sandboxWorkerPids()).not.toContain(worker);
    // Once the supervisor has seen it go, the next run gets a new worker, whose native runtime
    // sweeps when it starts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await interpreter.run({ language: 'python', code: '2 + 2' });
    expect(next.value, JSON.stringify(next)).toBe('4');
    expect(foldersOf(worker as number)).toEqual([]);
  }, 60_000);
});
