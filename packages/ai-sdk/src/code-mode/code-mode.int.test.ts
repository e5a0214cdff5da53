import { type CodeInterpreter, createCodeInterpreter } from '@code-interpreter/core';
import { generateText, stepCountIs, type ToolSet, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useRemoteInterpreters } from '../../../remote/src/test-support/remote-interpreter-fixture';
import type { CodeInterpreterToolResult } from '../code-interpreter-tool-output';
import { createCodeInterpreterTool } from '../create-code-interpreter-tool';
import { textTurn, toolCallTurn } from '../test-support/mock-model-responses';
import { createCodeModeTool } from './create-code-mode-tool';

// Code mode end to end: a scripted model writes one program that makes 30 tool calls, which runs
// in a real sandbox (V8 isolate for JavaScript, Pyodide for Python) and calls the application's
// AI SDK tools on the host, in both forms: createCodeModeTool, and the code interpreter tool
// bound by experimental_toolCallers. Each case runs on a local interpreter and on a remote one
// (the program on a sandbox host over NATS, the AI SDK tools in this process).

/** The interpreters the cases run on: local, and remote (code on a sandbox host over NATS, tools here). */
const interpreters: Array<[string, () => CodeInterpreter | Promise<CodeInterpreter>]> = [
  ['local', () => createCodeInterpreter({ workers: 1, prewarm: true })],
  ['remote', useRemoteInterpreters()],
];

/** 30 products; every 7th is out of stock. */
const productIds = Array.from({ length: 30 }, (_, index) => `p${index + 1}`);
const outOfStock = ['p7', 'p14', 'p21', 'p28'];

function inventoryTool() {
  const calls: string[] = [];
  const getInventory = tool({
    description: 'Units in stock of one product.',
    inputSchema: z.object({ productId: z.string().describe('Product id, e.g. "p1"') }),
    outputSchema: z.object({ productId: z.string(), units: z.number().int() }),
    execute: async ({ productId }) => {
      calls.push(productId);
      const n = Number(productId.slice(1));
      if (!Number.isInteger(n) || n < 1 || n > 30) throw new Error(`unknown product ${productId}`);
      return { productId, units: n % 7 === 0 ? 0 : n };
    },
  });
  return { getInventory, calls };
}

const programs = {
  javascript: [
    'const ids = Array.from({ length: 30 }, (_, i) => "p" + (i + 1));',
    'const rows = await Promise.all(ids.map((productId) => tools.getInventory({ productId })));',
    'const out = rows.filter((row) => row.units === 0).map((row) => row.productId);',
    'let unknown;',
    'try { await tools.getInventory({ productId: "p99" }); } catch (error) { unknown = error.name + ": " + error.message; }',
    'console.log(out.join(","));',
    'console.log(unknown);',
    'out.length',
  ].join('\n'),
  pythonGather: [
    'import asyncio',
    'ids = [f"p{i + 1}" for i in range(30)]',
    'rows = await asyncio.gather(*[tools.get_inventory(productId=p) for p in ids])',
    'out = [row["productId"] for row in rows if row["units"] == 0]',
    'print(",".join(out))',
    'len(out)',
  ].join('\n'),
  pythonLoop: [
    'out = []',
    'for i in range(30):',
    '    row = tools.get_inventory.sync(productId=f"p{i + 1}") if i % 2 else await tools.get_inventory(productId=f"p{i + 1}")',
    '    if row["units"] == 0:',
    '        out.append(row["productId"])',
    'print(",".join(out))',
    'len(out)',
  ].join('\n'),
};

/** The text the model read back for the tool call of step `index - 1`. */
function textSentToModel(model: MockLanguageModelV4, index: number): string {
  const part = (model.doGenerateCalls[index]?.prompt ?? [])
    .filter((message) => message.role === 'tool')
    .flatMap((message) => message.content)
    .find((content) => content.type === 'tool-result');
  const output = part?.type === 'tool-result' ? part.output : undefined;
  return output?.type === 'text' ? output.value : '';
}

function scriptedModel(language: 'javascript' | 'python', code: string, toolName = 'runCode') {
  return new MockLanguageModelV4({
    doGenerate: [
      toolCallTurn('call-1', { language, code }, toolName),
      textTurn(`Out of stock: ${outOfStock.join(', ')}.`),
    ],
  });
}

/** Asks the scripted model which products are out of stock, with the code tool and the tools given. */
function askOutOfStock<TOOLS extends ToolSet>(
  settings: Omit<Parameters<typeof generateText<TOOLS>>[0], 'prompt' | 'messages'>,
) {
  return generateText<TOOLS>({
    stopWhen: stepCountIs(3),
    ...settings,
    prompt: 'Which of products p1..p30 are out of stock?',
  });
}

/** createCodeModeTool over the shared interpreter, with getInventory, asked by a scripted model. */
async function askCodeModeTool(
  interpreter: CodeInterpreter,
  language: 'javascript' | 'python',
  code: string,
) {
  const { getInventory, calls } = inventoryTool();
  const runCode = createCodeModeTool({ tools: { getInventory }, interpreter });
  const model = scriptedModel(language, code);
  const result = await askOutOfStock({ model, tools: { runCode } });
  const output = result.steps[0]?.toolResults[0]?.output as CodeInterpreterToolResult;
  return { calls, model, result, output };
}

