import { describe, expect, it } from 'vitest';
import { createCodeInterpreter, type ExecutionResult } from '../../packages/core/src/index';
import {
  allSandboxWorkerProcesses,
  sandboxWorkerPids,
} from '../../packages/core/test/sandbox-worker-processes';
import { loadSetting } from './fixtures';

/**
 * Mixed load with hostile programs in it. Counts come from LOAD_RUNS / LOAD_CONCURRENCY (CI runs
 * the defaults: 1,000 runs, 50 at a time).
 */
const runs = loadSetting('LOAD_RUNS', 1_000);
const concurrency = loadSetting('LOAD_CONCURRENCY', 50);

interface Job {
  input: {
    language: 'javascript' | 'typescript' | 'python';
    code: string;
    timeout?: number;
    memoryLimit?: number;
  };
  check: (result: ExecutionResult) => void;
}

function benign(index: number): Job {
  const kind = index % 10;
  if (kind === 3) {
    return {
      input: {
        language: 'python',
        code: `before = 'leak' in globals()\nleak = ${index}\nprint(before, ${index} * 2)`,
      },
      check: (result) => expect(result.stdout).toBe(`False ${index * 2}\n`),
    };
  }
  if (kind % 2 === 0) {
    return {
      input: {
        language: 'typescript',
        code: `const before: string = typeof (globalThis as any).leak;\n(globalThis as any).leak = ${index};\n\`\${before}:\${${index} * 2}\``,
      },
      check: (result) => expect(result.value).toBe(`'undefined:${index * 2}'`),
    };
  }
  return {
    input: {
      language: 'javascript',
      code: `const before = typeof globalThis.leak; globalThis.leak = ${index}; console.log(before, ${index} * 2)`,
    },
    check: (result) => expect(result.stdout).toBe(`undefined ${index * 2}\n`),
  };
}

/**
 * What a program stopped at its deadline ends with: a TimeoutError that names its own deadline.
 * How it was stopped depends on the load: a terminable program is stopped in its isolate, but
 * with 50 runs on two cores its parse may outlast a 300 ms deadline, or its stop may outlast the
 * grace and cost its worker. A program that ignores termination always costs its worker.
 */
function stoppedAtDeadline(timeoutMs: number, stop: 'terminable' | 'ignores termination') {
  const parsing = `Execution timed out after ${timeoutMs} ms while the code was still being parsed: the program was stopped before it ran. Simplify the code (deeply nested generics or parentheses are slow to parse).`;
  const killed = `Execution timed out after ${timeoutMs} ms: the program did not stop at its deadline, so its sandbox process was killed. The session was reset: variables from earlier runs are gone.`;
  const stopped = `Execution timed out after ${timeoutMs} ms: the program was stopped. Make it do less work, or end loops and timers sooner.`;
  const messages = stop === 'terminable' ? [stopped, parsing, killed] : [killed, parsing];
  return (result: ExecutionResult) => {
    expect(result).toMatchObject({ success: false, timedOut: true });
    expect(result.errorInfo?.name).toBe('TimeoutError');
    expect(messages).toContain(result.errorInfo?.message);
  };
}

/**
 * What a memory bomb ends with: `MemoryLimitError` naming its limit, or, when the load kept it
 * from running long enough to reach it, what `atDeadline` expects.
 */
function stoppedAtMemoryLimit(limitMb: number, atDeadline: (result: ExecutionResult) => void) {
  return (result: ExecutionResult) => {
    if (result.timedOut) return atDeadline(result);
    expect(result).toMatchObject({
      success: false,
      errorInfo: {
        name: 'MemoryLimitError',
        message: `Memory limit exceeded: the program needed more than ${limitMb} MB and was stopped. Use smaller data or process it in pieces.`,
      },
    });
  };
}

const hostilePrograms: Job[] = [
  {
    input: { language: 'javascript', code: 'while (true) {}', timeout: 300 },
    check: stoppedAtDeadline(300, 'terminable'),
  },
  {
    input: {
      language: 'javascript',
      // 400 KB of heap a step for almost no work. With 50 runs queued for two workers' threads it
      // may still not get to run long enough before its deadline: then it is a TimeoutError at
      // that deadline, never any other failure.
      code: 'const keep = []; for (;;) keep.push(new Array(5e4).fill(1.5))',
      memoryLimit: 32,
      timeout: 10_000,
    },
    check: stoppedAtMemoryLimit(32, stoppedAtDeadline(10_000, 'terminable')),
  },
  {
    input: {
      language: 'javascript',
      code: 'for (;;) console.log("flood flood flood")',
      timeout: 300,
    },
    check: (result) => {
      stoppedAtDeadline(300, 'terminable')(result);
      // Only the program's own lines (cut mid-line at the cap), and the cut's note.
      expect(result.stdout.length).toBeLessThan(21_000);
      const foreign = result.stdout
        .split('\n')
        .filter(
          (line) =>
            !'flood flood flood'.includes(line) &&
            !/^\.\.\. \[\d+ characters of output omitted\] \.\.\.$/.test(line),
        );
      expect(foreign).toEqual([]);
    },
  },
  {
    input: { language: 'typescript', code: 'for (;;) { await null }', timeout: 300 },
    check: stoppedAtDeadline(300, 'terminable'),
  },
  {
    // A builtin that runs on after its isolate was disposed at the memory limit: stopped at the
    // limit (its worker retired), or, queued behind the load, at its deadline.
    input: { language: 'javascript', code: 'Array(1e9).fill(0)', memoryLimit: 32, timeout: 5_000 },
    check: stoppedAtMemoryLimit(32, stoppedAtDeadline(5_000, 'ignores termination')),
  },
  {
    input: { language: 'python', code: 'while True:\n    pass', timeout: 500 },
    check: stoppedAtDeadline(500, 'terminable'),
  },
];

