import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { assertCliBuilt, builtCli } from './built-cli';

/** The inventory MCP server fixture (mcp's test support), as a `--tools-from` command line. */
export const inventoryCommand = `'${process.execPath}' '${fileURLToPath(
  new URL('../../../mcp/src/test-support/inventory-mcp-server.mjs', import.meta.url),
)}'`;

/** Sum of the inventory fixture's prices of its 15 items: 1..15 × 100 cents. */
export const inventoryTotalCents = (15 * 16 * 100) / 2;

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

/** Whether a process with this pid is still there. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