describe.each(interpreters)('code mode with generateText (%s interpreter)', (_label, create) => {
  let interpreter: CodeInterpreter;
  beforeAll(async () => {
    interpreter = await create();
  });
  afterAll(async () => {
    await interpreter?.close();
  });

  it('createCodeModeTool: one JavaScript program makes 31 tool calls (30 in parallel, 1 failing) in one model turn', async () => {
    const { calls, model, result, output } = await askCodeModeTool(
      interpreter,
      'javascript',
      programs.javascript,
    );
    expect(result.steps).toHaveLength(2);
    expect(output).toMatchObject({
      success: true,
      stdout: `${outOfStock.join(',')}\nToolError: unknown product p99\n`,
      value: '4',
    });
    expect(output.toolCalls).toHaveLength(31);
    expect([...calls].sort()).toEqual([...productIds, 'p99'].sort());
    expect(
      output.toolCalls?.find(
        (call) => call.input && (call.input as { productId: string }).productId === 'p7',
      ),
    ).toMatchObject({
      name: 'getInventory',
      output: { productId: 'p7', units: 0 },
    });
    expect(textSentToModel(model, 1)).toBe(
      `${outOfStock.join(',')}\nToolError: unknown product p99\n4\n[31 tool calls: getInventory ×31; 1 failed: getInventory: unknown product p99]`,
    );
    expect(result.text).toBe('Out of stock: p7, p14, p21, p28.');
  });

  it('createCodeModeTool: one Python program (Pyodide) makes 30 tool calls with asyncio.gather', async () => {
    const { calls, model, output } = await askCodeModeTool(
      interpreter,
      'python',
      programs.pythonGather,
    );
    expect(output).toMatchObject({
      success: true,
      stdout: `${outOfStock.join(',')}\n`,
      value: '4',
    });
    expect(output.toolCalls).toHaveLength(30);
    expect(calls).toHaveLength(30);
    expect(textSentToModel(model, 1)).toBe(
      `${outOfStock.join(',')}\n4\n[30 tool calls: getInventory ×30]`,
    );
  });

  it('experimental_toolCallers: the code interpreter tool bound to getInventory runs 30 calls of one JavaScript program', async () => {
    const { getInventory, calls } = inventoryTool();
    const runCode = createCodeInterpreterTool({ interpreter });
    const model = scriptedModel('javascript', programs.javascript);
    const result = await askOutOfStock({
      model,
      tools: { runCode, getInventory },
      experimental_toolCallers: { getInventory: ['runCode'] },
    });

    // The model saw only the code tool, and the declarations in a message.
    expect(model.doGenerateCalls[0]?.tools?.map((t) => t.name)).toEqual(['runCode']);
    const announced = (model.doGenerateCalls[0]?.prompt ?? []).some(
      (message) =>
        message.role === 'user' &&
        message.content.some(
          (part) =>
            part.type === 'text' &&
            part.text.includes('getInventory(input: {') &&
            part.text.includes('async def get_inventory(*, productId: str)'),
        ),
    );
    expect(announced).toBe(true);
    const output = result.steps[0]?.toolResults[0]?.output as CodeInterpreterToolResult;
    expect(output).toMatchObject({ success: true, value: '4' });
    expect(output.toolCalls).toHaveLength(31);
    expect(calls).toHaveLength(31);
    expect(textSentToModel(model, 1)).toMatch(/\n\[31 tool calls: getInventory ×31; 1 failed: /);
  });

  it('experimental_toolCallers: a Python program (Pyodide) mixes await and .sync over 30 calls, in a session', async () => {
    const { getInventory, calls } = inventoryTool();
    const runCode = createCodeInterpreterTool({ interpreter, session: true });
    try {
      const model = scriptedModel('python', programs.pythonLoop);
      const result = await askOutOfStock({
        model,
        tools: { runCode, getInventory },
        experimental_toolCallers: { getInventory: ['runCode', 'AI_SDK_DIRECT_TOOL_CALL'] },
      });

      expect(model.doGenerateCalls[0]?.tools?.map((t) => t.name).sort()).toEqual([
        'getInventory',
        'runCode',
      ]);
      const output = result.steps[0]?.toolResults[0]?.output as CodeInterpreterToolResult;
      expect(output).toMatchObject({
        success: true,
        stdout: `${outOfStock.join(',')}\n`,
        value: '4',
      });
      expect(output.toolCalls).toHaveLength(30);
      expect(calls).toEqual(productIds);
      expect(textSentToModel(model, 1)).toMatch(/\n\[30 tool calls: getInventory ×30\]$/);
    } finally {
      await runCode.close();
    }
  });
});

describe('code mode with generateText, own interpreter', () => {
  it("createCodeModeTool's own interpreter takes toolLimits: a loop past maxCalls gets a ToolError, and the model reads it", async () => {
    const { getInventory, calls } = inventoryTool();
    await using runCode = createCodeModeTool({
      tools: { getInventory },
      toolLimits: { maxCalls: 10 },
      workers: 1,
      languages: ['javascript'],
    });
    const model = scriptedModel(
      'javascript',
      [
        'let done = 0, refused;',
        'for (let i = 1; i <= 30; i++) {',
        '  try { await tools.getInventory({ productId: "p" + i }); done++; }',
        '  catch (error) { refused = error.message; break; }',
        '}',
        'console.log(done, refused);',
      ].join('\n'),
    );
    const result = await askOutOfStock({
      model,
      tools: { runCode },
    });
    const output = result.steps[0]?.toolResults[0]?.output as CodeInterpreterToolResult;
    expect(output.stdout).toMatch(
      /^10 This run already made 10 tool calls, the most one run may make/,
    );
    expect(calls).toHaveLength(10);
    expect(textSentToModel(model, 1)).toMatch(
      /\n\[11 tool calls: getInventory ×11; 1 failed: getInventory: This run already made 10 tool calls/,
    );
  });
});
