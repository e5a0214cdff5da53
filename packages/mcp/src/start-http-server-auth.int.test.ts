import { type CodeInterpreter, createCodeInterpreter } from '@code-interpreter/core';
import {
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpAuthRequiredError } from './http-auth/http-auth-required-error';
import { type HttpMcpServer, startHttpServer } from './start-http-server';
import { textOf } from './test-support/text-of';

/** One token per test that counts runs, so quotas of one test do not leak into another. */
const tokens = {
  runs: 'token-runs-0123456789abcdef',
  concurrent: 'token-concurrent-0123456789',
  perMinute: 'token-per-minute-0123456789',
  cancel: 'token-cancel-0123456789abcd',
};

let interpreter: CodeInterpreter;
let server: HttpMcpServer;
const logs: string[] = [];

beforeAll(async () => {
  interpreter = createCodeInterpreter({ workers: 1, prewarm: true });
  server = await startHttpServer({
    port: 0,
    interpreter,
    auth: {
      tokens: Object.values(tokens),
      authorizationServers: ['https://auth.example.com'],
      maxConcurrentRunsPerToken: 1,
      maxRunsPerMinutePerToken: 3,
    },
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
});
afterAll(async () => {
  await server.close();
  await interpreter.close();
  // Never a token in the server's log.
  for (const token of Object.values(tokens)) expect(logs.join('\n')).not.toContain(token);
});

const clients: Array<{ client: Client; transport: StreamableHTTPClientTransport }> = [];
afterEach(async () => {
  for (const { client, transport } of clients.splice(0)) {
    await transport.terminateSession().catch(() => {});
    await client.close();
  }
});

async function connect(token: string, url = server.url) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'auth-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push({ client, transport });
  return { client, transport };
}

const run = (client: Client, code: string) =>
  client.callTool({ name: 'run_code', arguments: { language: 'javascript', code } });

const initialize = (headers: Record<string, string> = {}) =>
  fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    }),
  });

const metadataUrl = () =>
  `http://127.0.0.1:${server.port}/.well-known/oauth-protected-resource/mcp`;

