import { describe, expect, it } from 'vitest';
import type { OutputChunk } from '../src/index';
import {
  CodeInterpreterError,
  createCodeInterpreter,
  InterpreterClosedError,
  InvalidInputError,
  RunAbortedError,
} from '../src/index';
import { interpreterTest } from './interpreter-fixture';
import { sandboxWorkerPids } from './sandbox-worker-processes';

const test = interpreterTest({ languages: ['javascript', 'typescript'] });

describe('input validation and caps', () => {
  test('invalid input throws InvalidInputError naming each problem', async ({ interpreter }) => {
    const attempts = [
      { language: 'ruby', code: 'puts 1' },
      { language: 'javascript', code: '   ' },
      { language: 'javascript', code: 'x'.repeat(100_001) },
      { language: 'javascript', code: '1', timeout: 50 },
      { language: 'javascript', code: '1', memoryLimit: 4096 },
    ];
    for (const input of attempts) {
      const error = await interpreter.run(input as never).catch((e: unknown) => e);
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect(CodeInterpreterError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/^Invalid code interpreter input: /);
    }
  });

  test('a language the application did not enable is refused with what to use', async ({
    interpreter,
  }) => {
    const error = await interpreter
      .run({ language: 'python', code: 'print(1)' })
      .catch((e: unknown) => e);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /'python' is not enabled here; use 'javascript' or 'typescript'/,
    );
  });

  it('refuses a timeout or memory limit above the application maximum, naming the cap', async () => {
    const interpreter = createCodeInterpreter({
      workers: 1,
      maxTimeoutMs: 300,
      maxMemoryLimitMb: 64,
    });
    try {
      await expect(
        interpreter.run({ language: 'javascript', code: '1', timeout: 30_000 }),
      ).rejects.toThrow(/timeout: at most 300 ms here \(asked for 30000\)/);
      await expect(
        interpreter.run({ language: 'javascript', code: '1', memoryLimit: 128 }),
      ).rejects.toThrow(/memoryLimit: at most 64 MB here \(asked for 128\)/);
      const result = await interpreter.run({ language: 'javascript', code: 'for (;;) {}' });
      expect(result.timedOut).toBe(true);
      expect(result.error).toMatch(/300 ms/);
    } finally {
      await interpreter.close();
    }
  });

  it('rejects nonsensical application options at creation', () => {
    expect(() => createCodeInterpreter({ maxTimeoutMs: 10 })).toThrow(/maxTimeoutMs/);
    expect(() => createCodeInterpreter({ languages: [] })).toThrow(/at least one language/);
  });
});

