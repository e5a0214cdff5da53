import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../../mcp/src/test-support/is-alive';
import { type CliOutcome, runBuiltCli } from '../test-support/built-cli';
import {
  connectMcpOverStdio,
  inventoryCommand,
  inventoryPrograms,
  inventoryProgramsAnswer,
  textOf,
} from '../test-support/mcp-stdio-client';

// `code-interpreter mcp --tools-from "<command line>"`: the built CLI starts the inventory fixture
// server as a child, and an MCP client calls run_code with programs that call its tools.

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

const connect = (flags: string[]) => connectMcpOverStdio(flags, 'tools-from-test', clients);

describe('code-interpreter mcp --tools-from', () => {
  it('lists run_code (and the session tools), not the other server’s tools: run_code’s description declares them', async () => {
    const { client } = await connect(['--tools-from', inventoryCommand]);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['run_code', 'new_session', 'close_session']);
    const description = tools[0]?.description ?? '';
    expect(description).toContain('no network');
    for (const text of [
      'list_items',
      'get_price',
      'get-stock',
      'get_stock',
      'An item name from list_items',
    ]) {
      expect(description).toContain(text);
    }
  });

  it.each(inventoryPrograms)(
    'runs %s code that calls the tools 17 times in one run_code call',
    async (language, code) => {
      const { client } = await connect(['--tools-from', inventoryCommand]);
      const result = await client.callTool({ name: 'run_code', arguments: { language, code } });
      expect(result.isError).toBe(false);
      expect(textOf(result)).toBe(inventoryProgramsAnswer);
    },
  );

  it('makes an isError answer an error the code can catch, with its text', async () => {
    const { client } = await connect(['--tools-from', inventoryCommand]);
    const result = await client.callTool({
      name: 'run_code',
      arguments: {
        language: 'javascript',
        code: "try { await tools.get_price({ item: 'kiwi' }) } catch (error) { console.log('caught:', error.message) }",
      },
    });
    expect(textOf(result)).toBe(
      'caught: Unknown item: kiwi\n[1 tool call: get_price ×1; 1 failed: get_price: Unknown item: kiwi]',
    );
  });

  it('passes on the tool server’s stderr, marked, and ends it when the client closes', async () => {
    const { client, stderr } = await connect(['--tools-from', inventoryCommand]);
    await expect.poll(stderr).toMatch(/\] inventory server ready \(pid \d+\)/);
    const pid = Number(/inventory server ready \(pid (\d+)\)/.exec(stderr())?.[1]);
    expect(stderr()).toContain(`[${inventoryCommand}] inventory server ready`);
    expect(isAlive(pid)).toBe(true);
    await client.close();
    await expect.poll(() => isAlive(pid), { timeout: 10_000 }).toBe(false);
  });

  it('refuses two servers that publish the same tool name, naming both', async () => {
    const outcome = await runCli([
      'mcp',
      '--tools-from',
      inventoryCommand,
      '--tools-from',
      inventoryCommand,
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("Two --tools-from servers publish a tool named 'list_items'");
  });

  it('exits 2 at startup, saying why, when a tool server cannot start', async () => {
    const missing = await runCli(['mcp', '--tools-from', 'no-such-mcp-server --stdio']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "code-interpreter: The MCP tool server 'no-such-mcp-server --stdio' could not be used: 'no-such-mcp-server' was not found (it is run without a shell: give a program on PATH or a path to one).\n",
    );
    expect(missing.stdout).toBe('');

    const crashing = await runCli([
      'mcp',
      '--tools-from',
      `'${process.execPath}' /nonexistent.mjs`,
    ]);
    expect(crashing.code).toBe(2);
    expect(crashing.stderr).toMatch(/could not be used: it exited before it answered/);
    expect(crashing.stderr).toContain("Cannot find module '/nonexistent.mjs'");

    const unclosed = await runCli(['mcp', '--tools-from', 'node "server.mjs']);
    expect(unclosed.code).toBe(2);
    expect(unclosed.stderr).toContain('a double quote is not closed');
  });
});

/** Runs the built CLI with stdin left open (as an MCP client would), until it exits by itself. */
function runCli(args: string[]): Promise<CliOutcome> {
  return runBuiltCli(args, { stdin: 'open', timeoutMs: 30_000 });
}
