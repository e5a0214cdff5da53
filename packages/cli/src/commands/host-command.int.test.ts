import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InterpreterClosedError } from '@code-interpreter/core';
import { createRemoteCodeInterpreter } from '@code-interpreter/remote';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startNatsServer,
  type TestNatsServer,
} from '../../../remote/src/test-support/nats-server';
import { startCli, stopCli } from '../test-support/cli-processes';

// `code-interpreter host --nats` and `code-interpreter mcp --nats`, both from the built CLI: a real
// nats-server on 127.0.0.1 (the test fails when it is not installed), one host process, and an MCP
// client talking to `mcp --nats` over stdio.

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let nats: TestNatsServer;
let host: ChildProcess;
let hostStderr = '';
const clients: Client[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(cli)) {
    throw new Error(
      `${cli} is missing: build it first (pnpm --filter @code-interpreter/cli build).`,
    );
  }
  nats = await startNatsServer();
  // The host offers JavaScript only: the MCP server's schema can only have learnt that from it.
  host = spawn(
    process.execPath,
    [cli, 'host', '--nats', nats.url, '--name', 'cli-test-host', '--language', 'javascript'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  host.stderr?.on('data', (chunk: Buffer) => {
    hostStderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not serve: ${hostStderr}`)), 30_000);
    const check = () => {
      if (!/serving on NATS/.test(hostStderr)) return;
      clearTimeout(timer);
      resolve();
    };
    host.stderr?.on('data', check);
    host.once('exit', (code) => reject(new Error(`host exited with ${code}: ${hostStderr}`)));
  });
});

afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  if (host && host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
  await Promise.all(children.map((child) => stopCli(child)));
  await nats?.stop();
});

describe('code-interpreter host --nats', () => {
  it('serves the code mcp --nats sends, and exits 0 on SIGTERM', async () => {
    expect(hostStderr).toMatch(new RegExp(`^Sandbox host \\w+ serving on NATS ${nats.url}\\n$`));

    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, 'mcp', '--nats', nats.url],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'host-command-test', version: '1.0.0' });
    clients.push(client);
    await client.connect(transport);

    const { tools } = await client.listTools();
    const properties = tools.find((tool) => tool.name === 'run_code')?.inputSchema.properties;
    const language = (properties as Record<string, { enum?: string[] }> | undefined)?.language;
    expect(language?.enum).toEqual(['javascript']);

    const result = await client.callTool({
      name: 'run_code',
      arguments: { language: 'javascript', code: 'const answer = 6 * 7; console.log(answer)' },
    });
    expect(result.isError).toBeFalsy();
    const [first] = result.content as Array<{ type: string; text?: string }>;
    expect(first?.text).toContain('42');

    // The MCP session's interpreter session lives on the host; SIGTERM frees it and exits 0.
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      host.once('exit', (code, signal) => resolve([code, signal])),
    );
    host.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
    expect(hostStderr).not.toMatch(/code-interpreter:/);
  });

  it('ends sessions idle longer than --session-idle-timeout seconds', async () => {
    // A NATS server of its own: no other host may take the session.
    const ownNats = await startNatsServer();
    const idleHost = await startCli(
      ['host', '--nats', ownNats.url, '--language', 'javascript', '--session-idle-timeout', '1'],
      /serving on NATS/,
      children,
    );
    const remote = await createRemoteCodeInterpreter({ servers: ownNats.url });
    try {
      const session = remote.createSession();
      await session.run({ language: 'javascript', code: 'globalThis.kept = 1' });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const error = await session.run({ language: 'javascript', code: 'kept' }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(InterpreterClosedError.isInstance(error), String(error)).toBe(true);
    } finally {
      await remote.close();
      await stopCli(idleHost.child);
      await ownNats.stop();
    }
  });

  it('exits 2 naming the server when NATS cannot be reached', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const child = spawn(process.execPath, [cli, 'host', '--nats', url], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe(
      `code-interpreter: Could not reach NATS at ${url} (connection refused): start nats-server there or fix --nats.\n`,
    );
  });
});