describe('startHttpServer with auth', () => {
  it('answers a request without a token with 401 and WWW-Authenticate naming the metadata', async () => {
    const response = await initialize();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${metadataUrl()}"`,
    );
    expect(extractWWWAuthenticateParams(response)).toEqual({
      resourceMetadataUrl: new URL(metadataUrl()),
    });
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32001, message: 'Unauthorized: send Authorization: Bearer <token>.' },
      id: null,
    });
  });

  it('serves the protected-resource metadata where MCP clients look for it', async () => {
    const expected = {
      resource: server.url,
      authorization_servers: ['https://auth.example.com'],
      bearer_methods_supported: ['header'],
      resource_name: 'code-interpreter',
    };
    const suffixed = await fetch(metadataUrl());
    expect(suffixed.status).toBe(200);
    expect(suffixed.headers.get('content-type')).toBe('application/json');
    expect(await suffixed.json()).toEqual(expected);
    const root = await fetch(new URL('/.well-known/oauth-protected-resource', server.url));
    expect(await root.json()).toEqual(expected);
    // The MCP SDK's own discovery, as a standard client runs it.
    expect(await discoverOAuthProtectedResourceMetadata(server.url)).toEqual(expected);
  });

  it('answers a wrong token with 401 invalid_token', async () => {
    const response = await initialize({ authorization: `Bearer ${tokens.runs}-wrong` });
    expect(response.status).toBe(401);
    const header = response.headers.get('www-authenticate') ?? '';
    expect(header).toMatch(/^Bearer error="invalid_token", /);
    expect(header).toContain(`resource_metadata="${metadataUrl()}"`);
    expect(extractWWWAuthenticateParams(response).error).toBe('invalid_token');

    const client = new Client({ name: 'wrong', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { authorization: 'Bearer not-a-token-of-this-server' } },
    });
    await expect(client.connect(transport)).rejects.toThrow();
  });

  it('runs code for a good token', async () => {
    const { client } = await connect(tokens.runs);
    const result = await run(client, "console.log('authorized'); 6 * 7");
    expect(result.isError).toBe(false);
    expect(textOf(result)).toBe('authorized\n42');
  });

  it("keeps a session to its token: another token's requests get 404", async () => {
    const { transport } = await connect(tokens.runs);
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${tokens.cancel}`,
        'mcp-session-id': transport.sessionId ?? '',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(response.status).toBe(404);
  });

  it('refuses a run beyond the concurrent quota with 429 and says which quota', async () => {
    const { client, transport } = await connect(tokens.concurrent);
    let onStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      onStarted = resolve;
    });
    const long = client.callTool(
      {
        name: 'run_code',
        arguments: {
          language: 'javascript',
          code: "console.log('started'); await new Promise((r) => setTimeout(r, 1500)); 'done'",
        },
      },
      undefined,
      { onprogress: () => onStarted() },
    );
    await started;
    await expect(run(client, '1')).rejects.toMatchObject({
      code: 429,
      message: expect.stringContaining(
        'Quota exceeded: at most 1 run at once per token, and 1 run of this token is running. Retry when one has ended.',
      ),
    });
    const raw = await postToolCall(transport, tokens.concurrent, 77);
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    expect(await raw.json()).toMatchObject({ id: 77, error: { code: -32000 } });

    expect(textOf(await long)).toBe("started\n'done'");
    expect(textOf(await run(client, '2'))).toBe('2'); // the slot came back
  });

  it('refuses a run beyond the per-minute quota with 429 and Retry-After', async () => {
    const { client, transport } = await connect(tokens.perMinute);
    for (const n of [1, 2, 3]) expect(textOf(await run(client, String(n)))).toBe(String(n));
    await expect(run(client, '4')).rejects.toMatchObject({
      code: 429,
      message: expect.stringMatching(
        /Quota exceeded: at most 3 runs per minute per token\. Retry in \d+ s\./,
      ),
    });
    const raw = await postToolCall(transport, tokens.perMinute, 78);
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(55);
    // Other tokens are not held back, and calls that do not run code are not counted.
    expect((await client.listTools()).tools).toHaveLength(3);
    const other = await connect(tokens.runs);
    expect(textOf(await run(other.client, '5'))).toBe('5');
  });

  it('gives the slot of a cancelled run back', async () => {
    const { client } = await connect(tokens.cancel);
    const controller = new AbortController();
    const call = client.callTool(
      {
        name: 'run_code',
        arguments: { language: 'javascript', code: "console.log('spin'); for (;;) {}" },
      },
      undefined,
      { signal: controller.signal, onprogress: () => controller.abort() },
    );
    await expect(call).rejects.toThrow(/abort/i);
    expect(textOf(await run(client, "'after'"))).toBe("'after'");
  });
});

/** A `tools/call` of run_code posted by hand in the transport's session, to read the HTTP answer. */
function postToolCall(transport: StreamableHTTPClientTransport, token: string, id: number) {
  return fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      'mcp-session-id': transport.sessionId ?? '',
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'run_code', arguments: { language: 'javascript', code: '1' } },
    }),
  });
}

describe('startHttpServer beyond loopback', () => {
  it('refuses to start on 0.0.0.0 without auth, and says what to add', async () => {
    const error = await startHttpServer({ port: 0, host: '0.0.0.0', interpreter }).catch(
      (caught: unknown) => caught,
    );
    expect(HttpAuthRequiredError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Refusing to listen on 0.0.0.0 without authentication: anyone who reaches the port could run code. Give auth: { tokens } (a list of bearer tokens or a verify function), or listen on 127.0.0.1.',
    );
  });

  it('starts on 0.0.0.0 with auth and asks for the token there too', async () => {
    const open = await startHttpServer({
      port: 0,
      host: '0.0.0.0',
      interpreter,
      auth: { tokens: [tokens.runs] },
      log: () => {},
    });
    try {
      const url = `http://127.0.0.1:${open.port}/mcp`;
      const response = await fetch(url, { method: 'POST', body: '{}' });
      expect(response.status).toBe(401);
      const { client } = await connect(tokens.runs, url);
      expect(textOf(await run(client, '40 + 2'))).toBe('42');
    } finally {
      await open.close();
    }
  });
});
