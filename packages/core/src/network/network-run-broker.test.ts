import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LoopbackTestServer,
  startLoopbackTestServer,
  testLookup,
} from './loopback-test-server';
import { NetworkRunBroker } from './network-run-broker';
import { resolveNetworkPolicy } from './resolve-network-policy';
import type { SandboxHttpAnswer, SandboxHttpRequest } from './sandbox-http';

let server: LoopbackTestServer;
let port: number;
const lookup = testLookup({
  'api.test': ['127.0.0.1'],
  'other.test': ['127.0.0.1'],
  'private.test': ['10.0.0.1'],
  'loopback.test': ['127.0.0.1'],
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['127.0.0.1', '10.0.0.1'],
  'a.example.test': ['127.0.0.1'],
  'b.a.example.test': ['127.0.0.1'],
  'example.test': ['127.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
  'denied.test': ['127.0.0.1'],
});

beforeAll(async () => {
  server = await startLoopbackTestServer();
  port = server.port;
});
afterAll(() => server.close());

/** A broker over `policy` (lookup added) that is finished after one call of `use`. */
async function withBroker<T>(
  policy: Record<string, unknown>,
  use: (broker: NetworkRunBroker) => Promise<T>,
) {
  const broker = new NetworkRunBroker(resolveNetworkPolicy({ lookup, ...policy }, 'network'), {
    timeoutMs: 10_000,
  });
  try {
    return { result: await use(broker), records: broker.finish() };
  } finally {
    broker.finish();
  }
}

const get = (url: string, extra: Partial<SandboxHttpRequest> = {}): SandboxHttpRequest => ({
  method: 'GET',
  url,
  headers: [],
  ...extra,
});
const json = (answer: SandboxHttpAnswer) => {
  if (!answer.ok) throw new Error(answer.message);
  return JSON.parse(Buffer.from(answer.body, 'base64').toString());
};
/** The default allow list of these tests: the test names on the server's port, loopback by IP. */
const allowTest = () => [`api.test:${port}`, `other.test:${port}`, `127.0.0.1:${port}`];

describe('NetworkRunBroker: the policy', () => {
  it('denies everything by default and records the refusal; nothing reaches the server', async () => {
    const before = server.received.length;
    const { result, records } = await withBroker({}, (broker) =>
      broker.fetch(get(`http://api.test:${port}/echo`)),
    );
    expect(result).toEqual({
      ok: false,
      denied: true,
      message: `Network access to api.test:${port} was refused: the network policy allows no host.`,
    });
    expect(records).toEqual([
      {
        method: 'GET',
        url: `http://api.test:${port}/echo`,
        bytes: 0,
        ms: expect.any(Number),
        denied: result.ok ? '' : result.message,
      },
    ]);
    expect(server.received.length).toBe(before);
  });

  it('performs an allowed request pinned to the checked address, with the host name as Host', async () => {
    const { result, records } = await withBroker({ allow: allowTest() }, (broker) =>
      broker.fetch(
        get(`http://api.test:${port}/echo?q=1`, {
          headers: [
            ['Host', 'evil.test'],
            ['X-Custom', 'yes'],
          ],
        }),
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      statusText: 'OK',
      url: `http://api.test:${port}/echo?q=1`,
      redirected: false,
    });
    const echoed = json(result);
    expect(echoed).toMatchObject({ method: 'GET', url: '/echo?q=1' });
    expect(echoed.headers).toMatchObject({
      host: `api.test:${port}`,
      'x-custom': 'yes',
      accept: '*/*',
      'user-agent': 'code-interpreter',
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(result.ok && result.headers.find(([name]) => name === 'content-type')).toEqual([
      'content-type',
      'application/json',
    ]);
    expect(records).toEqual([
      {
        method: 'GET',
        url: `http://api.test:${port}/echo?q=1`,
        status: 200,
        bytes: Buffer.from(result.ok ? result.body : '', 'base64').length,
        ms: expect.any(Number),
      },
    ]);
  });

  it('refuses loopback reached through an allowed name unless loopback is allowed by IP', async () => {
    const { result, records } = await withBroker(
      { allow: [`api.test:${port}`, 'localhost:*'] },
      async (broker) => [
        await broker.fetch(get(`http://api.test:${port}/echo`)),
        await broker.fetch(get(`http://localhost:${port}/echo`)),
      ],
    );
    expect(result[0]).toEqual({
      ok: false,
      denied: true,
      message: `Network access to api.test:${port} was refused: the host resolves to a loopback address, which the network policy refuses unless the application allows that address by IP.`,
    });
    expect(records[0]?.denied).toBe(
      `Network access to api.test:${port} was refused: api.test resolves to 127.0.0.1, a loopback address, and no allow entry covers it by IP.`,
    );
    expect(result[1]).toMatchObject({ ok: false, denied: true });
  });

  it.each([
    ['private.test', 'a private address', '10.0.0.1'],
    ['metadata.test', 'a cloud metadata address', '169.254.169.254'],
    ['mixed.test', 'a private address', '10.0.0.1'],
  ])('refuses %s (DNS answer: %s) although its name is allowed', async (host, kind, address) => {
    const { result, records } = await withBroker(
      { allow: [`${host}:*`, '127.0.0.1:*'] },
      (broker) => broker.fetch(get(`http://${host}:${port}/echo`)),
    );
    expect(result).toEqual({
      ok: false,
      denied: true,
      message: `Network access to ${host}:${port} was refused: the host resolves to ${kind}, which the network policy refuses unless the application allows that address by IP.`,
    });
    expect(result.ok || result.message.includes(address)).toBe(false);
    expect(records[0]?.denied).toContain(`${host} resolves to ${address}, ${kind}`);
  });

  it('resolves once per hop and connects to what it checked (a rebinding answer is refused)', async () => {
    const answers = [['127.0.0.1'], ['10.0.0.1']];
    const calls: string[] = [];
    const rebinding = async (hostname: string) => {
      calls.push(hostname);
      return answers[calls.length - 1] ?? ['10.0.0.1'];
    };
    const { result } = await withBroker(
      { allow: allowTest(), lookup: rebinding },
      async (broker) => [
        await broker.fetch(get(`http://api.test:${port}/echo`)),
        await broker.fetch(get(`http://api.test:${port}/echo`)),
      ],
    );
    // The first connection went to 127.0.0.1 although no real DNS knows api.test: it was pinned.
    expect(result[0]).toMatchObject({ ok: true, status: 200 });
    expect(result[1]).toMatchObject({
      ok: false,
      denied: true,
      message: expect.stringContaining('a private address'),
    });
    expect(calls).toEqual(['api.test', 'api.test']);
  });

  it('deny wins over allow', async () => {
    const { result } = await withBroker(
      { allow: ['*:*', '127.0.0.1:*'], deny: ['other.test'] },
      async (broker) => [
        await broker.fetch(get(`http://other.test:${port}/echo`)),
        await broker.fetch(get(`http://api.test:${port}/echo`)),
        await broker.fetch(get(`http://127.0.0.1:${port}/echo`)),
      ],
    );
    expect(result[0]).toEqual({
      ok: false,
      denied: true,
      message: `Network access to other.test:${port} was refused: the network policy denies it.`,
    });
    expect(result[1]).toMatchObject({ ok: true, status: 200 });
    expect(result[2]).toMatchObject({ ok: true, status: 200 });
  });

  it('a wildcard allows subdomains at any depth but not the apex', async () => {
    const { result } = await withBroker(
      { allow: [`*.example.test:${port}`, '127.0.0.1:*'] },
      async (broker) =>
        Promise.all(
          ['a.example.test', 'b.a.example.test', 'example.test'].map((host) =>
            broker.fetch(get(`http://${host}:${port}/echo`)),
          ),
        ),
    );
    expect(result.map((answer) => answer.ok)).toEqual([true, true, false]);
  });

  it('an entry without a port allows only the scheme default port; :* allows any', async () => {
    const { result } = await withBroker({ allow: ['api.test', '127.0.0.1:*'] }, (broker) =>
      broker.fetch(get(`http://api.test:${port}/echo`)),
    );
    expect(result).toEqual({
      ok: false,
      denied: true,
      message: `Network access to api.test:${port} was refused: port ${port} is not allowed for api.test (an entry without a port allows 80 for http and 443 for https) (allowed: api.test, 127.0.0.1:*).`,
    });
    const { result: any } = await withBroker({ allow: ['api.test:*', '127.0.0.1:*'] }, (broker) =>
      broker.fetch(get(`http://api.test:${port}/echo`)),
    );
    expect(any).toMatchObject({ ok: true });
  });

  it('accepts the AI SDK shape (entries cover every port)', async () => {
    const { result } = await withBroker(
      {
        mode: 'custom',
        allowedHosts: ['api.test'],
        allowedCIDRs: ['127.0.0.0/8'],
        deniedCIDRs: ['169.254.169.254/32'],
      },
      async (broker) => [
        await broker.fetch(get(`http://api.test:${port}/echo`)),
        await broker.fetch(get(`http://other.test:${port}/echo`)),
        await broker.fetch(get(`http://metadata.test:${port}/echo`)),
      ],
    );
    expect(result.map((answer) => answer.ok)).toEqual([true, false, false]);
    const { result: allowAll } = await withBroker({ mode: 'allow-all' }, (broker) =>
      broker.fetch(get(`http://api.test:${port}/echo`)),
    );
    expect(allowAll).toMatchObject({
      ok: false,
      message: expect.stringContaining('a loopback address'),
    });
  });

  it('takes every layer: a run can only narrow the application', async () => {
    const application = resolveNetworkPolicy({ lookup, allow: allowTest() }, 'network');
    const run = resolveNetworkPolicy(
      { allow: [`api.test:${port}`, `127.0.0.1:${port}`], maxRequests: 2 },
      'options.network',
    );
    const broker = new NetworkRunBroker([application, run], { timeoutMs: 10_000 });
    expect((await broker.fetch(get(`http://api.test:${port}/echo`))).ok).toBe(true);
    expect(await broker.fetch(get(`http://other.test:${port}/echo`))).toMatchObject({
      ok: false,
      denied: true,
    });
    expect(await broker.fetch(get(`http://api.test:${port}/echo`))).toMatchObject({
      ok: false,
      denied: true,
      message: expect.stringContaining('maxRequests'),
    });
    broker.finish();
  });

  it('refuses other schemes and reports unknown hosts without host detail', async () => {
    const { result, records } = await withBroker({ allow: ['*:*'] }, async (broker) => [
      await broker.fetch(get('file:///etc/passwd')),
      await broker.fetch(get('http://unknown.test/')),
    ]);
    expect(result).toEqual([
      { ok: false, denied: true, message: 'Only http and https URLs can be fetched (got file:).' },
      { ok: false, message: 'The host name unknown.test could not be resolved.' },
    ]);
    expect(records.map((record) => record.denied ?? record.error)).toEqual([
      'Only http and https URLs can be fetched (got file:).',
      'The host name unknown.test could not be resolved.',
    ]);
  });

  it('decodes a gzip body and drops content-encoding and content-length', async () => {
    const { result } = await withBroker({ allow: allowTest() }, (broker) =>
      broker.fetch(get(`http://api.test:${port}/gzip`)),
    );
    expect(result.ok && Buffer.from(result.body, 'base64').toString()).toBe(
      'hello, compressed world',
    );
    expect(result.ok && result.headers.map(([name]) => name)).not.toContain('content-encoding');
  });
});

describe('NetworkRunBroker: redirects', () => {
  const redirect = (to: string, status = 302) =>
    `http://api.test:${port}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

  it('follows a redirect, checks the new hop and records both hops', async () => {
    const { result, records } = await withBroker({ allow: allowTest() }, (broker) =>
      broker.fetch(get(redirect(`http://other.test:${port}/echo`))),
    );
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      redirected: true,
      url: `http://other.test:${port}/echo`,
    });
    expect(records.map((record) => [record.status, record.url])).toEqual([
      [302, redirect(`http://other.test:${port}/echo`)],
      [200, `http://other.test:${port}/echo`],
    ]);
  });

  it.each([
    ['a denied host', () => `http://denied.test:${port}/echo`, 'the network policy denies it'],
    [
      'a private address by name',
      () => `http://private.test:${port}/echo`,
      'the host resolves to a private address',
    ],
    [
      'the metadata address',
      () => 'http://169.254.169.254/latest/meta-data/',
      'it is a cloud metadata address',
    ],
    [
      'an IPv4-mapped metadata address',
      () => 'http://[::ffff:a9fe:a9fe]/',
      'it is a cloud metadata address',
    ],
    ['a file URL', () => 'file:///etc/passwd', 'redirected to a file: URL'],
  ])('refuses a redirect to %s', async (_name, target, reason) => {
    const before = server.received.length;
    const policy = { allow: ['*:*', `127.0.0.1:${port}`], deny: ['denied.test'] };
    const { result, records } = await withBroker(policy, (broker) =>
      broker.fetch(get(redirect(target()))),
    );
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(reason) });
    expect(server.received.length).toBe(before + 1); // the redirect only
    expect(records[0]?.status).toBe(302);
  });

  it('turns POST into GET without body on 302/303 and keeps both on 307', async () => {
    const post = (url: string): SandboxHttpRequest => ({
      method: 'POST',
      url,
      headers: [['content-type', 'text/plain']],
      body: Buffer.from('payload').toString('base64'),
    });
    const { result } = await withBroker({ allow: allowTest() }, async (broker) => [
      json(await broker.fetch(post(redirect(`http://api.test:${port}/echo`, 303)))),
      json(await broker.fetch(post(redirect(`http://api.test:${port}/echo`, 302)))),
      json(await broker.fetch(post(redirect(`http://api.test:${port}/echo`, 307)))),
    ]);
    expect(result.map((echo) => [echo.method, echo.body, echo.headers['content-type']])).toEqual([
      ['GET', '', undefined],
      ['GET', '', undefined],
      ['POST', 'payload', 'text/plain'],
    ]);
  });

  it('stops after maxRedirects; honours redirect: manual and error', async () => {
    const loop = `http://api.test:${port}/redirect?to=${encodeURIComponent('/redirect?to=/redirect')}`;
    const { result, records } = await withBroker(
      { allow: allowTest(), maxRedirects: 1 },
      async (broker) => [
        await broker.fetch(get(loop)),
        await broker.fetch(get(loop, { redirect: 'manual' })),
        await broker.fetch(get(loop, { redirect: 'error' })),
      ],
    );
    expect(result[0]).toEqual({
      ok: false,
      message: 'The request was redirected more than 1 times (maxRedirects).',
    });
    expect(result[1]).toMatchObject({ ok: true, status: 302, redirected: false });
    expect(result[1]?.ok && result[1].headers).toContainEqual([
      'location',
      '/redirect?to=/redirect',
    ]);
    expect(result[2]).toEqual({
      ok: false,
      message: `The response from api.test:${port} was a redirect, and the request's redirect mode is 'error'.`,
    });
    expect(records.map((record) => [record.status, record.error])).toEqual([
      [302, undefined],
      [302, 'The request was redirected more than 1 times (maxRedirects).'],
      [302, undefined],
      [
        302,
        `The response from api.test:${port} was a redirect, and the request's redirect mode is 'error'.`,
      ],
    ]);
  });
});
