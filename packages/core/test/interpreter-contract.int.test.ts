import { describe, expect, it } from 'vitest';
import {
  CodeInterpreterError,
  createCodeInterpreter,
  InterpreterClosedError,
  InvalidInputError,
} from '../src/index';
import { interpreterContract } from './interpreter-contract-suite';
import { interpreterTest } from './interpreter-fixture';
import { javascriptContractPrograms } from './javascript-contract-programs';

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

  test('two sessions never see each other, and a stateless run sees neither (prototypes included)', async ({
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
});

// The language-neutral contract (also run for Pyodide and native Python, and over NATS by
// @code-interpreter/remote), in JavaScript.
interpreterContract({
  name: 'JavaScript',
  language: 'javascript',
  options: { languages: ['javascript', 'typescript'] },
  programs: javascriptContractPrograms,
});
