import { type EchoServer, startEchoServer } from '@code-interpreter/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from './test-support/connect-client';
import { textOf } from './test-support/text-of';

// createCodeInterpreterMcpServer({ network }): the option reaches the interpreter the server
// creates; run_code's code fetches a loopback server the test starts (allowed by IP and port).

const secret = 'mcp-secret-value-7e1a';
let api: EchoServer;
let other: EchoServer;
let connection: Awaited<ReturnType<typeof connectClient>>;
beforeAll(async () => {
  [api, other] = await Promise.all([startEchoServer(), startEchoServer()]);
  connection = await connectClient({
    workers: 1,
    languages: ['javascript'],
    network: {
      allow: [api.host],
      secrets: { [api.host]: { headers: { 'x-api-key': secret }, allowHttp: true } },
    },
  });
});
afterAll(async () => {
  await connection?.close();
  await Promise.all([api?.close(), other?.close()]);
});

describe('createCodeInterpreterMcpServer({ network })', () => {
  it("names the allowed host in run_code's description", async () => {
    const { tools } = await connection.client.listTools();
    expect(tools[0]?.description).toContain(
      `The code can make HTTP requests (fetch) to: ${api.host}`,
    );
    expect(tools[0]?.description).not.toContain(secret);
  });

  it('runs a fetch to the allowed host with the secret added on the host, and refuses another', async () => {
    const result = await connection.client.callTool({
      name: 'run_code',
      arguments: {
        language: 'javascript',
        code: [
          `const response = await fetch('${api.origin}/items');`,
          'console.log(response.status, (await response.json()).path);',
          `try { await fetch('${other.origin}/x') } catch (error) { console.log('refused:', error.cause?.message) }`,
        ].join('\n'),
      },
    });

    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(
      new RegExp(`^200 /items\\nrefused: Network access to ${other.host} was refused: port`),
    );
    expect(api.received.map((request) => [request.url, request.headers['x-api-key']])).toEqual([
      ['/items', secret],
    ]);
    expect(other.received).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});
