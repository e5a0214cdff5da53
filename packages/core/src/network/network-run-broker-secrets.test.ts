import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LoopbackTestServer,
  startLoopbackTestServer,
  testLookup,
} from './loopback-test-server';
import { NetworkRunBroker } from './network-run-broker';
import { resolveNetworkPolicy } from './resolve-network-policy';
import type { SandboxHttpAnswer } from './sandbox-http';

const token = 'ghp_TopSecretToken1234567890';
const lookup = testLookup({ 'api.test': ['127.0.0.1'], 'other.test': ['127.0.0.1'] });
let server: LoopbackTestServer;
let port: number;

beforeAll(async () => {
  server = await startLoopbackTestServer();
  port = server.port;
});
afterAll(() => server.close());

function broker(
  secret: Record<string, unknown> = {
    headers: { authorization: `Bearer ${token}` },
    allowHttp: true,
  },
) {
  return new NetworkRunBroker(
    resolveNetworkPolicy(
      {
        lookup,
        allow: [`api.test:${port}`, `other.test:${port}`, `127.0.0.1:${port}`],
        secrets: { [`api.test:${port}`]: secret },
      },
      'network',
    ),
    { timeoutMs: 10_000 },
  );
}

const bodyText = (answer: SandboxHttpAnswer) =>
  answer.ok ? Buffer.from(answer.body, 'base64').toString() : '';
/** Everything of an answer the code can read, except the body. */
const visibleWithoutBody = (answer: SandboxHttpAnswer) =>
  JSON.stringify(answer.ok ? { ...answer, body: '' } : answer);

describe('NetworkRunBroker: secrets', () => {
  it('adds the secret for its host, over the code’s own header; the code sees it nowhere but an echoing body', async () => {
    const network = broker();
    const before = server.received.length;
    const answer = await network.fetch({
      method: 'GET',
      url: `http://api.test:${port}/echo`,
      headers: [['Authorization', 'Bearer from-the-code']],
    });
    const records = network.finish();
    // The server got the host's secret, not the code's header.
    expect(server.received[before]?.headers.authorization).toBe(`Bearer ${token}`);
    // Echoed in response headers: scrubbed.
    expect(answer.ok && answer.headers).toContainEqual(['x-echo-authorization', '[secret]']);
    expect(visibleWithoutBody(answer)).not.toContain(token);
    expect(JSON.stringify(records)).not.toContain(token);
    // Echoed in the body: passed on as the server sent it (the documented limit).
    expect(bodyText(answer)).toContain(token);
  });

  it('is not sent after a redirect to another host, nor is the code’s own authorization', async () => {
    const network = broker();
    const before = server.received.length;
    const answer = await network.fetch({
      method: 'GET',
      url: `http://api.test:${port}/redirect?to=${encodeURIComponent(`http://other.test:${port}/echo`)}`,
      headers: [
        ['authorization', 'Bearer from-the-code'],
        ['x-kept', '1'],
      ],
    });
    network.finish();
    expect(answer).toMatchObject({ ok: true, redirected: true });
    const [first, second] = server.received.slice(before);
    expect(first?.headers.authorization).toBe(`Bearer ${token}`);
    expect(second?.headers.host).toBe(`other.test:${port}`);
    expect(second?.headers.authorization).toBeUndefined();
    expect(second?.headers['x-kept']).toBe('1');
    expect(bodyText(answer)).not.toContain(token);
  });

  it('is sent again after a redirect back to its own host', async () => {
    const network = broker();
    const before = server.received.length;
    await network.fetch({
      method: 'GET',
      url: `http://api.test:${port}/redirect?to=/echo`,
      headers: [],
    });
    network.finish();
    expect(server.received.slice(before).map((request) => request.headers.authorization)).toEqual([
      `Bearer ${token}`,
      `Bearer ${token}`,
    ]);
  });

  it('goes over plain http only when the secret allows it', async () => {
    const network = broker({ headers: { authorization: `Bearer ${token}` } });
    const before = server.received.length;
    const answer = await network.fetch({
      method: 'GET',
      url: `http://api.test:${port}/echo`,
      headers: [],
    });
    network.finish();
    expect(answer.ok).toBe(true);
    expect(server.received[before]?.headers.authorization).toBeUndefined();
  });

  it('is scrubbed from a redirect URL the server built from it, in the answer and the records', async () => {
    const network = broker();
    const leak = `http://other.test:${port}/echo?token=${token}`;
    const answer = await network.fetch({
      method: 'GET',
      url: `http://api.test:${port}/redirect?to=${encodeURIComponent(leak)}`,
      headers: [],
    });
    const records = network.finish();
    expect(answer.ok && answer.url).toBe(`http://other.test:${port}/echo?token=[secret]`);
    expect(records[1]?.url).toBe(`http://other.test:${port}/echo?token=[secret]`);
    expect(JSON.stringify(records)).not.toContain(token);
  });

  it('does not go to the same host on another port than its pattern names', async () => {
    const network = new NetworkRunBroker(
      resolveNetworkPolicy(
        {
          lookup,
          allow: [`api.test:${port}`, `127.0.0.1:${port}`],
          secrets: { 'api.test': { headers: { 'x-api-key': token }, allowHttp: true } },
        },
        'network',
      ),
      { timeoutMs: 10_000 },
    );
    const before = server.received.length;
    await network.fetch({ method: 'GET', url: `http://api.test:${port}/echo`, headers: [] });
    network.finish();
    expect(server.received[before]?.headers['x-api-key']).toBeUndefined();
  });
});
