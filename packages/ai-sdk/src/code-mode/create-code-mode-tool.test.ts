import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { generateText, stepCountIs, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { textTurn, toolCallTurn } from '../test-support/mock-model-responses';
import { createCodeModeTool } from './create-code-mode-tool';

// createCodeModeTool over a scripted interpreter whose programs call the run's tools as core
// does (create-code-mode-tool.int.test.ts runs real programs).

const stock: Record<string, number> = { p1: 4, p2: 0, p3: 9 };
const getInventory = tool({
  description: 'Units in stock of one product.',
  inputSchema: z.object({ productId: z.string() }),
  outputSchema: z.object({ productId: z.string(), units: z.number() }),
  execute: async ({ productId }, { context }) => {
    if (!(productId in stock)) throw new Error(`unknown product ${productId}`);
    return { productId, units: stock[productId] as number, tenant: context };
  },
});

function toolResultsSentToModel(model: MockLanguageModelV4, index: number) {
  return (model.doGenerateCalls[index]?.prompt ?? [])
    .filter((message) => message.role === 'tool')
    .flatMap((message) => message.content)
    .filter((part) => part.type === 'tool-result');
}

describe('createCodeModeTool', () => {
  it("describes the interpreter, then the tools' declarations for each language offered", () => {
    const runCode = createCodeModeTool({
      tools: { getInventory },
      interpreter: new MockCodeInterpreter(),
    });
    const description = runCode.description as string;
    expect(description).toMatch(/^Runs code in an isolated sandbox/);
    expect(description).toContain("Call the application's tools from your code");
    expect(description).toContain(
      'getInventory(input: { productId: string }): Promise<{ productId: string; units: number }>;',
    );
    expect(description).toContain('async def get_inventory(*, productId: str)');
    const pythonOnly = createCodeModeTool({
      tools: { getInventory },
      interpreter: new MockCodeInterpreter(),
      languages: ['python'],
      description: 'Runs Python for the stock team.',
    });
    expect(pythonOnly.description).toMatch(/^Runs Python for the stock team\.\n\nCall the/);
    expect(pythonOnly.description).not.toContain('```ts');
  });

  it("gives each run the tools, whose execute gets the code tool call's context and messages; the model reads a summary of the calls", async () => {
    const interpreter = new MockCodeInterpreter({
      run: [
        async ({ callTool }) => {
          const found: unknown[] = [];
          for (const productId of ['p1', 'p2', 'p3', 'p4']) {
            found.push(
              await callTool('getInventory', { productId }).catch((e: Error) => e.message),
            );
          }
          return { stdout: `${JSON.stringify(found)}\n` };
        },
      ],
    });
    const runCode = createCodeModeTool({ tools: { getInventory }, interpreter });
    const model = new MockLanguageModelV4({
      doGenerate: [
        toolCallTurn('call-1', { language: 'javascript', code: 'for (...) await tools...' }),
        textTurn('p2 is out of stock.'),
      ],
    });
    const result = await generateText({
      model,
      tools: { runCode },
      toolsContext: { runCode: 'tenant-1' } as never,
      stopWhen: stepCountIs(3),
      prompt: 'Which products are out of stock?',
    });

    const output = result.steps[0]?.toolResults[0]?.output as { toolCalls: unknown[] };
    expect(output.toolCalls).toHaveLength(4);
    expect(output.toolCalls[0]).toMatchObject({
      name: 'getInventory',
      input: { productId: 'p1' },
      output: { productId: 'p1', units: 4, tenant: 'tenant-1' },
    });
    expect(toolResultsSentToModel(model, 1)[0]?.output).toEqual({
      type: 'text',
      value: expect.stringMatching(
        /\n\[4 tool calls: getInventory ×4; 1 failed: getInventory: unknown product p4\]$/,
      ),
    });
  });

  it('refuses, at creation, a tool that code cannot call', () => {
    const askUser = tool({ inputSchema: z.object({}), outputSchema: z.string() });
    expect(() =>
      createCodeModeTool({ tools: { askUser }, interpreter: new MockCodeInterpreter() }),
    ).toThrow("'askUser' has no execute");
  });

  it('runs every call of session: true in one session, with the tools on each run', async () => {
    const interpreter = new MockCodeInterpreter({
      run: [
        async ({ callTool }) => ({
          value: JSON.stringify(await callTool('getInventory', { productId: 'p1' })),
        }),
        async () => ({ value: '1' }),
      ],
    });
    const runCode = createCodeModeTool({ tools: { getInventory }, interpreter, session: true });
    const model = new MockLanguageModelV4({
      doGenerate: [
        toolCallTurn('call-1', {
          language: 'python',
          code: 'x = await tools.get_inventory(productId="p1")',
        }),
        toolCallTurn('call-2', { language: 'python', code: 'x' }),
        textTurn('done'),
      ],
    });
    await generateText({ model, tools: { runCode }, stopWhen: stepCountIs(4), prompt: 'x' });
    expect(interpreter.calls.map((call) => call.sessionId)).toEqual([
      'mock-session-1',
      'mock-session-1',
    ]);
    expect(interpreter.calls.map(({ tools }) => Object.keys(tools ?? {}))).toEqual([
      ['getInventory'],
      ['getInventory'],
    ]);
    await runCode.close();
    expect(interpreter.sessions[0]?.closed).toBe(true);
    expect(interpreter.closed).toBe(false);
  });
});
