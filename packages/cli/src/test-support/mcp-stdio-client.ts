import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { assertCliBuilt, builtCli } from './built-cli';

/** The inventory MCP server fixture (mcp's test support), as a `--tools-from` command line. */
export const inventoryCommand = `'${process.execPath}' '${fileURLToPath(
  new URL('../../../mcp/src/test-support/inventory-mcp-server.mjs', import.meta.url),
)}'`;

/** Sum of the inventory fixture's prices of its 15 items: 1..15 × 100 cents. */
const inventoryTotalCents = (15 * 16 * 100) / 2;

/**
 * One program per language that calls the inventory fixture's tools 17 times (list, 15 prices,
 * one stock), and the text run_code answers for it.
 */
export const inventoryPrograms: Array<[language: 'javascript' | 'python', code: string]> = [
  [
    'javascript',
    [
      'const names = await tools.list_items({});',
      'let cents = 0;',
      'for (const item of names) cents += (await tools.get_price({ item })).cents;',
      "const stock = await tools['get-stock']({ item: 'item-7' });",
      'console.log(names.length, cents, stock);',
    ].join('\n'),
  ],
  [
    'python',
    [
      'names = await tools.list_items()',
      'cents = 0',
      'for item in names:',
      '    cents += (await tools.get_price(item=item))["cents"]',
      'stock = await tools.get_stock(item="item-7")',
      'print(len(names), cents, stock)',
    ].join('\n'),
  ],
];
export const inventoryProgramsAnswer = `15 ${inventoryTotalCents} 6\n[17 tool calls: list_items ×1, get_price ×15, get-stock ×1]`;

/**
 * Starts the built CLI's `mcp` with `flags` and connects an MCP client to it over stdio; the
 * client is pushed to `clients` (close them after each test). `stderr()` is what the CLI has
 * written to its standard error so far.
 */
export async function connectMcpOverStdio(flags: string[], name: string, clients: Client[]) {
  assertCliBuilt();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [builtCli, 'mcp', ...flags],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name, version: '1.0.0' });
  clients.push(client);
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

/** The text of a tool result's first content block. */
export function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = result.content as Array<{ type: string; text?: string }>;
  return first?.text ?? '';
}
