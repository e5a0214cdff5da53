import { describe, expect, it, vi } from 'vitest';
import { InterpreterClosedError } from '../errors/interpreter-closed-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import type { CodeInterpreterOptions } from '../interpreter/code-interpreter-options';
import { MockCodeInterpreter } from '../testing/mock-code-interpreter';
import { describeSandboxTools } from '../tools/describe-sandbox-tools';
import type { SandboxTools } from '../tools/sandbox-tool';
import { createCodeInterpreterToolRunner } from './code-interpreter-tool-runner';

// An interpreter the runner creates itself is a mock that keeps the options it was given.
const created = vi.hoisted(() => [] as CodeInterpreterOptions[]);
vi.mock('../interpreter/create-code-interpreter', () => ({
  createCodeInterpreter: (options: CodeInterpreterOptions) => {
    created.push(options);
    return new MockCodeInterpreter();
  },
}));

const priceSchema = {
  type: 'object',
  properties: { item: { type: 'string' } },
  required: ['item'],
} as const;
const tools: SandboxTools = {
  get_price: {
    description: 'Price of one item, in cents.',
    inputSchema: priceSchema,
    execute: async ({ item }: { item: string }) => (item === 'pear' ? 300 : 100),
  },
};

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

  describe('with tools (code mode)', () => {
    it("appends the tools' declarations for the languages offered, to a custom description too", () => {
      const interpreter = new MockCodeInterpreter();
      const plain = createCodeInterpreterToolRunner({ interpreter, languages: ['python'] });
      const codeMode = createCodeInterpreterToolRunner({
        interpreter,
        languages: ['python'],
        tools,
      });
      const declarations = describeSandboxTools(tools, { languages: ['python'] });
      expect(declarations).toContain('async def get_price(*, item: str)');
      expect(codeMode.description).toBe(`${plain.description}\n\n${declarations}`);
      expect(codeMode.tools).toBe(tools);
      const custom = createCodeInterpreterToolRunner({
        interpreter,
        languages: ['python'],
        description: 'Runs Python for the pricing team.',
        tools,
      });
      expect(custom.description).toBe(`Runs Python for the pricing team.\n\n${declarations}`);
      expect(plain.tools).toBeUndefined();
    });

    it('gives the tools to every run of a given interpreter and of its session; a run’s own are added', async () => {
      const interpreter = new MockCodeInterpreter({
        run: async (call) => ({
          value: String(await call.callTool('get_price', { item: 'pear' })),
        }),
      });
      const stateless = createCodeInterpreterToolRunner({ interpreter, tools });
      const result = await stateless.run({ language: 'javascript', code: 'x' });
      expect(result.value).toBe('300');
      expect(result.toolCalls).toMatchObject([{ name: 'get_price', output: 300 }]);

      const inSession = createCodeInterpreterToolRunner({ interpreter, tools, session: true });
      const bound = { ...tools.get_price, execute: async () => 42 } as SandboxTools[string];
      const log = { inputSchema: { type: 'object' }, execute: async () => null };
      await inSession.run({ language: 'python', code: 'x' }, { tools: { get_price: bound, log } });
      await inSession.run({ language: 'python', code: 'x' });
      const [first, second, third] = interpreter.calls;
      expect(first?.tools).toBe(tools);
      // The run's own tool replaced the runner's of the same name.
      expect(second?.sessionId).toBe('mock-session-1');
      expect(second?.tools).toEqual({ get_price: bound, log });
      expect(third?.tools).toBe(tools);
      expect(interpreter.sessions[0]?.options.tools).toBeUndefined();
    });

    it('does not make them the tools of an interpreter it creates', async () => {
      created.length = 0;
      const runner = createCodeInterpreterToolRunner({ tools, maxTimeoutMs: 5_000 });
      expect(created).toHaveLength(1);
      expect(created[0]).not.toHaveProperty('tools');
      expect(created[0]?.maxTimeoutMs).toBe(5_000);
      const interpreter = runner.interpreter as MockCodeInterpreter;
      await runner.run({ language: 'javascript', code: 'x' });
      expect(interpreter.calls[0]?.tools).toBe(tools);
      await runner.close();
      expect(interpreter.closed).toBe(true);
    });

    it('refuses a tool that cannot be called at creation, naming it', () => {
      const refused = (() => {
        try {
          createCodeInterpreterToolRunner({
            interpreter: new MockCodeInterpreter(),
            tools: { get_price: { inputSchema: priceSchema } } as unknown as SandboxTools,
          });
        } catch (error) {
          return error as Error;
        }
      })();
      expect(InvalidInputError.isInstance(refused)).toBe(true);
      expect(refused?.message).toContain('tools.get_price.execute');
    });
  });
});
