import { type CodeInterpreter, createCodeInterpreter } from '@code-interpreter/core';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useRemoteInterpreters } from '../../../remote/src/test-support/remote-interpreter-fixture';
import { createCodeInterpreterTool } from '../code-interpreter-tool';

// Code mode through a LangChain agent: the scripted model answers a question that needs 30 tool
// calls with one program, in a real sandbox, in JavaScript and in Python; on a local interpreter
// and on a remote one (the program on a sandbox host over NATS, the LangChain tools here).

/** The interpreters the cases run on: local, and remote (code on a sandbox host over NATS, tools here). */
const interpreters: Array<[string, () => CodeInterpreter | Promise<CodeInterpreter>]> = [
  ['local', () => createCodeInterpreter({ workers: 1, prewarm: true })],
  ['remote', useRemoteInterpreters()],
];

const items = Array.from({ length: 29 }, (_, index) => `item-${index + 1}`);

/** An inventory of 29 items (list_items answers an array, get_price JSON text), counting calls. */
function inventoryTools() {
  const calls: string[] = [];
  const listItems = tool(
    async () => {
      calls.push('list_items');
      return items;
    },
    { name: 'list_items', description: 'Names of every item.', schema: z.object({}) },
  );
  const getPrice = tool(
    async ({ item }) => {
      calls.push(`get_price ${item}`);
      if (!items.includes(item)) throw new Error(`Unknown item: ${item}`);
      return JSON.stringify({ item, cents: Number(item.split('-')[1]) * 100 });
    },
    {
      name: 'get_price',
      description: 'Price of one item, in cents.',
      schema: z.object({ item: z.string().describe('An item name from list_items') }),
    },
  );
  return { tools: [listItems, getPrice], calls };
}

function toolMessages(messages: unknown[]): ToolMessage[] {
  return messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
}

/** Total of 1..29 × 100 cents. */
const total = (29 * 30 * 100) / 2;

const programs = {
  javascript: [
    'const names = await tools.list_items({});',
    'let total = 0;',
    'for (const item of names) total += (await tools.get_price({ item })).cents;',
    "console.log(names.length, 'items,', total, 'cents');",
  ].join('\n'),
  python: [
    'names = await tools.list_items()',
    'total = 0',
    'for item in names:',
    '    total += (await tools.get_price(item=item))["cents"]',
    'print(f"{len(names)} items, {total} cents")',
  ].join('\n'),
} as const;

describe.each(interpreters)(
  'code mode with createAgent and a scripted model (%s interpreter)',
  (_label, create) => {
    let interpreter: CodeInterpreter;
    beforeAll(async () => {
      interpreter = await create();
    });
    afterAll(async () => {
      await interpreter?.close();
    });

    it.each(['javascript', 'python'] as const)(
      'answers with one %s program that calls the tools 30 times, in two model turns',
      async (language) => {
        const { tools, calls } = inventoryTools();
        const runCode = createCodeInterpreterTool({ interpreter, tools });
        const model = fakeModel()
          .respondWithTools([
            { name: 'run_code', id: 'call-1', args: { language, code: programs[language] } },
          ])
          .respond(new AIMessage(`The inventory is worth ${total / 100} dollars.`));
        const agent = createAgent({ model, tools: [runCode] });

        const state = await agent.invoke({
          messages: [{ role: 'user', content: 'What is the whole inventory worth?' }],
        });

        expect(model.calls).toHaveLength(2);
        expect(calls).toHaveLength(30);
        const [message] = toolMessages(state.messages);
        expect(message?.content).toEqual([
          {
            type: 'text',
            text: `29 items, ${total} cents\n[30 tool calls: list_items ×1, get_price ×29]`,
          },
        ]);
        expect(message?.artifact.success).toBe(true);
        expect(message?.artifact.toolCalls).toHaveLength(30);
        expect(message?.artifact.toolCalls?.[1]).toMatchObject({
          name: 'get_price',
          input: { item: 'item-1' },
          output: { item: 'item-1', cents: 100 },
        });
        expect(state.messages.at(-1)?.content).toBe('The inventory is worth 435 dollars.');
      },
    );

    it('describes the tools to the model, for each language offered', async () => {
      const { tools } = inventoryTools();
      const runCode = createCodeInterpreterTool({ interpreter, tools, languages: ['python'] });
      expect(runCode.description).toContain('get_price');
      expect(runCode.description).toContain('An item name from list_items');
      expect(runCode.description).toMatch(/async def get_price\(\*, item: str\)/);
      expect(runCode.description).not.toMatch(/declare|interface/);
    });

    it.each([
      [
        'javascript',
        "try { await tools.get_price({ item: 'kiwi' }) } catch (error) { console.log(error.name, error.message) }",
      ],
      [
        'python',
        "try:\n    await tools.get_price(item='kiwi')\nexcept Exception as error:\n    print(type(error).__name__, error)",
      ],
    ] as const)('lets %s code catch a tool’s error, with its message', async (language, code) => {
      const { tools } = inventoryTools();
      const runCode = createCodeInterpreterTool({ interpreter, tools });
      const message = await runCode.invoke({
        type: 'tool_call',
        id: 'call-1',
        name: 'run_code',
        args: { language, code },
      });
      const [text] = message.content as Array<{ text: string }>;
      expect(text?.text).toBe(
        'ToolError Unknown item: kiwi\n[1 tool call: get_price ×1; 1 failed: get_price: Unknown item: kiwi]',
      );
      expect(message.artifact.toolCalls).toEqual([
        expect.objectContaining({ name: 'get_price', error: 'Unknown item: kiwi' }),
      ]);
    });

    it('traces the calls the code makes as children of the run_code call', async () => {
      const { tools } = inventoryTools();
      const runCode = createCodeInterpreterTool({ interpreter, tools });
      const started: Array<{ name: string; parent: string | undefined; id: string }> = [];
      class Recorder extends BaseCallbackHandler {
        name = 'recorder';
        override handleToolStart(
          serialized: { name?: string; id?: string[] },
          _input: string,
          runId: string,
          parentRunId?: string,
          _tags?: string[],
          _metadata?: Record<string, unknown>,
          runName?: string,
        ) {
          // A class tool has no run name: its serialized id ends with its class.
          const name = runName ?? serialized.id?.at(-1) ?? '?';
          started.push({ name, parent: parentRunId, id: runId });
        }
      }
      const model = fakeModel()
        .respondWithTools([
          {
            name: 'run_code',
            id: 'call-1',
            args: {
              language: 'javascript',
              code: "await tools.get_price({ item: 'item-2' }); await tools.list_items({})",
            },
          },
        ])
        .respond(new AIMessage('done'));
      const agent = createAgent({ model, tools: [runCode] });
      await agent.invoke(
        { messages: [{ role: 'user', content: 'x' }] },
        { callbacks: [new Recorder()] },
      );
      const outer = started.find((run) => run.name === 'CodeInterpreterTool');
      expect(outer).toBeDefined();
      expect(started.filter((run) => run.parent === outer?.id).map((run) => run.name)).toEqual([
        'get_price',
        'list_items',
      ]);
    });
  },
);
