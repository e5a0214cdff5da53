import type { StandardSchemaLike } from '@code-interpreter/core';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { ToolMessage } from '@langchain/core/messages';
import { DynamicTool, StructuredTool, tool } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toSandboxTools } from './to-sandbox-tools';

// What sandboxed code gets from LangChain tools, called as core calls a sandbox tool's execute:
// no sandbox runs here (code-interpreter-tool.int.test.ts calls them from real programs).

const getPrice = tool(async ({ item }) => JSON.stringify({ item, price: item.length * 10 }), {
  name: 'get_price',
  description: 'Price of an item in cents.',
  schema: z.object({ item: z.string().describe('The item name') }),
});

function execute(
  tools: ReturnType<typeof toSandboxTools>,
  name: string,
  input: unknown,
  signal = new AbortController().signal,
) {
  const sandboxTool = tools[name];
  if (!sandboxTool) throw new Error(`no tool ${name}`);
  return Promise.resolve(sandboxTool.execute(input, { signal, toolCallId: 'call-1' }));
}

async function validate(schema: unknown, value: unknown) {
  return (schema as StandardSchemaLike)['~standard'].validate(value);
}

describe('toSandboxTools', () => {
  it('keeps each tool’s name and description, and its Zod schema as JSON Schema for the declarations', () => {
    const tools = toSandboxTools([getPrice]);
    expect(Object.keys(tools)).toEqual(['get_price']);
    expect(tools.get_price?.description).toBe('Price of an item in cents.');
    const schema = tools.get_price?.inputSchema as StandardSchemaLike;
    expect(schema['~standard'].jsonSchema?.input({ target: 'draft-2020-12' })).toMatchObject({
      type: 'object',
      properties: { item: { type: 'string', description: 'The item name' } },
      required: ['item'],
    });
  });

  it('checks input with the tool’s own schema, and hands execute the input as the code passed it', async () => {
    const length = tool(async (text) => String(text), {
      name: 'length',
      description: 'Length of a text.',
      schema: z.object({ text: z.string() }).transform(({ text }) => text.length),
    });
    const schema = toSandboxTools([length]).length?.inputSchema;
    expect(await validate(schema, { text: 'abcd' })).toEqual({ value: { text: 'abcd' } });
    const refused = await validate(schema, { text: 4 });
    expect(refused.issues?.[0]).toMatchObject({ path: ['text'] });
    // The transform runs once, in tool.invoke.
    expect(await execute(toSandboxTools([length]), 'length', { text: 'abcd' })).toBe(4);
  });

  it('passes a JSON Schema tool’s schema on as it is', () => {
    const jsonSchema = {
      type: 'object' as const,
      properties: { city: { type: 'string' } },
      required: ['city'],
    };
    const weather = tool(async ({ city }: { city: string }) => `Sunny in ${city}`, {
      name: 'weather',
      description: 'Weather now.',
      schema: jsonSchema,
    });
    expect(toSandboxTools([weather]).weather?.inputSchema).toEqual(jsonSchema);
  });

  it('answers JSON text parsed, other text as it is, and objects as they are', async () => {
    const echo = tool(async ({ value }) => value, {
      name: 'echo',
      description: 'Echo.',
      schema: z.object({ value: z.unknown() }),
    });
    const tools = toSandboxTools([getPrice, echo]);
    expect(await execute(tools, 'get_price', { item: 'pear' })).toEqual({
      item: 'pear',
      price: 40,
    });
    expect(await execute(tools, 'echo', { value: 'Sunny, 21 °C' })).toBe('Sunny, 21 °C');
    expect(await execute(tools, 'echo', { value: '42' })).toBe(42);
    expect(await execute(tools, 'echo', { value: '{ not json' })).toBe('{ not json');
    expect(await execute(tools, 'echo', { value: { nested: [1, 2] } })).toEqual({ nested: [1, 2] });
    expect(
      await execute(tools, 'echo', {
        value: [
          { type: 'text', text: '[1,' },
          { type: 'text', text: '2]' },
        ],
      }),
    ).toEqual([1, 2]);
  });

  it('answers the content of a content_and_artifact tool, without its artifact', async () => {
    const search = tool(async () => ['found 2', { ids: [1, 2] }], {
      name: 'search',
      description: 'Search.',
      schema: z.object({ query: z.string() }),
      responseFormat: 'content_and_artifact',
    });
    expect(await execute(toSandboxTools([search]), 'search', { query: 'x' })).toBe('found 2');
  });

  it('fails the call with the message of a tool that throws or answers an error ToolMessage', async () => {
    class Refusing extends StructuredTool {
      name = 'refusing';
      description = 'Answers an error ToolMessage.';
      schema = z.object({});
      async _call() {
        return new ToolMessage({ content: 'Quota exceeded', tool_call_id: 'x', status: 'error' });
      }
    }
    const throwing = tool(
      async () => {
        throw new Error('Unknown item: kiwi');
      },
      { name: 'throwing', description: 'Throws.', schema: z.object({}) },
    );
    const tools = toSandboxTools([new Refusing(), throwing]);
    await expect(execute(tools, 'refusing', {})).rejects.toThrow('Quota exceeded');
    await expect(execute(tools, 'throwing', {})).rejects.toThrow('Unknown item: kiwi');
  });

  it('takes a string-input tool’s { input } argument', async () => {
    const shout = new DynamicTool({
      name: 'shout',
      description: 'Upper-cases its input.',
      func: async (text) => text.toUpperCase(),
    });
    expect(await execute(toSandboxTools([shout]), 'shout', { input: 'hi' })).toBe('HI');
  });

  it('stops a tool when the call’s signal aborts (the run ended)', async () => {
    let started!: () => void;
    const didStart = new Promise<void>((resolve) => {
      started = resolve;
    });
    const slow = tool(
      async () => {
        started();
        return new Promise<string>(() => {});
      },
      { name: 'slow', description: 'Never answers.', schema: z.object({}) },
    );
    const controller = new AbortController();
    const call = execute(toSandboxTools([slow]), 'slow', {}, controller.signal);
    await didStart;
    controller.abort(new Error('run over'));
    await expect(call).rejects.toThrow();
  });

  it('invokes each tool with the config given, so its runs reach the application’s callbacks', async () => {
    const started: string[] = [];
    class Recorder extends BaseCallbackHandler {
      name = 'recorder';
      override handleToolStart(_tool: unknown, input: string, ...rest: unknown[]) {
        started.push(`${String(rest[4] ?? '')}:${input}`);
      }
    }
    const tools = toSandboxTools([getPrice], {
      config: { callbacks: [new Recorder()], runName: 'priced' },
    });
    await execute(tools, 'get_price', { item: 'fig' });
    expect(started).toEqual(['priced:{"item":"fig"}']);
  });

  it('refuses two tools of the same name', () => {
    expect(() => toSandboxTools([getPrice, getPrice])).toThrow("two tools are named 'get_price'");
  });
});
