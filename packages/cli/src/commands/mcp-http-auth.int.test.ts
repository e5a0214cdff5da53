import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// `mcp --http` with `--tokens-file`/`--token-env` on the built CLI: a real server on an ephemeral
// loopback port, reached with fetch and the MCP SDK's client.

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const token = 'cli-http-token-5f2a9c0e7d1b';

let folder: string;
let tokensFile: string;
beforeAll(async () => {
  if (!existsSync(cli)) {
    throw new Error(
      `${cli} is missing: build it first (pnpm --filter @code-interpreter/cli build).`,
    );
  }
  folder = await mkdtemp(join(tmpdir(), 'cli-http-auth-'));
  tokensFile = join(folder, 'tokens');
  await writeFile(tokensFile, `# the test's client\n${token}\n`);
});
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
});

/** Starts `code-interpreter mcp --http --port 0 ...flags`; resolves with its URL once listening. */
function startServer(flags: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, 'mcp', '--http', '--port', '0', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let stderr = '';
  return new Promise<{ url: string; stderr: () => string }>((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const listening = /listening on (http:\/\/\S+?\/mcp)/.exec(stderr);
      if (listening?.[1]) resolve({ url: listening[1], stderr: () => stderr });
    });
    child.on('close', (code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
  });
}

/** Runs the CLI to its end and collects its exit code and stderr. */
function runToEnd(flags: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, 'mcp', '--http', '--port', '0', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('code-interpreter mcp --http with bearer tokens', () => {
  it('asks for the token from --tokens-file and runs code for it', async () => {
    const server = await startServer(['--tokens-file', tokensFile, '--language', 'javascript']);
    expect(server.stderr()).toContain(', bearer token required (1 accepted)');

    const refused = await fetch(server.url, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    const port = new URL(server.url).port;
    expect(refused.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp"`,
    );

    const client = new Client({ name: 'cli-auth', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    try {
      const result = await client.callTool({
        name: 'run_code',
        arguments: { language: 'javascript', code: '6 * 7' },
      });
      expect((result.content as Array<{ text?: string }>)[0]?.text).toBe('42');
    } finally {
      await client.close();
    }
    expect(server.stderr()).not.toContain(token);
  });

  it('takes tokens from --token-env and the quota flags', async () => {
    const server = await startServer(
      ['--token-env', 'MCP_TOKENS', '--max-runs-per-minute-per-token', '1'],
      { MCP_TOKENS: `other-token-0123456789,${token}` },
    );
    expect(server.stderr()).toContain('(2 accepted)');
    const client = new Client({ name: 'cli-quota', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const call = () =>
      client.callTool({ name: 'run_code', arguments: { language: 'javascript', code: '1' } });
    try {
      await call();
      await expect(call()).rejects.toMatchObject({
        code: 429,
        message: expect.stringContaining('Quota exceeded: at most 1 run per minute per token.'),
      });
    } finally {
      await client.close();
    }
  });

  it('refuses --host 0.0.0.0 without tokens: exit 2, naming the flags to add', async () => {
    const outcome = await runToEnd(['--host', '0.0.0.0']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(
      'Refusing to serve on 0.0.0.0 without authentication: anyone who reaches the port could run code. Add --tokens-file <path> or --token-env <VAR>, or keep --host 127.0.0.1.',
    );
  });

  it('refuses an unset --token-env variable with exit 2', async () => {
    const outcome = await runToEnd(['--token-env', 'NO_SUCH_TOKENS_VARIABLE']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(
      '--token-env NO_SUCH_TOKENS_VARIABLE: the environment variable NO_SUCH_TOKENS_VARIABLE is not set or empty.',
    );
  });
});
