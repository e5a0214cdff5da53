// A small MCP server over stdio for the `--tools-from` tests: an inventory with three tools, one
// answering structured content, one text (with a name that is not a Python identifier), one an
// error. Run it with `node inventory-mcp-server.mjs`.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const items = Array.from({ length: 15 }, (_, index) => `item-${index + 1}`);

const server = new McpServer({ name: 'inventory', version: '1.0.0' });

server.registerTool(
  'list_items',
  {
    description: 'Names of every item in the inventory.',
    inputSchema: {},
  },
  async () => ({ content: [{ type: 'text', text: JSON.stringify(items) }] }),
);

server.registerTool(
  'get_price',
  {
    description: 'Price of one item, in cents.',
    inputSchema: { item: z.string().describe('An item name from list_items') },
    outputSchema: { item: z.string(), cents: z.number() },
  },
  async ({ item }) => {
    if (!items.includes(item)) {
      return { content: [{ type: 'text', text: `Unknown item: ${item}` }], isError: true };
    }
    const cents = Number(item.split('-')[1]) * 100;
    return {
      content: [{ type: 'text', text: JSON.stringify({ item, cents }) }],
      structuredContent: { item, cents },
    };
  },
);

server.registerTool(
  'get-stock',
  {
    description: 'How many of an item are in stock.',
    inputSchema: { item: z.string() },
  },
  async ({ item }) => ({ content: [{ type: 'text', text: String(item.length) }] }),
);

await server.connect(new StdioServerTransport());
process.stderr.write(`inventory server ready (pid ${process.pid})\n`);
