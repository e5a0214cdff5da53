import { describe, expect, it } from 'vitest';
import { InterpreterClosedError } from '../errors/interpreter-closed-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import { RunAbortedError } from '../errors/run-aborted-error';
import type { OutputChunk } from '../result/execution-result';
import { MockCodeInterpreter } from './mock-code-interpreter';

describe('MockCodeInterpreter', () => {
  it('answers with scripted results in order, completed as the interpreter completes them', async () => {
    const interpreter = new MockCodeInterpreter({
      run: [
        { stdout: 'hi\n', value: '42' },
        { errorInfo: { name: 'ZeroDivisionError', message: 'division by zero', line: 2 } },
      ],
    });
    const first = await interpreter.run({ language: 'javascript', code: 'console.log("hi"); 42' });
    expect(first).toMatchObject({
      success: true,
      output: 'hi\n42',
      language: 'javascript',
      timeoutMs: 30_000,
      memoryLimitMb: 128,
    });
    const second = await interpreter.run({ language: 'python', code: 'x = 1\n1/0', timeout: 500 });
    expect(second).toMatchObject({
      success: false,
      error: 'ZeroDivisionError: division by zero (line 2)',
      language: 'python',
      timeoutMs: 500,
      timedOut: false,
    });
    await expect(interpreter.run({ language: 'python', code: '3' })).rejects.toThrow(
      'run 3 has no scripted result (2 given)',
    );
    expect(interpreter.calls.map((call) => [call.index, call.input.code])).toEqual([
      [0, 'console.log("hi"); 42'],
      [1, 'x = 1\n1/0'],
      [2, '3'],
    ]);
  });

  it('answers from a function of the call, async included', async () => {
    const interpreter = new MockCodeInterpreter({
      run: async ({ request }) => ({ value: String(request.code.length) }),
    });
    await expect(interpreter.run({ language: 'typescript', code: 'abc' })).resolves.toMatchObject({
      value: '3',
    });
  });

  it('validates input against its capabilities as the real interpreter does', async () => {
    const interpreter = new MockCodeInterpreter({
      capabilities: { languages: ['python'], maxTimeoutMs: 5_000 },
    });
    const refused = await interpreter.run({ language: 'javascript', code: '1' }).catch((e) => e);
    expect(InvalidInputError.isInstance(refused)).toBe(true);
    expect(refused.message).toContain("'javascript' is not enabled here; use 'python'");
    const tooLong = await interpreter
      .run({ language: 'python', code: '1', timeout: 10_000 })
      .catch((e) => e);
    expect(tooLong.message).toContain('at most 5000 ms here');
    await expect(interpreter.run({ language: 'python', code: '' })).rejects.toThrow(
      InvalidInputError,
    );
    expect(interpreter.calls).toEqual([]);
  });

  it('streams stdout and stderr line by line before the run resolves', async () => {
    const interpreter = new MockCodeInterpreter({ run: { stdout: 'a\nb\nc', stderr: 'warn\n' } });
    const chunks: OutputChunk[] = [];
    let resolved = false;
    const run = interpreter
      .run({ language: 'javascript', code: 'x' }, { onOutput: (chunk) => chunks.push(chunk) })
      .then(() => {
        resolved = true;
        expect(chunks).toHaveLength(4);
      });
    expect(resolved).toBe(false);
    await run;
    expect(chunks).toEqual([
      { stream: 'stdout', text: 'a\n' },
      { stream: 'stdout', text: 'b\n' },
      { stream: 'stdout', text: 'c' },
      { stream: 'stderr', text: 'warn\n' },
    ]);
  });

  it('streams what a function response writes while it runs, and makes it the result', async () => {
    let release = () => {};
    const interpreter = new MockCodeInterpreter({
      run: async (call) => {
        call.write('tick 1\n');
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        call.write('oops\n', 'stderr');
        return { value: "'done'" };
      },
    });
    const chunks: OutputChunk[] = [];
    const run = interpreter.run(
      { language: 'javascript', code: 'ticks()' },
      { onOutput: (chunk) => chunks.push(chunk) },
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(chunks).toEqual([{ stream: 'stdout', text: 'tick 1\n' }]);
    release();
    expect(await run).toMatchObject({
      stdout: 'tick 1\n',
      stderr: 'oops\n',
      output: "tick 1\noops\n'done'",
    });
    expect(chunks).toHaveLength(2);
  });

  it('rejects with RunAbortedError when the signal aborts, before or during the run', async () => {
    const interpreter = new MockCodeInterpreter({ run: () => new Promise(() => {}) });
    const before = await interpreter
      .run({ language: 'javascript', code: '1' }, { signal: AbortSignal.abort('stop') })
      .catch((e) => e);
    expect(RunAbortedError.isInstance(before)).toBe(true);
    const controller = new AbortController();
    const during = interpreter.run(
      { language: 'javascript', code: 'while (true) {}' },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(during).rejects.toThrow(RunAbortedError);
    expect(interpreter.calls[1]?.signal).toBe(controller.signal);
  });

  it('records sessions and their runs, and closes them with the interpreter', async () => {
    const interpreter = new MockCodeInterpreter();
    const session = interpreter.createSession({ memoryLimitMb: 64 });
    await session.run({ language: 'python', code: 'x = 1' });
    await interpreter.run({ language: 'python', code: 'y = 2' });
    expect(interpreter.calls.map((call) => call.sessionId)).toEqual([session.id, undefined]);
    expect(interpreter.sessions).toEqual([session]);
    expect(session.options).toEqual({ memoryLimitMb: 64 });

    await session.close();
    const closedSession = await session.run({ language: 'python', code: 'x' }).catch((e) => e);
    expect(InterpreterClosedError.isInstance(closedSession)).toBe(true);
    expect(closedSession.message).toContain('session is closed');

    const other = interpreter.createSession();
    await interpreter.close();
    await interpreter.close();
    expect(interpreter.closed).toBe(true);
    expect(other.closed).toBe(true);
    await expect(interpreter.run({ language: 'python', code: '1' })).rejects.toThrow(
      InterpreterClosedError,
    );
    expect(() => interpreter.createSession()).toThrow(InterpreterClosedError);
  });
});

describe('MockCodeInterpreter with tools', () => {
  it("lets a scripted program call the run's tools through core's checks and records them", async () => {
    const interpreter = new MockCodeInterpreter({
      toolLimits: { maxCalls: 2 },
      run: async (call) => {
        if (!call.tools) return {};
        const first = (await call.callTool('add', { a: 1, b: 2 })) as number;
        const refused = await call
          .callTool('add', { a: 'x' })
          .catch((error: Error) => `${error.name}: ${error.message}`);
        const capped = await call
          .callTool('add', { a: 1, b: 1 })
          .catch((error: Error) => error.message);
        return { stdout: `${first}\n${refused}\n${capped}\n` };
      },
    });
    const session = interpreter.createSession({
      tools: {
        add: {
          inputSchema: {
            type: 'object',
            properties: { a: { type: 'number' }, b: { type: 'number' } },
            required: ['a', 'b'],
          },
          execute: ({ a, b }: { a: number; b: number }) => a + b,
        },
      },
    });
    const result = await session.run({ language: 'javascript', code: 'tools.add(...)' });
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      '3',
      'ToolError: Invalid input for add: input.b: required, missing; input.a: expected number, got string',
      'This run already made 2 tool calls, the most one run may make: do the remaining work in a later run, or with fewer calls (batch inputs where a tool allows).',
    ]);
    expect(result.toolCalls?.map((record) => record.name)).toEqual(['add', 'add', 'add']);
    expect(interpreter.calls[0]?.tools).toHaveProperty('add');
    const plain = await interpreter.run({ language: 'javascript', code: '1' });
    expect(plain.toolCalls).toBeUndefined();
  });
});