function hostile(index: number): Job {
  return hostilePrograms[Math.floor(index / 10) % hostilePrograms.length] as Job;
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

describe('load', () => {
  it(`${runs} mixed runs, ${concurrency} at a time, one in ten hostile`, async () => {
    const interpreter = createCodeInterpreter({
      workers: 2,
      maxOutputChars: 20_000,
      ...(process.env.DEBUG_LOAD
        ? {
            onLog: (level: string, message: string) =>
              console.log('LOG', level, message.slice(0, 300)),
          }
        : {}),
    });
    const rssBefore = process.memoryUsage().rss;
    const failures: string[] = [];
    const started = performance.now();
    try {
      const jobs = Array.from({ length: runs }, (_, index) =>
        index % 10 === 9 ? hostile(index) : benign(index),
      );
      await pool(jobs, concurrency, async (job) => {
        const result = await interpreter.run(job.input);
        try {
          job.check(result);
        } catch (error) {
          failures.push(
            `${job.input.language} ${JSON.stringify(job.input.code.slice(0, 60))}: ${(error as Error).message} | ${result.error ?? ''}`,
          );
        }
      });
    } finally {
      await interpreter.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1048576;
    console.log(
      `load: ${runs} runs in ${seconds.toFixed(1)} s (${(runs / seconds).toFixed(0)} runs/s), host RSS growth ${rssGrowthMb.toFixed(1)} MB`,
    );
    expect(failures.slice(0, 10)).toEqual([]);
    expect(rssGrowthMb).toBeLessThan(200);
    expect(sandboxWorkerPids()).toEqual([]);
    expect(allSandboxWorkerProcesses()).toEqual([]);
  });

  it('a worker killed with SIGKILL mid-run: its runs end cleanly, others are unaffected, the pool recovers', async () => {
    const interpreter = createCodeInterpreter({ workers: 2, languages: ['javascript'] });
    try {
      await Promise.all(
        [1, 2, 3, 4].map(() => interpreter.run({ language: 'javascript', code: '1' })),
      );
      const slow = Array.from({ length: 12 }, (_, index) =>
        interpreter.run({
          language: 'javascript',
          code: `await new Promise((r) => setTimeout(r, 1500)); ${index}`,
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [victim] = sandboxWorkerPids();
      process.kill(victim as number, 'SIGKILL');
      const results = await Promise.all(slow);
      const crashed = results.filter((result) => result.errorInfo?.name === 'SandboxCrashedError');
      const finished = results.filter((result) => result.success);
      expect(crashed.length).toBeGreaterThan(0);
      expect(finished.length).toBeGreaterThan(0);
      expect(crashed.length + finished.length).toBe(results.length);
      for (const result of finished) expect(results.indexOf(result).toString()).toBe(result.value);
      const after = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          interpreter.run({ language: 'javascript', code: `${index} * 3` }),
        ),
      );
      expect(after.map((result) => result.value)).toEqual([
        '0',
        '3',
        '6',
        '9',
        '12',
        '15',
        '18',
        '21',
      ]);
    } finally {
      await interpreter.close();
    }
    expect(sandboxWorkerPids()).toEqual([]);
  });

  it('two sessions interleaving runs never see each other', async () => {
    const interpreter = createCodeInterpreter({
      workers: 2,
      languages: ['javascript', 'typescript'],
    });
    const sessions = [interpreter.createSession(), interpreter.createSession()];
    try {
      await Promise.all(
        sessions.map((session, index) =>
          session.run({ language: 'javascript', code: `var owner = ${index}; var count = 0` }),
        ),
      );
      const rounds = 40;
      const results = await Promise.all(
        Array.from({ length: rounds * 2 }, (_, step) =>
          (sessions[step % 2] as (typeof sessions)[number]).run({
            language: step % 4 < 2 ? 'javascript' : 'typescript',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: sandbox code, not a template here.
            code: 'count += 1; `${owner}:${count}`',
          }),
        ),
      );
      const seen = [new Set<string>(), new Set<string>()];
      results.forEach((result, step) => {
        const owner = step % 2;
        expect(result.value?.startsWith(`'${owner}:`)).toBe(true);
        seen[owner]?.add(result.value as string);
      });
      expect(seen[0]?.size).toBe(rounds);
      expect(seen[1]?.size).toBe(rounds);
    } finally {
      await interpreter.close();
    }
  });
});
