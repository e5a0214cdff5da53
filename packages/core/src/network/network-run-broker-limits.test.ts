import { describe, expect, it } from 'vitest';
import { useBrokerFixture } from './broker-test-fixture';

const net = useBrokerFixture();
const { broker, get } = net;

describe('NetworkRunBroker: limits', () => {
  it.each([
    ['without content-length', '/chunked?bytes=300000'],
    ['with content-length', '/sized?bytes=300000'],
    ['gzip bomb (20 MB from 20 KB)', '/gzip-bomb'],
  ])('fails a response body over maxResponseBytes (%s)', async (_name, path) => {
    const network = broker({ maxResponseBytes: 100_000 });
    const answer = await network.fetch(get(path));
    const records = network.finish();
    const message = `The response from api.test:${net.port} is larger than 100000 bytes, the most a request may receive (maxResponseBytes): ask for less, such as a smaller page or range.`;
    expect(answer).toEqual({ ok: false, message });
    expect(records).toEqual([
      {
        method: 'GET',
        url: `http://api.test:${net.port}${path}`,
        status: 200,
        bytes: 0,
        ms: expect.any(Number),
        error: message,
      },
    ]);
  });

  it('passes a body of exactly maxResponseBytes', async () => {
    const network = broker({ maxResponseBytes: 100_000 });
    const answer = await network.fetch(get('/chunked?bytes=100000'));
    expect(network.finish()[0]).toMatchObject({ status: 200, bytes: 100_000 });
    expect(answer.ok && Buffer.from(answer.body, 'base64').length).toBe(100_000);
  });

  it('refuses a request body over maxRequestBytes before sending anything', async () => {
    const network = broker({ maxRequestBytes: 1_000 });
    const before = net.server.received.length;
    const answer = await network.fetch({
      method: 'POST',
      url: `http://api.test:${net.port}/echo`,
      headers: [],
      body: Buffer.alloc(1_001).toString('base64'),
    });
    network.finish();
    expect(answer).toEqual({
      ok: false,
      denied: true,
      message:
        'The request body is 1001 bytes, more than the 1000 a request may send (maxRequestBytes).',
    });
    expect(net.server.received.length).toBe(before);
  });

  it('cancels a request past timeoutMs, waiting for the head or for the body', async () => {
    const network = broker({ timeoutMs: 150 });
    const answers = await Promise.all([
      network.fetch(get('/slow')),
      network.fetch(get('/slow-body')),
    ]);
    const records = network.finish();
    const message = `The request to api.test:${net.port} took longer than 150 ms (the request time limit) and was cancelled.`;
    expect(answers).toEqual([
      { ok: false, message },
      { ok: false, message },
    ]);
    expect(records.map((record) => [record.status, record.error])).toEqual(
      expect.arrayContaining([
        [undefined, message],
        [200, message],
      ]),
    );
  });

  it('cancels requests at the run deadline, and refuses later ones', async () => {
    const network = broker({}, 150);
    const answer = await network.fetch(get('/slow'));
    expect(answer).toEqual({
      ok: false,
      message: 'The request was cancelled: the run reached its time limit.',
    });
    expect(await network.fetch(get('/echo'))).toEqual({
      ok: false,
      message: 'The request was not started: the run reached its time limit.',
    });
    expect(network.finish().map((record) => record.error)).toEqual([
      'The request was cancelled: the run reached its time limit.',
      'The request was not started: the run reached its time limit.',
    ]);
  });

  it('finish() aborts requests in flight (the server sees the socket close) and records them', async () => {
    const network = broker();
    const closedBefore = net.server.closedSockets();
    const pending = network.fetch(get('/slow'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const records = network.finish();
    expect(records).toEqual([
      {
        method: 'GET',
        url: `http://api.test:${net.port}/slow`,
        bytes: 0,
        ms: expect.any(Number),
        error: 'The request was cancelled: the run ended.',
      },
    ]);
    expect(await pending).toEqual({
      ok: false,
      message: 'The request was cancelled: the run ended.',
    });
    expect(network.finish()).toHaveLength(1);
    await expect.poll(() => net.server.closedSockets()).toBeGreaterThan(closedBefore);
    expect(await network.fetch(get('/echo'))).toEqual({
      ok: false,
      message: 'The run that made this request has ended.',
    });
  });

  it('the code’s own abort signal cancels its request', async () => {
    const network = broker();
    const controller = new AbortController();
    const pending = network.fetch(get('/slow'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    expect(await pending).toEqual({
      ok: false,
      aborted: true,
      message: 'The request was aborted.',
    });
    expect(network.finish()[0]?.error).toBe('The request was aborted.');
  });

  it('refuses requests past maxRequests, recording only the first refusal', async () => {
    const network = broker({ maxRequests: 3 });
    const answers = [];
    for (let index = 0; index < 6; index++) answers.push(await network.fetch(get('/echo')));
    expect(answers.map((answer) => answer.ok)).toEqual([true, true, true, false, false, false]);
    expect(answers[3]).toEqual({
      ok: false,
      denied: true,
      message:
        'This run already made 3 network requests, the most one run may make (maxRequests): make fewer requests, or do the rest in a later run.',
    });
    expect(network.requestCount).toBe(6);
    const records = network.finish();
    expect(records).toHaveLength(4);
    expect(records[3]?.denied).toContain('maxRequests');
  });
});