describe('results', () => {
  test('keeps the seed fields and adds the notebook ones', async ({ run }) => {
    const result = await run(
      'javascript',
      'console.log("hello"); console.error("careful"); [1, 2].map((n) => n * 21)',
    );
    expect(result).toMatchObject({
      success: true,
      language: 'javascript',
      stdout: 'hello\n',
      stderr: 'careful\n',
      value: '[ 21, 42 ]',
      output: 'hello\ncareful\n[ 21, 42 ]',
      timedOut: false,
      truncated: false,
      images: [],
    });
    expect(result.executionTime).toBeGreaterThan(0);
    expect(result.memoryUsed).toBeGreaterThan(0);
  });

  test('a runtime error is data with the line in the user code', async ({ run }) => {
    const result = await run('javascript', 'const a = 1;\nconst b = null;\nb.c');
    expect(result.success).toBe(false);
    expect(result.error).toBe("TypeError: Cannot read properties of null (reading 'c') (line 3)");
    expect(result.errorInfo).toMatchObject({ name: 'TypeError', line: 3, column: 3 });
    expect(result.errorInfo?.stack).toMatch(/cell\.js:3:3/);
    expect(result.errorInfo?.stack).not.toMatch(/code-interpreter-runtime|sandbox-worker|node:/);
  });

  test('typescript errors point at the user line', async ({ run }) => {
    const result = await run(
      'typescript',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: sandbox code, not a template here.
      'interface P { x: number }\nconst p: P = { x: 1 };\n\nthrow new RangeError(`bad ${p.x}`);',
    );
    expect(result.errorInfo).toMatchObject({ name: 'RangeError', message: 'bad 1', line: 4 });
    const syntax = await run('typescript', 'const a: number = 1;\nconst b: = 2;');
    expect(syntax.errorInfo).toMatchObject({ name: 'SyntaxError', line: 2 });
  });

  test('a syntax error has the same column in TypeScript as in JavaScript (and tsc)', async ({
    run,
  }) => {
    for (const language of ['typescript', 'javascript'] as const) {
      const result = await run(language, 'let x = ;');
      expect(result.errorInfo, language).toMatchObject({ name: 'SyntaxError', line: 1, column: 9 });
    }
  });

  test('a cell ending in if/else or try/catch shows the value it ran to, and an object literal cell its object', async ({
    run,
  }) => {
    const branch = await run('javascript', "const ok = 1 > 0\nif (ok) { 'yes' } else { 'no' }");
    expect(branch.value).toBe("'yes'");
    const fallback = await run('typescript', "try { JSON.parse('{') } catch (e) { 'fallback' }");
    expect(fallback.value).toBe("'fallback'");
    const object = await run('javascript', '{ x: 1 }');
    expect(object.value).toBe('{ x: 1 }');
  });

  test('a truncated program is an unexpected end of input where it ends, as Node says', async ({
    run,
  }) => {
    const truncated = await run('javascript', 'const x = 1;\nfoo(');
    expect(truncated.errorInfo).toMatchObject({
      name: 'SyntaxError',
      message: 'Unexpected end of input',
      line: 2,
      column: 5,
    });
    const unfinished = await run('javascript', '1 +');
    expect(unfinished.error).toBe('SyntaxError: Unexpected end of input (line 1)');
  });
});

describe('sessions', () => {
  test('declarations persist and may be declared again, as in a REPL', async ({ interpreter }) => {
    const session = interpreter.createSession();
    try {
      await session.run({
        language: 'javascript',
        code: 'const rate = 0.2; let count = 1; function tax(v) { return v * rate } class Box { constructor(v) { this.v = v } }',
      });
      expect((await session.run({ language: 'javascript', code: 'tax(100) + count' })).value).toBe(
        '21',
      );
      expect(
        (
          await session.run({
            language: 'typescript',
            code: 'const rate: number = 0.5; new Box(tax(10)).v',
          })
        ).value,
      ).toBe('5');
      expect(
        (
          await session.run({
            language: 'javascript',
            code: 'const { a, b: [c] } = { a: 1, b: [2] }; a + c',
          })
        ).value,
      ).toBe('3');
      expect((await session.run({ language: 'javascript', code: 'count += 1; count' })).value).toBe(
        '2',
      );
    } finally {
      await session.close();
    }
  });

  test('two sessions never see each other, and a stateless run sees neither', async ({
    interpreter,
    run,
  }) => {
    const first = interpreter.createSession();
    const second = interpreter.createSession();
    try {
      await Promise.all([
        first.run({ language: 'javascript', code: 'var secret = "first"' }),
        second.run({ language: 'javascript', code: 'var secret = "second"' }),
      ]);
      expect((await first.run({ language: 'javascript', code: 'secret' })).value).toBe("'first'");
      expect((await second.run({ language: 'javascript', code: 'secret' })).value).toBe("'second'");
      expect((await run('javascript', 'typeof secret')).value).toBe("'undefined'");
      await run('javascript', 'globalThis.leak = 1; Array.prototype.polluted = true');
      expect((await run('javascript', 'typeof leak + " " + [].polluted')).value).toBe(
        "'undefined undefined'",
      );
    } finally {
      await first.close();
      await second.close();
    }
    const error = await first.run({ language: 'javascript', code: '1' }).catch((e: unknown) => e);
    expect(InterpreterClosedError.isInstance(error)).toBe(true);
  });

  test('a session that timed out says its state was reset and keeps answering', async ({
    interpreter,
  }) => {
    const session = interpreter.createSession();
    try {
      await session.run({ language: 'javascript', code: 'const kept = 1' });
      const stopped = await session.run({
        language: 'javascript',
        code: 'for (;;) {}',
        timeout: 200,
      });
      expect(stopped.error).toMatch(/session was reset/);
      expect((await session.run({ language: 'javascript', code: 'typeof kept' })).value).toBe(
        "'undefined'",
      );
    } finally {
      await session.close();
    }
  });
});

