import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from './test-support/is-alive';
import { textOf } from './test-support/text-of';

const cli = fileURLToPath(new URL('../../cli/dist/cli.js', import.meta.url));

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function connect(flags: string[] = []) {
  if (!existsSync(cli)) {
    throw new Error(
      `${cli} is missing: build it first (pnpm --filter @code-interpreter/cli build).`,
    );
  }
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', ...flags],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  clients.push(client);
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

describe('code-interpreter mcp (stdio)', () => {
  it('lists the run_code tool with the shared schema', async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['run_code', 'new_session', 'close_session']);
    const [tool] = tools;
    expect(tool?.description).toContain('no network');
    expect(tool?.inputSchema).toMatchObject({
      type: 'object',
      properties: {
        language: { enum: ['javascript', 'typescript', 'python'] },
        code: { type: 'string' },
        timeout: { type: 'integer' },
        memoryLimit: { type: 'integer' },
      },
      required: ['language', 'code'],
    });
  });

  it('publishes the schema narrowed to the flags, and refuses a call over a cap with the cap', async () => {
    const { client } = await connect([
      '--language',
      'python',
      '--timeout',
      '10000',
      '--memory-limit',
      '256',
    ]);
    const [tool] = (await client.listTools()).tools;
    expect(tool?.inputSchema).toMatchObject({
      properties: {
        language: { enum: ['python'] },
        timeout: { maximum: 10000 },
        memoryLimit: { maximum: 256 },
      },
    });
    const overCap = await client.callTool({
      name: 'run_code',
      arguments: { language: 'python', code: 'print(1)', timeout: 20000 },
    });
    expect(overCap.isError).toBe(true);
    expect(textOf(overCap)).toMatch(/timeout.*10000/);
    const otherLanguage = await client.callTool({
      name: 'run_code',
      arguments: { language: 'javascript', code: '1' },
    });
    expect(otherLanguage.isError).toBe(true);
    expect(textOf(otherLanguage)).toMatch(/python/);
  });

  it('runs code, keeps the session state, and marks faults with isError', async () => {
    const { client } = await connect();
    const first = await client.callTool({
      name: 'run_code',
      arguments: {
        language: 'javascript',
        code: "const greeting = 'hello';\nconsole.log(greeting)",
      },
    });
    expect(first.isError).toBe(false);
    expect(textOf(first)).toBe('hello');

    const second = await client.callTool({
      name: 'run_code',
      arguments: { language: 'typescript', code: 'greeting.toUpperCase()' },
    });
    expect(textOf(second)).toBe("'HELLO'");

    const fault = await client.callTool({
      name: 'run_code',
      arguments: { language: 'javascript', code: 'undefinedFunction()' },
    });
    expect(fault.isError).toBe(true);
    expect(textOf(fault)).toMatch(/^Error: ReferenceError: undefinedFunction is not defined/);
  });

  it('answers invalid input with an error result instead of running it', async () => {
    const { client } = await connect();
    const result = await client.callTool({
      name: 'run_code',
      arguments: { language: 'javascript', code: '1', timeout: 5 },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/timeout/);
  });

  it('writes nothing but the protocol to stdout and exits when the client closes', async () => {
    const { client, transport } = await connect();
    // A line on stdout that is not JSON-RPC would surface here as a parse error.
    const protocolErrors: Error[] = [];
    client.onerror = (error) => protocolErrors.push(error);
    const result = await client.callTool({
      name: 'run_code',
      arguments: {
        language: 'javascript',
        code: "console.log('user output stays in the result'); console.error('and stderr too')",
      },
    });
    expect(textOf(result)).toBe('user output stays in the result\nand stderr too');
    expect(protocolErrors).toEqual([]);
    const pid = transport.pid as number;
    expect(isAlive(pid)).toBe(true);
    // The SDK ends stdin, then sends SIGTERM if the server is still there 2 s later: a server that
    // left on its own has no signal code. (The SDK keeps the child process in `_process`.)
    const child = (transport as unknown as { _process?: import('node:child_process').ChildProcess })
      ._process;
    expect(child).toBeDefined();
    const exited = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    await client.close();
    await exited;
    expect(child?.signalCode).toBeNull();
    expect(child?.exitCode).toBe(0);
    expect(isAlive(pid)).toBe(false);
  });
});
