import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCodeInterpreterTool } from '../create-code-interpreter-tool';
import { streamedTurn, textTurn, toolCallTurn } from '../test-support/mock-model-responses';

// createCodeInterpreterTool as a local tool caller (experimental_toolCallers), over a scripted
// interpreter whose programs call the run's tools as core does.

const getInventory = tool({
  description: 'Units in stock of one product.',
  inputSchema: z.object({ productId: z.string() }),
  execute: async ({ productId }) => ({ productId, units: productId.length }),
});
const getDemand = tool({
  description: 'Units ordered of one product.',
  inputSchema: z.object({ productId: z.string() }),
  execute: async ({ productId }, { context, messages }) => ({
    productId,
    units: 2,
    context,
    messageCount: messages.length,
  }),
});

/** The user messages of call `index`'s prompt that announce tools for code. */
function announcements(model: MockLanguageModelV4, index: number): string[] {
  return (model.doGenerateCalls[index]?.prompt ?? [])
    .filter((message) => message.role === 'user')
    .flatMap((message) => message.content)
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .filter((text) => text.startsWith('Code you run with the code interpreter tool'));
}

function toolNamesSeenByModel(model: MockLanguageModelV4, index: number): string[] {
  return (model.doGenerateCalls[index]?.tools ?? []).map((t) => t.name).sort();
}

describe('createCodeInterpreterTool as a tool caller', () => {
  it('lets the code call the tools experimental_toolCallers routes to it, announced once in the conversation', async () => {
    const interpreter = new MockCodeInterpreter({
      run: [
        async ({ callTool }) => {
          const inventory = await callTool('getInventory', { productId: 'p1' });
          const demand = await callTool('getDemand', { productId: 'p1' });
          return { value: JSON.stringify({ inventory, demand }) };
        },
        async () => ({ value: '2' }),
      ],
    });
    const runCode = createCodeInterpreterTool({ interpreter });
    const model = new MockLanguageModelV4({
      doGenerate: [
        toolCallTurn('call-1', { language: 'javascript', code: 'await tools.getInventory(...)' }),
        toolCallTurn('call-2', { language: 'javascript', code: '1 + 1' }),
        textTurn('p1: 2 in stock, 2 ordered.'),
      ],
    });
    const result = await generateText({
      model,
      tools: { runCode, getInventory, getDemand },
      experimental_toolCallers: {
        getInventory: ['runCode', 'AI_SDK_DIRECT_TOOL_CALL'],
        getDemand: ['runCode'],
      },
      // The code tool's own context (it declares no contextSchema, hence the cast).
      toolsContext: { runCode: { tenant: 't1' } } as never,
      stopWhen: stepCountIs(4),
      prompt: 'Compare stock and demand of p1.',
    });

    // The model sees the code tool (its description unchanged) and the tools it may call directly.
    expect(toolNamesSeenByModel(model, 0)).toEqual(['getInventory', 'runCode']);
    const runCodeSeen = model.doGenerateCalls[0]?.tools?.find((t) => t.name === 'runCode');
    expect(runCodeSeen).toMatchObject({ description: runCode.description });
    // The declarations come as one message, not repeated at the next steps.
    const [announcement] = announcements(model, 0);
    expect(announcement).toContain('getInventory(input: { productId: string }): Promise<unknown>;');
    expect(announcement).toContain('getDemand(input: { productId: string }): Promise<unknown>;');
    expect(announcement).toContain('async def get_demand(*, productId: str) -> Any:');
    expect(announcements(model, 1)).toEqual([announcement]);
    expect(announcements(model, 2)).toEqual([announcement]);

    // Each run had the routed tools; their execute got the code tool's context and messages.
    expect(interpreter.calls.map(({ tools }) => Object.keys(tools ?? {}).sort())).toEqual([
      ['getDemand', 'getInventory'],
      ['getDemand', 'getInventory'],
    ]);
    const output = result.steps[0]?.toolResults[0]?.output as { toolCalls: unknown[] };
    expect(output.toolCalls).toEqual([
      expect.objectContaining({ name: 'getInventory', output: { productId: 'p1', units: 2 } }),
      expect.objectContaining({
        name: 'getDemand',
        // The step's messages: the prompt and the announcement.
        output: { productId: 'p1', units: 2, context: { tenant: 't1' }, messageCount: 2 },
      }),
    ]);
    const sentToModel = (model.doGenerateCalls[1]?.prompt ?? [])
      .filter((message) => message.role === 'tool')
      .flatMap((message) => message.content);
    expect(sentToModel[0]).toMatchObject({
      output: {
        type: 'text',
        value: expect.stringMatching(/\n\[2 tool calls: getInventory ×1, getDemand ×1\]$/),
      },
    });
  });

  it('gives runs no tools and the model no message without experimental_toolCallers', async () => {
    const interpreter = new MockCodeInterpreter({ run: [async () => ({ value: '1' })] });
    const runCode = createCodeInterpreterTool({ interpreter });
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn('call-1', { language: 'javascript', code: '1' }), textTurn('1')],
    });
    const result = await generateText({
      model,
      tools: { runCode, getInventory },
      stopWhen: stepCountIs(3),
      prompt: 'x',
    });
    expect(interpreter.calls.map((call) => call.tools)).toEqual([undefined]);
    expect(announcements(model, 0)).toEqual([]);
    expect(result.steps[0]?.toolResults[0]?.output).not.toHaveProperty('toolCalls');
  });

  it('fails the generation with a clear error when a tool without execute is routed to it', async () => {
    const askUser = tool({
      inputSchema: z.object({ question: z.string() }),
      outputSchema: z.string(),
    });
    const interpreter = new MockCodeInterpreter();
    const model = new MockLanguageModelV4({ doGenerate: [textTurn('never')] });
    await expect(
      generateText({
        model,
        tools: { runCode: createCodeInterpreterTool({ interpreter }), askUser },
        experimental_toolCallers: { askUser: ['runCode'] },
        prompt: 'x',
      }),
    ).rejects.toThrow("Sandboxed code cannot call these tools: 'askUser' has no execute");
    expect(model.doGenerateCalls).toEqual([]);
  });

  it('works the same in streamText: the bound tool streams its progress, then the result with toolCalls', async () => {
    const interpreter = new MockCodeInterpreter({
      run: [
        async ({ callTool }) => ({
          value: JSON.stringify(await callTool('getInventory', { productId: 'p12' })),
        }),
      ],
    });
    const turns = [
      toolCallTurn('call-1', { language: 'javascript', code: 'await tools.getInventory(...)' }),
      textTurn('done'),
    ];
    let turn = 0;
    const model = new MockLanguageModelV4({
      doStream: async () => streamedTurn(turns[turn++] ?? textTurn('')),
    });
    const result = streamText({
      model,
      tools: { runCode: createCodeInterpreterTool({ interpreter }), getInventory },
      experimental_toolCallers: { getInventory: ['runCode'] },
      stopWhen: stepCountIs(3),
      prompt: 'x',
    });
    const steps = await result.steps;
    expect(steps[0]?.toolResults[0]?.output).toMatchObject({
      status: 'completed',
      value: '{"productId":"p12","units":3}',
      toolCalls: [expect.objectContaining({ name: 'getInventory' })],
    });
    expect(model.doStreamCalls[0]?.tools?.map((t) => t.name)).toEqual(['runCode']);
  });
});
