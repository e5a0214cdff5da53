import { request as httpRequest } from 'node:http';
import {
  type CodeInterpreter,
  createCodeInterpreter,
  RunAbortedError,
} from '@code-interpreter/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type RecordedInterpreter,
  recordInterpreterRuns,
} from '../../../test/support/record-interpreter-runs';
import { type HttpMcpServer, startHttpServer } from './start-http-server';
import { textOf } from './test-support/text-of';

let interpreter: CodeInterpreter;
/** The server's interpreter, recording how each run ends. */
let recorded: RecordedInterpreter<CodeInterpreter>;
let server: HttpMcpServer;
const logs: string[] = [];

beforeAll(async () => {
  interpreter = createCodeInterpreter({ workers: 1, prewarm: true });
  recorded = recordInterpreterRuns(interpreter);
  server = await startHttpServer({
    port: 0,
    interpreter: recorded.interpreter,
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
});
afterAll(async () => {
  await server.close();
  await interpreter.close();
});

const clients: Array<{ client: Client; transport: StreamableHTTPClientTransport }> = [];
afterEach(async () => {
  for (const { client, transport } of clients.splice(0)) {
    await transport.terminateSession().catch(() => {});
    await client.close();
  }
});

async function connect() {
  const transport = new StreamableHTTPClientTransport(new URL(server.url));
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push({ client, transport });
  return { client, transport };
}

const run = (client: Client, code: string, language = 'javascript') =>
  client.callTool({ name: 'run_code', arguments: { language, code } });

describe('startHttpServer', () => {
  it('listens on loopback with a random port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('lists the tool and runs code', async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['run_code', 'new_session', 'close_session']);
    const result = await run(client, "console.log('over http'); 6 * 7");
    expect(result.isError).toBe(false);
    expect(textOf(result)).toBe('over http\n42');
  });

  it('keeps state per MCP session and never shares it between sessions', async () => {
    const alice = await connect();
    const bob = await connect();
    await run(alice.client, "const secret = 'alice'");
    expect(textOf(await run(alice.client, 'secret'))).toBe("'alice'");
    const peek = await run(bob.client, 'typeof secret');
    expect(textOf(peek)).toBe("'undefined'");
    expect(server.sessionCount()).toBeGreaterThanOrEqual(2);
  });

  it('frees a session when the client ends it', async () => {
    const { client, transport } = await connect();
    await run(client, 'let n = 1');
    const before = server.sessionCount();
    await transport.terminateSession();
    expect(server.sessionCount()).toBe(before - 1);
  });

  it('streams output as progress notifications when the client asks for progress', async () => {
    const { client } = await connect();
    const messages: string[] = [];
    const result = await client.callTool(
      {
        name: 'run_code',
        arguments: {
          language: 'javascript',
          code: "for (let i = 0; i < 3; i++) {\n  console.log('step ' + i);\n  await new Promise((r) => setTimeout(r, 150));\n}",
        },
      },
      undefined,
      { onprogress: (progress) => messages.push(progress.message ?? '') },
    );
    expect(textOf(result)).toBe('step 0\nstep 1\nstep 2');
    // How many notifications a run gets depends on the machine's pace (whether one arrives while
    // the code runs is the next test's business); together they are the output so far, in order.
    expect('step 0\nstep 1\nstep 2\n'.startsWith(messages.join(''))).toBe(true);
  });

  it('sends a progress notification while the code still runs: the call is cancelled upon it', async () => {
    // The program prints, then never ends on its own. The client cancels the call when the first
    // notification arrives, so the server's run can only end aborted if that notification came
    // while the program was running; output held until the end would come after the deadline,
    // and the server drops progress pending when the result is ready.
    const { client } = await connect();
    const controller = new AbortController();
    const messages: string[] = [];
    const runsBefore = recorded.runs.length;
    const call = client.callTool(
      {
        name: 'run_code',
        arguments: {
          language: 'javascript',
          code: "console.log('step 0');\nfor (;;) {}",
          timeout: 10_000,
        },
      },
      undefined,
      {
        signal: controller.signal,
        onprogress: (progress) => {
          messages.push(progress.message ?? '');
          controller.abort();
        },
      },
    );
    await expect(call).rejects.toThrow(/abort/i);
    expect(messages).toEqual(['step 0\n']);
    expect(recorded.runs).toHaveLength(runsBefore + 1);
    const end = await recorded.runs[runsBefore];
    expect(end).toMatchObject({ kind: 'rejected' });
    expect((end as { error: unknown }).error).toSatisfy((error) =>
      RunAbortedError.isInstance(error),
    );
  });

  it('keeps state in a session handle across MCP connections (no protocol session needed)', async () => {
    const first = await connect();
    const opened = await first.client.callTool({ name: 'new_session', arguments: {} });
    const { session } = opened.structuredContent as { session: string };
    await first.client.callTool({
      name: 'run_code',
      arguments: { language: 'javascript', code: 'globalThis.kept = 41', session },
    });
    const second = await connect();
    const result = await second.client.callTool({
      name: 'run_code',
      arguments: { language: 'javascript', code: 'kept + 1', session },
    });
    expect(result.structuredContent).toMatchObject({ success: true, value: '42', session });
    await second.client.callTool({ name: 'close_session', arguments: { session } });
    const ended = await first.client.callTool({
      name: 'run_code',
      arguments: { language: 'javascript', code: 'kept', session },
    });
    expect(ended.isError).toBe(true);
    expect(textOf(ended)).toContain('call new_session for a new one');
  });

  it('refuses requests whose Host or Origin is not loopback (DNS rebinding)', async () => {
    // fetch() cannot set Host, so this goes through node:http.
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(server.url, { method: 'POST', headers }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }));
      });
    expect(await post({ host: 'evil.example', 'content-type': 'application/json' })).toBe(403);
    expect(await post({ origin: 'http://evil.example', 'content-type': 'application/json' })).toBe(
      403,
    );
  });

  it('answers an unknown session with 404 and other paths with 404', async () => {
    const unknown = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'no-such-session',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(unknown.status).toBe(404);
    const elsewhere = await fetch(new URL('/other', server.url));
    expect(elsewhere.status).toBe(404);
  });
});

describe('startHttpServer lifecycle', () => {
  it('closes every session and its own interpreter on close()', async () => {
    const own = await startHttpServer({ port: 0, workers: 1, log: () => {} });
    const transport = new StreamableHTTPClientTransport(new URL(own.url));
    const client = new Client({ name: 'lifecycle', version: '1.0.0' });
    await client.connect(transport);
    expect(textOf(await run(client, '1 + 1'))).toBe('2');
    expect(own.sessionCount()).toBe(1);
    await own.close();
    expect(own.sessionCount()).toBe(0);
    expect(own.httpServer.listening).toBe(false);
    await client.close();
  });
});
