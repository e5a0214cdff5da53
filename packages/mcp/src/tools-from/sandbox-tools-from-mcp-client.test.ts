import type { SandboxTool } from '@code-interpreter/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sandboxToolsFromMcpClient } from './sandbox-tools-from-mcp-client';

// Another MCP server's tools as sandbox tools, over an in-memory transport: the calls are made as
// core makes them (execute with a signal); no sandbox runs here.

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function connectedClient(register: (server: McpServer) => void) {
  const server = new McpServer({ name: 'tools', version: '1.0.0' });
  register(server);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  closers.push(() => client.close());
  return client;
}

function inventory(server: McpServer) {
  server.registerTool(
    'get_price',
    {
      description: 'Price of one item, in cents.',
      inputSchema: { item: z.string() },
      outputSchema: { item: z.string(), cents: z.number() },
    },
    async ({ item }) => {
      if (item === 'kiwi') {
        return { content: [{ type: 'text', text: `Unknown item: ${item}` }], isError: true };
      }
      return {
        content: [{ type: 'text', text: JSON.stringify({ item, cents: 300 }) }],
        structuredContent: { item, cents: 300 },
      };
    },
  );
  server.registerTool(
    'get-stock',
    { title: 'Stock of an item', inputSchema: { item: z.string() } },
    async ({ item }) => ({ content: [{ type: 'text', text: String(item.length) }] }),
  );
}

const call = (tool: SandboxTool | undefined, input: unknown, signal?: AbortSignal) =>
  Promise.resolve(
    tool?.execute(input, { signal: signal ?? new AbortController().signal, toolCallId: 'c1' }),
  );

describe('sandboxToolsFromMcpClient', () => {
  it('offers each tool by the name the server publishes, with its description and schemas', async () => {
    const tools = await sandboxToolsFromMcpClient(await connectedClient(inventory));
    expect(Object.keys(tools)).toEqual(['get_price', 'get-stock']);
    expect(tools.get_price).toMatchObject({
      description: 'Price of one item, in cents.',
      inputSchema: { type: 'object', properties: { item: { type: 'string' } }, required: ['item'] },
      outputSchema: { type: 'object', properties: { cents: { type: 'number' } } },
    });
    expect(tools['get-stock']?.description).toBe('Stock of an item');
  });

  it('calls the tool and answers its structured content or its JSON text', async () => {
    const tools = await sandboxToolsFromMcpClient(await connectedClient(inventory));
    expect(await call(tools.get_price, { item: 'pear' })).toEqual({ item: 'pear', cents: 300 });
    expect(await call(tools['get-stock'], { item: 'pear' })).toBe(4);
  });

  it('fails the call with the text of an isError answer', async () => {
    const tools = await sandboxToolsFromMcpClient(await connectedClient(inventory));
    await expect(call(tools.get_price, { item: 'kiwi' })).rejects.toThrow('Unknown item: kiwi');
  });

  it('cancels the request when the call’s signal aborts', async () => {
    let cancelled = false;
    const client = await connectedClient((server) => {
      server.registerTool('hang', { inputSchema: {} }, async (_args, extra) => {
        await new Promise<void>((resolve) =>
          extra.signal.addEventListener('abort', () => resolve()),
        );
        cancelled = true;
        return { content: [] };
      });
    });
    const tools = await sandboxToolsFromMcpClient(client);
    const controller = new AbortController();
    const pending = call(tools.hang, {}, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error('run over'));
    await expect(pending).rejects.toThrow();
    await expect.poll(() => cancelled).toBe(true);
  });

  it('offers only the tools `include` accepts', async () => {
    const tools = await sandboxToolsFromMcpClient(await connectedClient(inventory), {
      include: (tool) => tool.name !== 'get-stock',
    });
    expect(Object.keys(tools)).toEqual(['get_price']);
  });
});
