import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../../mcp/src/test-support/is-alive';
import { startNatsServer, type TestNatsServer } from '../../../remote/src/test-support/nats-server';
import { assertCliBuilt } from '../test-support/built-cli';
import { type StartedCli, startCli, stopCli } from '../test-support/cli-processes';
import {
  connectMcpOverStdio,
  inventoryCommand,
  inventoryPrograms,
  inventoryProgramsAnswer,
  textOf,
} from '../test-support/mcp-stdio-client';

// `code-interpreter mcp --nats <url> --tools-from "<command line>"`, all from the built CLI: a real
// nats-server on 127.0.0.1, one `host` process (given no tools), and an MCP client talking over
// stdio to the `mcp` front end, which starts the tool servers. The code runs on the host; its tool
// calls come back over NATS to the front end, whose children the tool servers are.

const processInfo = fileURLToPath(
  new URL('../test-support/process-info-mcp-server.mjs', import.meta.url),
);
const processInfoCommand = `'${process.execPath}' '${processInfo}'`;

const children: ChildProcess[] = [];
const clients: Client[] = [];
let nats: TestNatsServer;
let host: StartedCli;

beforeAll(async () => {
  assertCliBuilt();
  nats = await startNatsServer();
  host = await startCli(
    ['host', '--nats', nats.url, '--name', 'tools-from-host', '--workers', '1'],
    /serving on NATS/,
    children,
  );
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await Promise.all(children.map((child) => stopCli(child)));
  await nats?.stop();
});

/** Starts `mcp --nats <url> --tools-from inventory --tools-from process-info` and connects to it. */
const connect = () =>
  connectMcpOverStdio(
    ['--nats', nats.url, '--tools-from', inventoryCommand, '--tools-from', processInfoCommand],
    'nats-tools-from-test',
    clients,
  );

describe('code-interpreter mcp --nats --tools-from', () => {
  it.each(inventoryPrograms)(
    'runs %s code on the host that calls the front end’s tools 17 times in one run_code call',
    async (language, code) => {
      const { client } = await connect();
      const result = await client.callTool({ name: 'run_code', arguments: { language, code } });
      expect(result.isError, textOf(result)).toBe(false);
      expect(textOf(result)).toBe(inventoryProgramsAnswer);
    },
  );

  it('declares the tools in run_code’s description; their servers are children of the front end, not of the host, and end with it', async () => {
    const { client, transport, stderr } = await connect();
    const { tools } = await client.listTools();
    const description = tools.find((tool) => tool.name === 'run_code')?.description ?? '';
    for (const name of ['list_items', 'get_price', 'get_stock', 'process_info']) {
      expect(description).toContain(name);
    }

    const result = await client.callTool({
      name: 'run_code',
      arguments: {
        language: 'javascript',
        code: 'console.log(JSON.stringify(await tools.process_info({})))',
      },
    });
    expect(result.isError, textOf(result)).toBe(false);
    const [line, summary] = textOf(result).split('\n');
    expect(summary).toBe('[1 tool call: process_info ×1]');
    const where = JSON.parse(line ?? '') as { pid: number; ppid: number };
    const frontEnd = transport.pid;
    expect(frontEnd).toBeTypeOf('number');
    expect(where.ppid).toBe(frontEnd);
    expect(where.ppid).not.toBe(host.child.pid);
    expect(stderr()).toContain(
      `[${processInfoCommand}] process-info server ready (pid ${where.pid})`,
    );

    await client.close();
    await expect.poll(() => isAlive(where.pid), { timeout: 10_000 }).toBe(false);
    // The host serves on: only the front end and its tool servers ended.
    expect(host.child.exitCode).toBeNull();
  });

  it('gives a session handle’s runs the tools, and an isError answer is an error the code catches', async () => {
    const { client } = await connect();
    const opened = await client.callTool({ name: 'new_session', arguments: {} });
    expect(opened.isError, textOf(opened)).toBeFalsy();
    const { session } = opened.structuredContent as { session: string };

    const first = await client.callTool({
      name: 'run_code',
      arguments: {
        language: 'javascript',
        code: 'globalThis.names = await tools.list_items({}); names.length',
        session,
      },
    });
    expect(first.isError, textOf(first)).toBe(false);
    expect(textOf(first)).toBe('15\n[1 tool call: list_items ×1]');

    const second = await client.callTool({
      name: 'run_code',
      arguments: {
        language: 'javascript',
        code: "try { await tools.get_price({ item: 'kiwi' }) } catch (error) { console.log(names.length, 'caught:', error.message) }",
        session,
      },
    });
    expect(textOf(second)).toBe(
      '15 caught: Unknown item: kiwi\n[1 tool call: get_price ×1; 1 failed: get_price: Unknown item: kiwi]',
    );
  });
});
