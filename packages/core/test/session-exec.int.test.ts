import { test as base, describe, expect } from 'vitest';
import { RunAbortedError } from '../src/errors/run-aborted-error';
import type { CodeInterpreter } from '../src/interpreter/code-interpreter';
import type { CodeInterpreterOptions } from '../src/interpreter/code-interpreter-options';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';

/** Median wall time of `count` calls, in ms. */
async function median(count: number, action: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await action();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

function sessionExecSuite(name: string, options: CodeInterpreterOptions) {
  const test = base.extend<{ interpreter: CodeInterpreter }>({
    interpreter: [
      // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take a destructuring first argument.
      async ({}, use) => {
        const interpreter = createCodeInterpreter({
          workers: 1,
          // Small enough for a shell to fill it quickly.
          workspace: { maxBytes: 2_000_000 },
          ...options,
        });
        await use(interpreter);
        await interpreter.close();
      },
      { scope: 'file' },
    ],
  });

  describe(`session.exec (${name})`, () => {
    test('runs coreutils over files the application wrote, and lists what it wrote', async ({
      interpreter,
    }) => {
      const session = interpreter.createSession();
      try {
        await session.files.write('data.csv', 'name,score\nada,3\nbob,5\ncyd,4\n');
        await session.files.write('notes/todo.txt', 'TODO: one\ndone: two\nTODO: three\n');
        const listing = await session.exec({ command: 'ls -la' });
        expect(listing).toMatchObject({ exitCode: 0, stderr: '', timedOut: false });
        expect(listing.stdout).toMatch(/data\.csv/);
        expect(listing.files).toBeUndefined();

        const result = await session.exec({
          command:
            "echo x > f && cat f && cat data.csv | grep -c , && sed -n 2p data.csv && awk -F, 'NR>1 {s+=$2} END {print s}' data.csv && find . -name '*.txt' && grep -r TODO notes | wc -l && sort -t, -k2 -n data.csv | tail -1 > best.txt",
        });
        expect(result.stderr).toBe('');
        expect(result).toMatchObject({
          exitCode: 0,
          stdout: 'x\n4\nada,3\n12\n./notes/todo.txt\n2\n',
        });
        expect(result.files?.map((file) => [file.path, file.change]).sort()).toEqual([
          ['/workspace/best.txt', 'created'],
          ['/workspace/f', 'created'],
        ]);
        expect(await session.files.readText('best.txt')).toBe('bob,5\n');
        expect((await session.exec({ command: 'exit 3' })).exitCode).toBe(3);
        expect((await session.exec({ command: 'false || echo ok' })).stdout).toBe('ok\n');
      } finally {
        await session.close();
      }
    });

    test('python3 and node run as commands: files, -c, -e, stdin, arguments, exit codes', async ({
      interpreter,
    }) => {
      const session = interpreter.createSession();
      try {
        await session.files.write('data.csv', 'name,score\nada,3\nbob,5\n');
        await session.files.write(
          'total.py',
          'import csv, sys\nrows = list(csv.DictReader(open(sys.argv[1])))\nprint(sys.argv[1:], sum(int(r["score"]) for r in rows))\nopen("total.txt", "w").write("8")\n',
        );
        const script = await session.exec({ command: 'python3 total.py data.csv' });
        expect(script.stderr).toBe('');
        expect(script).toMatchObject({ exitCode: 0, stdout: "['data.csv'] 8\n" });
        expect(script.files?.map((file) => file.path)).toEqual(['/workspace/total.txt']);

        const inline = await session.exec({
          command:
            'python3 -c "print(6*7)" && python -c "import sys; print(sys.stdin.read().upper())"',
          stdin: 'piped in',
        });
        expect(inline).toMatchObject({ exitCode: 0, stdout: '42\nPIPED IN\n' });

        const piped = await session.exec({
          command:
            'printf "3\\n1\\n2\\n" | python3 -c "import sys; print(sorted(int(l) for l in sys.stdin))" | tr -d "[]"',
        });
        expect(piped.stdout).toBe('1, 2, 3\n');

        const failed = await session.exec({ command: 'python3 -c "1/0"; echo "status $?"' });
        expect(failed.stdout).toBe('status 1\n');
        expect(failed.stderr).toMatch(/^Traceback \(most recent call last\):\n/);
        expect(failed.stderr).toMatch(/ZeroDivisionError: division by zero\n$/);
        expect(
          (await session.exec({ command: 'python3 -c "import sys; sys.exit(4)"' })).exitCode,
        ).toBe(4);

        if (interpreter.capabilities.languages.includes('javascript')) {
          const node = await session.exec({
            command:
              'node -e "console.log(process.argv.length, 2 ** 10)"; node -e "throw new TypeError(\'nope\')"; echo "status $?"',
          });
          expect(node.stdout).toBe('1 1024\nstatus 1\n');
          expect(node.stderr).toMatch(/^TypeError: nope\n/);
        }
      } finally {
        await session.close();
      }
    });

    test('reaches nothing of the host and makes no links', async ({ interpreter }) => {
      const session = interpreter.createSession();
      try {
        await session.files.write('target.txt', 'x');
        for (const command of [
          'cat /etc/passwd',
          'cat ../../etc/passwd',
          'cd /etc && cat passwd',
          'cat /proc/1/environ',
          'ls /home /root /usr/lib',
        ]) {
          const result = await session.exec({ command });
          expect(result.exitCode, command).not.toBe(0);
          expect(result.stdout, command).not.toMatch(/root:|PATH=|CODE_INTERPRETER/);
        }
        const link = await session.exec({ command: 'ln -s /etc/passwd leak; cat leak' });
        expect(link.exitCode).not.toBe(0);
        expect(link.stderr).toMatch(/symbolic links cannot be made in the workspace/);
        expect(await session.files.exists('leak')).toBe(false);
        const env = await session.exec({ command: 'env' });
        expect(env.stdout).not.toMatch(/CODE_INTERPRETER|WORKER_SETTINGS/);
      } finally {
        await session.close();
      }
    });

    test('a shell filling the workspace gets ENOSPC-style errors', async ({ interpreter }) => {
      const session = interpreter.createSession();
      try {
        const result = await session.exec({
          command:
            'for i in $(seq 1 100); do printf "%0100000d" 0 > part$i.txt; done; echo "loop status $?"',
        });
        expect(result.stdout).toBe('loop status 1\n');
        expect(result.stderr).toMatch(/ENOSPC: no space left in the workspace/);
        const total = (await session.files.list(undefined, { recursive: true })).reduce(
          (sum, entry) => sum + (entry.size ?? 0),
          0,
        );
        expect(total).toBeLessThanOrEqual(2_000_000);
      } finally {
        await session.close();
      }
    });

    test('a runaway shell ends at its deadline or its limits, and the session lives on', async ({
      interpreter,
    }) => {
      const session = interpreter.createSession();
      try {
        const language = interpreter.capabilities.languages.includes('javascript')
          ? 'javascript'
          : 'python';
        await session.run({
          language,
          code: language === 'javascript' ? 'globalThis.kept = 41' : 'kept = 41',
        });
        const busy = await session.exec({ command: 'while true; do :; done', timeoutMs: 20_000 });
        expect(busy.exitCode).not.toBe(0);
        expect(busy.stderr).toMatch(/too many commands|limit|deadline/);

        const started = performance.now();
        const slow = await session.exec({
          command: 'while true; do sleep 0.1; done',
          timeoutMs: 1_000,
        });
        expect(slow).toMatchObject({ exitCode: 124, timedOut: true });
        expect(performance.now() - started).toBeLessThan(5_000);

        const program = await session.exec({
          command: 'python3 -c "while True: pass"; echo after',
          timeoutMs: 1_500,
        });
        expect(program).toMatchObject({ exitCode: 124, timedOut: true });

        // The worker kept answering: the session's state is still there.
        const after = await session.run({
          language,
          code: language === 'javascript' ? 'kept + 1' : 'kept + 1',
        });
        expect(after.value).toBe('42');
        expect(after.sessionReset).toBeUndefined();
      } finally {
        await session.close();
      }
    });

    test('abort stops a command line and rejects with RunAbortedError', async ({ interpreter }) => {
      const session = interpreter.createSession();
      try {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 300);
        const started = performance.now();
        await expect(
          session.exec(
            { command: 'while true; do sleep 0.1; done' },
            { signal: controller.signal },
          ),
        ).rejects.toSatisfy(RunAbortedError.isInstance);
        expect(performance.now() - started).toBeLessThan(3_000);
        expect((await session.exec({ command: 'echo still here' })).stdout).toBe('still here\n');
      } finally {
        await session.close();
      }
    });

    test('exec is queued with the session runs, and streams its output at the end', async ({
      interpreter,
    }) => {
      const session = interpreter.createSession();
      try {
        const language = interpreter.capabilities.languages.includes('javascript')
          ? 'javascript'
          : 'python';
        const run = session.run({
          language,
          code:
            language === 'javascript'
              ? "await new Promise((r) => setTimeout(r, 300)); require('node:fs').writeFileSync('late.txt', 'written by the run')"
              : "import time\ntime.sleep(0.3)\nopen('late.txt', 'w').write('written by the run')",
        });
        const chunks: string[] = [];
        const exec = session.exec(
          { command: 'cat late.txt' },
          { onOutput: (chunk) => chunks.push(chunk.text) },
        );
        expect((await run).success).toBe(true);
        expect((await exec).stdout).toBe('written by the run');
        expect(chunks.join('')).toBe('written by the run');
      } finally {
        await session.close();
      }
    });

    test('measures ls and python3 -c', async ({ interpreter }) => {
      const session = interpreter.createSession();
      try {
        await session.exec({ command: 'ls' });
        await session.exec({ command: 'python3 -c "print(1)"' });
        const ls = await median(15, () => session.exec({ command: 'ls' }));
        const python = await median(15, () => session.exec({ command: 'python3 -c "print(1)"' }));
        // Timing goals live in benchmarks; this records what a session's shell costs here.
        console.log(
          `[${name}] exec median: ls ${ls.toFixed(1)} ms, python3 -c "print(1)" ${python.toFixed(1)} ms`,
        );
        expect((await session.exec({ command: 'python3 -c "print(1)"' })).stdout).toBe('1\n');
      } finally {
        await session.close();
      }
    });
  });
}

sessionExecSuite('Pyodide', {});
sessionExecSuite('native Python', { python: 'native', languages: ['python'] });