describe('streaming and aborting', () => {
  test('onOutput receives each chunk on its own stream, in order', async ({ interpreter }) => {
    const chunks: OutputChunk[] = [];
    const result = await interpreter.run(
      {
        language: 'javascript',
        code: 'console.log("one"); await new Promise((r) => setTimeout(r, 50)); console.error("two")',
      },
      { onOutput: (chunk) => chunks.push(chunk) },
    );
    expect(result.success).toBe(true);
    expect(chunks).toEqual([
      { stream: 'stdout', text: 'one\n' },
      { stream: 'stderr', text: 'two\n' },
    ]);
  });

  test('onOutput receives a chunk while the program still runs: the run is stopped upon it', async ({
    interpreter,
  }) => {
    // The program prints, then never ends on its own. The test aborts it when the first chunk
    // arrives, so the run can only end aborted if that chunk came while the program was running;
    // output held until the end would arrive only after the deadline, with the result.
    const controller = new AbortController();
    const chunks: OutputChunk[] = [];
    const outcome = await interpreter
      .run(
        { language: 'javascript', code: 'console.log("one"); for (;;) {}', timeout: 10_000 },
        {
          signal: controller.signal,
          onOutput: (chunk) => {
            chunks.push(chunk);
            // From a later turn of the event loop: a chunk flushed just before the result
            // must not be able to abort a run that is already over.
            setImmediate(() => controller.abort());
          },
        },
      )
      .catch((error: unknown) => error);
    expect(chunks).toEqual([{ stream: 'stdout', text: 'one\n' }]);
    expect(outcome).toSatisfy((error) => RunAbortedError.isInstance(error));
  });

  test('an AbortSignal stops the run and rejects with RunAbortedError', async ({
    interpreter,
    run,
  }) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const error = await interpreter
      .run({ language: 'javascript', code: 'for (;;) {}' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(RunAbortedError.isInstance(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await run('javascript', '1')).value).toBe('1');
  });
});

describe('worker processes', () => {
  it('a killed worker turns its runs into clean results and is replaced', async () => {
    const others = sandboxWorkerPids();
    const interpreter = createCodeInterpreter({ workers: 1 });
    try {
      await interpreter.run({ language: 'javascript', code: '1' });
      const [workerPid] = sandboxWorkerPids().filter((pid) => !others.includes(pid));
      expect(workerPid).toBeDefined();
      const pending = interpreter.run({
        language: 'javascript',
        code: 'await new Promise((r) => setTimeout(r, 5000))',
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.kill(workerPid as number, 'SIGKILL');
      const result = await pending;
      expect(result.success).toBe(false);
      expect(result.errorInfo?.name).toBe('SandboxCrashedError');
      expect(result.error).toMatch(/SIGKILL/);
      expect((await interpreter.run({ language: 'javascript', code: '"recovered"' })).value).toBe(
        "'recovered'",
      );
      expect(sandboxWorkerPids()).not.toContain(workerPid);
    } finally {
      await interpreter.close();
    }
  });

  it('close() leaves no worker process behind and refuses later runs', async () => {
    const before = sandboxWorkerPids();
    const interpreter = createCodeInterpreter({ workers: 2, prewarm: true });
    await Promise.all(
      [1, 2, 3, 4].map((n) => interpreter.run({ language: 'javascript', code: `${n}` })),
    );
    const session = interpreter.createSession();
    await session.run({ language: 'javascript', code: 'setTimeout(() => {}, 1)' });
    expect(sandboxWorkerPids().length).toBeGreaterThan(before.length);
    await interpreter.close();
    await interpreter.close();
    expect(sandboxWorkerPids()).toEqual(before);
    const error = await interpreter
      .run({ language: 'javascript', code: '1' })
      .catch((e: unknown) => e);
    expect(InterpreterClosedError.isInstance(error)).toBe(true);
  });
});
