import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EchoServer, startEchoServer } from '@code-interpreter/core/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, builtCli, type CliOutcome, runBuiltCli } from '../test-support/built-cli';

// `--allow-net`, `--deny-net` and `--secret-header` on the built CLI: its MCP server over stdio
// (as an MCP client starts it) and `run`, against a loopback server the test starts.

const cli = builtCli;
const secret = 'cli-secret-from-the-environment-3b8f';

let api: EchoServer;
let folder: string;
beforeAll(async () => {
  assertCliBuilt();
  api = await startEchoServer();
  folder = await mkdtemp(join(tmpdir(), 'cli-network-'));
});
afterAll(async () => {
  await api?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function connect(flags: string[], env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', '--language', 'javascript', ...flags],
    env: { ...getDefaultEnvironment(), ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'network-test', version: '1.0.0' });
  clients.push(client);
  await client.connect(transport);
  return client;
}

async function runCode(client: Client, code: string): Promise<string> {
  const result = await client.callTool({
    name: 'run_code',
    arguments: { language: 'javascript', code },
  });
  const [first] = result.content as Array<{ text?: string }>;
  return first?.text ?? '';
}

/** Runs the built CLI with `args` and `env` added to this process's environment. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<CliOutcome> {
  return runBuiltCli(args, { env, timeoutMs: 50_000 });
}

const fetchProgram = (path: string) =>
  [
    `try { const response = await fetch('${api.origin}${path}');`,
    'console.log(response.status, (await response.json()).path) }',
    "catch (error) { console.log('refused:', error.cause?.message) }",
  ].join('\n');

describe('code-interpreter mcp with network flags', () => {
  it('--allow-net lets run_code fetch that host, and run_code’s description names it', async () => {
    const client = await connect(['--allow-net', api.host]);
    const { tools } = await client.listTools();
    expect(tools[0]?.description).toContain(
      `The code can make HTTP requests (fetch) to: ${api.host}`,
    );
    expect(await runCode(client, fetchProgram('/allowed'))).toBe('200 /allowed');
    expect(api.received.at(-1)?.url).toBe('/allowed');
  });

  it('without --allow-net the code gets the no-network error and the server sees nothing', async () => {
    const client = await connect([]);
    const before = api.received.length;
    const { tools } = await client.listTools();
    expect(tools[0]?.description).toContain('The sandbox has no network');
    expect(await runCode(client, fetchProgram('/offline'))).toBe(
      'refused: this sandbox has no network: the application did not allow any host',
    );
    expect(api.received).toHaveLength(before);
  });

  it('--deny-net wins over --allow-net', async () => {
    const client = await connect(['--allow-net', '127.0.0.1:*', '--deny-net', api.host]);
    const before = api.received.length;
    expect(await runCode(client, fetchProgram('/denied'))).toMatch(
      new RegExp(`^refused: Network access to ${api.host} was refused`),
    );
    expect(api.received).toHaveLength(before);
  });

  it('--secret-header sends the header, its value read from the environment, and the code never sees it', async () => {
    const client = await connect(
      [
        '--allow-net',
        api.host,
        '--secret-header',
        `http://${api.host}=X-Api-Key:env:NETWORK_TEST_KEY`,
      ],
      { NETWORK_TEST_KEY: secret },
    );
    const text = await runCode(
      client,
      [
        `const response = await fetch('${api.origin}/with-key', { headers: { 'x-api-key': 'the code guessed' } });`,
        "console.log(response.status, JSON.stringify([...response.headers]).includes('cli-secret'))",
      ].join('\n'),
    );
    expect(text).toBe('200 false');
    expect(api.received.at(-1)).toMatchObject({
      url: '/with-key',
      headers: { 'x-api-key': secret },
    });
  });

  it('an unset secret variable stops the server at start: exit 2, naming the variable', async () => {
    const outcome = await runCli([
      'mcp',
      '--allow-net',
      api.host,
      '--secret-header',
      `${api.host}=Authorization:env:NETWORK_TEST_UNSET_VARIABLE`,
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(
      'the environment variable NETWORK_TEST_UNSET_VARIABLE is not set',
    );
    expect(outcome.stdout).toBe('');
  });
});

describe('code-interpreter run with network flags', () => {
  it('--allow-net lets a Python file reach the host; --json lists the request', async () => {
    const file = join(folder, 'fetch.py');
    await writeFile(
      file,
      `import urllib.request\nprint(urllib.request.urlopen('${api.origin}/from-python').read().decode())\n`,
    );
    const outcome = await runCli(['run', file, '--json', '--allow-net', api.host]);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    const result = JSON.parse(outcome.stdout);
    expect(result.stdout).toBe('{"method":"GET","path":"/from-python"}\n');
    expect(result.network).toEqual([
      expect.objectContaining({ method: 'GET', url: `${api.origin}/from-python`, status: 200 }),
    ]);
  });

  it("refuses a malformed --allow-net with exit 2, in the flag's words", async () => {
    const file = join(folder, 'nothing.js');
    await writeFile(file, '1');
    const outcome = await runCli(['run', file, '--allow-net', 'two hosts']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe(
      "code-interpreter: --allow-net 'two hosts': contains spaces: write one host per entry.\n",
    );
  });
});
