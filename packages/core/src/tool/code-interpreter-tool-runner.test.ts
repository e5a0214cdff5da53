import { describe, expect, it } from 'vitest';
import { InterpreterClosedError } from '../errors/interpreter-closed-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import { MockCodeInterpreter } from '../testing/mock-code-interpreter';
import { createCodeInterpreterToolRunner } from './code-interpreter-tool-runner';

describe('createCodeInterpreterToolRunner', () => {
  it('offers the languages asked for that the interpreter has, in its schema and description', () => {
    const interpreter = new MockCodeInterpreter({
      capabilities: { languages: ['javascript', 'python'] },
    });
    const runner = createCodeInterpreterToolRunner({
      interpreter,
      languages: ['python', 'typescript'],
    });
    expect(runner.languages).toEqual(['python']);
    expect(runner.inputSchema.safeParse({ language: 'python', code: '1' }).success).toBe(true);
    expect(runner.inputSchema.safeParse({ language: 'javascript', code: '1' }).success).toBe(false);
    expect(runner.description).toContain('Python');
    expect(runner.description).not.toContain('TypeScript');
  });

  it('refuses a language the tool does not offer with the languages it does, before running', async () => {
    const interpreter = new MockCodeInterpreter();
    const runner = createCodeInterpreterToolRunner({ interpreter, languages: ['javascript'] });
    const refused = await runner.run({ language: 'python', code: 'print(1)' }).catch((e) => e);
    expect(InvalidInputError.isInstance(refused)).toBe(true);
    expect(refused.message).toContain("'python' is not offered here: use 'javascript'");
    expect(interpreter.calls).toEqual([]);
  });

  it('leaves every other check to the interpreter, which words it', async () => {
    const interpreter = new MockCodeInterpreter({ capabilities: { maxTimeoutMs: 1_000 } });
    const runner = createCodeInterpreterToolRunner({ interpreter });
    await expect(runner.run({ language: 'python', code: '1', timeout: 5_000 })).rejects.toThrow(
      'at most 1000 ms here',
    );
  });

  it('runs statelessly by default, and in one session created at the first call with session: true', async () => {
    const interpreter = new MockCodeInterpreter();
    const stateless = createCodeInterpreterToolRunner({ interpreter });
    await stateless.run({ language: 'javascript', code: '1' });
    expect(interpreter.sessions).toHaveLength(0);

    const stateful = createCodeInterpreterToolRunner({ interpreter, session: true });
    expect(interpreter.sessions).toHaveLength(0);
    await stateful.run({ language: 'javascript', code: 'let x = 1' });
    await stateful.run({ language: 'python', code: 'y = 2' });
    expect(interpreter.sessions).toHaveLength(1);
    expect(interpreter.calls.map((call) => call.sessionId)).toEqual([
      undefined,
      'mock-session-1',
      'mock-session-1',
    ]);
  });

  it('passes run options through (abort, streamed output)', async () => {
    const interpreter = new MockCodeInterpreter({ run: { stdout: 'a\n' } });
    const runner = createCodeInterpreterToolRunner({ interpreter });
    const chunks: string[] = [];
    const controller = new AbortController();
    await runner.run(
      { language: 'javascript', code: 'x' },
      { signal: controller.signal, onOutput: (chunk) => chunks.push(chunk.text) },
    );
    expect(chunks).toEqual(['a\n']);
    expect(interpreter.calls[0]?.signal).toBe(controller.signal);
  });

  it('closes its session but not an interpreter it was given; later calls are refused', async () => {
    const interpreter = new MockCodeInterpreter();
    const runner = createCodeInterpreterToolRunner({ interpreter, session: true });
    await runner.run({ language: 'javascript', code: '1' });
    await Promise.all([runner.close(), runner.close()]);
    expect(interpreter.sessions[0]?.closed).toBe(true);
    expect(interpreter.closed).toBe(false);
    const refused = await runner.run({ language: 'javascript', code: '1' }).catch((e) => e);
    expect(InterpreterClosedError.isInstance(refused)).toBe(true);
    expect(refused.message).toContain('session is closed');
  });
});
