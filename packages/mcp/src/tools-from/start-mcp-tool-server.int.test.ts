import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../test-support/is-alive';
import { McpToolServerError } from './mcp-tool-server-error';
import { type McpToolServer, startMcpToolServer } from './start-mcp-tool-server';

// Real child processes: the inventory fixture server over stdio, and commands that fail to be one.

const fixture = fileURLToPath(new URL('../test-support/inventory-mcp-server.mjs', import.meta.url));
const started: McpToolServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

async function start(command: string, args: string[], options: { startupTimeoutMs?: number } = {}) {
  let stderr = '';
  const server = await startMcpToolServer({
    command,
    args,
    onStderr: (text) => {
      stderr += text;
    },
    log: () => {},
    ...options,
  });
  started.push(server);
  return { server, stderr: () => stderr };
}

async function failure(command: string, args: string[], options = {}) {
  const error = await start(command, args, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!McpToolServerError.isInstance(error))
    throw new Error(`Expected McpToolServerError, got ${error}`);
  return error;
}

describe('startMcpToolServer', () => {
  it('starts the server, lists its tools, calls them, and ends its process on close', async () => {
    const { server, stderr } = await start(process.execPath, [fixture]);
    expect(Object.keys(server.tools).sort()).toEqual(['get-stock', 'get_price', 'list_items']);
    const call = (name: string, input: object) =>
      server.tools[name]?.execute(input, { signal: new AbortController().signal, toolCallId: 'c' });
    expect(await call('get_price', { item: 'item-3' })).toEqual({ item: 'item-3', cents: 300 });
    expect(await call('list_items', {})).toHaveLength(15);
    await expect.poll(stderr).toContain('inventory server ready');

    const pid = (server.client.transport as unknown as { pid: number }).pid;
    expect(isAlive(pid)).toBe(true);
    await server.close();
    await expect.poll(() => isAlive(pid)).toBe(false);
  });

  it('says a command that is not found was not found, and that it runs without a shell', async () => {
    const error = await failure('no-such-mcp-server-command', ['--stdio']);
    expect(error.commandLine).toBe('no-such-mcp-server-command --stdio');
    expect(error.message).toBe(
      "The MCP tool server 'no-such-mcp-server-command --stdio' could not be used: 'no-such-mcp-server-command' was not found (it is run without a shell: give a program on PATH or a path to one).",
    );
  });

  it('says a server that exits at once exited, quoting its stderr', async () => {
    const error = await failure(process.execPath, ['/nonexistent/server.mjs']);
    expect(error.message).toMatch(
      /^The MCP tool server '.*node.* \/nonexistent\/server\.mjs' could not be used: it exited before it answered \(is it an MCP server speaking stdio\?\)\.\nIts stderr ended with:\n[\s\S]*Cannot find module '\/nonexistent\/server\.mjs'/,
    );
  });

  it('gives up on a server that does not answer in time, and ends it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-tool-server-'));
    const pidFile = join(dir, 'pid');
    const silent = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
    try {
      const error = await failure(process.execPath, ['-e', silent], { startupTimeoutMs: 500 });
      expect(error.message).toContain('it did not start and list its tools within 500 ms.');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      // stdin closed, then SIGTERM 2 s later.
      await expect.poll(() => isAlive(pid), { timeout: 5_000 }).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
