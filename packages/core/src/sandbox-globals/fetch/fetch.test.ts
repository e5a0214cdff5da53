import { beforeEach, describe, expect, it } from 'vitest';
import { createFetchRealm, type FetchRealm, hostResponse } from './fetch-test-realm';
import type { HttpRequestMessage, HttpResponseMessage } from './send-http-request';

let realm: FetchRealm;
let sent: HttpRequestMessage[];

/** A host that records each request and answers with `answer(request)`. */
function useHost(
  answer: (request: HttpRequestMessage) => HttpResponseMessage | Promise<HttpResponseMessage>,
) {
  realm.setSend(async (request) => {
    sent.push(request);
    return answer(request);
  });
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(async () => {
  realm = await createFetchRealm();
  sent = [];
});

describe('fetch without network', () => {
  it('rejects with TypeError("fetch failed") whose cause says the sandbox has no network', async () => {
    realm.setSend(undefined);
    const outcome = await realm.evaluate(`return await fetch('https://api.example.test/');`);
    expect(outcome).toEqual({
      ok: false,
      error: {
        name: 'TypeError',
        message: 'fetch failed',
        isTypeError: true,
        cause: {
          name: 'Error',
          message: 'this sandbox has no network: the application did not allow any host',
          isTypeError: false,
        },
      },
    });
  });

  it('reads the transport at each call', async () => {
    realm.setSend(undefined);
    realm.run(`globalThis.first = fetch('https://a.test/').catch((e) => e.cause.message)`);
    useHost(() => hostResponse('now'));
    const outcome = await realm.evaluate(
      `return [await first, await (await fetch('https://a.test/')).text()];`,
    );
    expect(outcome).toEqual({
      ok: true,
      value: ['this sandbox has no network: the application did not allow any host', 'now'],
    });
  });
});

describe('fetch through the host', () => {
  it('sends plain strings and arrays: method, URL without fragment, headers as written, no body key', async () => {
    let seen: unknown;
    realm.setSend(async (request) => {
      const headers = request.headers;
      seen = {
        keys: Object.keys(request),
        plainObject: Object.getPrototypeOf(request) === realm.run('Object.prototype'),
        plainArrays:
          Array.isArray(headers) &&
          Object.getPrototypeOf(headers) === realm.run('Array.prototype') &&
          headers.every(
            (pair) =>
              Array.isArray(pair) &&
              pair.length === 2 &&
              Object.getPrototypeOf(pair) === realm.run('Array.prototype'),
          ),
        request: JSON.parse(JSON.stringify(request)),
      };
      return hostResponse('ok');
    });
    const outcome = await realm.evaluate(`
      const response = await fetch('https://api.example.test/a/../b?q=1#frag', {
        headers: [['X-Trace', 'a'], ['accept', 'text/plain'], ['x-trace', 'b'], ['Set-Cookie', 'c1'], ['set-cookie', 'c2']],
      });
      return response.status;
    `);
    expect(outcome).toEqual({ ok: true, value: 200 });
    expect(seen).toEqual({
      keys: ['method', 'url', 'headers'],
      plainObject: true,
      plainArrays: true,
      request: {
        method: 'GET',
        url: 'https://api.example.test/b?q=1',
        headers: [
          ['X-Trace', 'a, b'],
          ['accept', 'text/plain'],
          ['Set-Cookie', 'c1'],
          ['Set-Cookie', 'c2'],
        ],
      },
    });
  });

  it('sends a JSON body as Base64 of its UTF-8 and gives the answer back as a Response', async () => {
    useHost((request) =>
      hostResponse(
        Buffer.from(request.body ?? '', 'base64')
          .toString('utf8')
          .toUpperCase(),
        {
          status: 201,
          statusText: 'Created',
          headers: [
            ['Content-Type', 'application/json'],
            ['set-cookie', 'a=1'],
            ['Set-Cookie', 'b=2'],
          ],
          url: 'https://api.example.test/final',
          redirected: true,
        },
      ),
    );
    const outcome = await realm.evaluate(`
      const response = await fetch('https://api.example.test/items', {
        method: 'post', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'é€😀' }),
      });
      let refused;
      try { response.headers.set('x', 'y') } catch (e) { refused = e.message }
      return { status: response.status, ok: response.ok, statusText: response.statusText, type: response.type,
        url: response.url, redirected: response.redirected, contentType: response.headers.get('content-type'),
        cookies: response.headers.getSetCookie(), refused, body: await response.json(), used: response.bodyUsed };
    `);
    expect(outcome).toEqual({
      ok: true,
      value: {
        status: 201,
        ok: true,
        statusText: 'Created',
        type: 'basic',
        url: 'https://api.example.test/final',
        redirected: true,
        contentType: 'application/json',
        cookies: ['a=1', 'b=2'],
        refused: 'immutable',
        body: { NAME: 'É€😀' },
        used: true,
      },
    });
    expect(sent[0]).toMatchObject({
      method: 'POST',
      headers: [['content-type', 'application/json']],
      body: Buffer.from('{"name":"é€😀"}').toString('base64'),
    });
  });

  it('round-trips every byte value, both ways', async () => {
    useHost((request) => ({ ...hostResponse(), body: request.body ?? '' }));
    const outcome = await realm.evaluate(`
      const bytes = new Uint8Array(256 * 3).map((_, i) => (i * 7) % 256);
      const response = await fetch('https://a.test/echo', { method: 'PUT', body: bytes });
      const back = new Uint8Array(await response.arrayBuffer());
      return back.length === bytes.length && back.every((b, i) => b === bytes[i]);
    `);
    expect(outcome).toEqual({ ok: true, value: true });
    const body = Buffer.from(sent[0]?.body ?? '', 'base64');
    expect(body.length).toBe(768);
    expect(body[1]).toBe(7);
  });

  it('sends FormData as multipart and URLSearchParams as urlencoded, with their Content-Type', async () => {
    useHost(() => hostResponse());
    const outcome = await realm.evaluate(`
      const form = new FormData();
      form.append('file', new Blob(['hi'], { type: 'text/plain' }), 'a.txt');
      await fetch('https://a.test/form', { method: 'POST', body: form });
      await fetch('https://a.test/query', { method: 'POST', body: new URLSearchParams({ q: 'a b&c' }) });
      return 'sent';
    `);
    expect(outcome).toEqual({ ok: true, value: 'sent' });
    const [form, query] = sent;
    const type = form?.headers.find(([name]) => name === 'content-type')?.[1] ?? '';
    const boundary = type.replace('multipart/form-data; boundary=', '');
    expect(Buffer.from(form?.body ?? '', 'base64').toString()).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--${boundary}--\r\n`,
    );
    expect(query?.headers).toEqual([
      ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8'],
    ]);
    expect(Buffer.from(query?.body ?? '', 'base64').toString()).toBe('q=a+b%26c');
  });

  it('sends a Request object as it is, and uses its body', async () => {
    useHost(() => hostResponse());
    const outcome = await realm.evaluate(`
      const request = new Request('https://a.test/r', { method: 'DELETE', body: 'gone', headers: { 'X-A': '1' } });
      await fetch(request);
      let again;
      try { await fetch(request) } catch (e) { again = e.message }
      return [request.bodyUsed, again];
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [true, 'Cannot construct a Request with a Request object that has already been used.'],
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'DELETE',
      url: 'https://a.test/r',
      body: Buffer.from('gone').toString('base64'),
    });
  });

  it('gives no body for HEAD and for 204/304 answers', async () => {
    useHost((request) => hostResponse('', { status: request.url.endsWith('204') ? 204 : 200 }));
    const outcome = await realm.evaluate(`
      const head = await fetch('https://a.test/', { method: 'HEAD' });
      const empty = await fetch('https://a.test/204');
      return [await head.text(), head.bodyUsed, await empty.text(), await empty.text(), empty.status, empty.ok];
    `);
    expect(outcome).toEqual({ ok: true, value: ['', false, '', '', 204, true] });
  });
});

describe('fetch failures', () => {
  it('rejects with TypeError("fetch failed") carrying the host’s reason as a fresh Error', async () => {
    realm.setSend(async () => {
      const error = new Error('denied by the network policy: evil.test is not allowed');
      Object.assign(error, { code: 'ERR_NETWORK_DENIED', secret: 'host-only' });
      throw error;
    });
    const outcome = await realm.evaluate(`
      try { await fetch('https://evil.test/') } catch (e) {
        return [e instanceof TypeError, e.message, e.cause instanceof Error, e.cause.message, e.cause.code,
          'secret' in e.cause, Object.getPrototypeOf(e.cause) === Error.prototype];
      }
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [
        true,
        'fetch failed',
        true,
        'denied by the network policy: evil.test is not allowed',
        'ERR_NETWORK_DENIED',
        false,
        true,
      ],
    });
  });

  it('rejects the same way when the transport throws or answers something malformed', async () => {
    realm.setSend(() => {
      throw new Error('too large');
    });
    const thrown = await realm.evaluate(
      `return await fetch('https://a.test/').catch((e) => [e.message, e.cause.message]);`,
    );
    expect(thrown).toEqual({ ok: true, value: ['fetch failed', 'too large'] });
    realm.setSend(async () => ({ ...hostResponse(), body: '%%%' }));
    const malformed = await realm.evaluate(
      `return await fetch('https://a.test/').catch((e) => [e.message, e.cause.message]);`,
    );
    expect(malformed).toEqual({
      ok: true,
      value: ['fetch failed', 'the host returned a body that is not Base64'],
    });
  });

  it('refuses relative URLs, other schemes and redirect modes the host cannot honour, sending nothing', async () => {
    useHost(() => hostResponse());
    const outcome = await realm.evaluate(`
      const reasons = [];
      for (const [input, init] of [['/relative'], ['ftp://a.test/x'], ['data:text/plain,hi'],
        ['https://a.test/', { redirect: 'manual' }], ['https://a.test/', { redirect: 'error' }]]) {
        try { await fetch(input, init) } catch (e) { reasons.push([e.name, e.message, e.cause && e.cause.message]) }
      }
      return reasons;
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [
        ['TypeError', 'Failed to parse URL from /relative', 'Invalid URL'],
        [
          'TypeError',
          'fetch failed',
          "unknown scheme 'ftp:': this sandbox fetches only http: and https: URLs",
        ],
        [
          'TypeError',
          'fetch failed',
          "unknown scheme 'data:': this sandbox fetches only http: and https: URLs",
        ],
        [
          'TypeError',
          'fetch failed',
          expect.stringContaining("redirect: 'manual' is not supported"),
        ],
        [
          'TypeError',
          'fetch failed',
          expect.stringContaining("redirect: 'error' is not supported"),
        ],
      ],
    });
    expect(sent).toHaveLength(0);
  });

  it('rejects a fetch() without arguments as Node does (a URL "undefined")', async () => {
    const outcome = await realm.evaluate(`return await fetch();`);
    expect(outcome).toMatchObject({
      ok: false,
      error: { name: 'TypeError', message: 'Failed to parse URL from undefined' },
    });
  });
});

describe('fetch and AbortSignal', () => {
  it('rejects with the reason of a signal aborted before the call, sending nothing', async () => {
    useHost(() => hostResponse());
    const outcome = await realm.evaluate(`
      const plain = await fetch('https://a.test/', { signal: AbortSignal.abort() }).catch((e) => [e.name, e.message, e instanceof DOMException]);
      const custom = await fetch('https://a.test/', { signal: AbortSignal.abort('why') }).catch((e) => e);
      return [plain, custom];
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [['AbortError', 'This operation was aborted', true], 'why'],
    });
    expect(sent).toHaveLength(0);
  });

  it('rejects at once when aborted in flight, and ignores the host’s late answer', async () => {
    const answer = deferred<HttpResponseMessage>();
    useHost(() => answer.promise);
    realm.run(`
      globalThis.controller = new AbortController();
      globalThis.pending = fetch('https://a.test/slow', { signal: controller.signal })
        .then(() => 'resolved', (e) => [e.name, e.message]);
    `);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toHaveLength(1);
    const outcome = await realm.evaluate(`controller.abort(); return await pending;`);
    expect(outcome).toEqual({ ok: true, value: ['AbortError', 'This operation was aborted'] });
    answer.resolve(hostResponse('late'));
    await new Promise((resolve) => setImmediate(resolve));
    realm.run('0');
    expect(realm.errors).toEqual([]);
  });

  it('errors the body of a response aborted before it was read', async () => {
    useHost(() => hostResponse('payload'));
    const outcome = await realm.evaluate(`
      const controller = new AbortController();
      const unread = await fetch('https://a.test/', { signal: controller.signal });
      const read = await fetch('https://a.test/', { signal: controller.signal });
      const text = await read.text();
      controller.abort(new Error('stop'));
      return [await unread.text().catch((e) => e.message), text];
    `);
    expect(outcome).toEqual({ ok: true, value: ['stop', 'payload'] });
  });

  it('follows the signal of a Request passed as input', async () => {
    const answer = deferred<HttpResponseMessage>();
    useHost(() => answer.promise);
    const outcome = await realm.evaluate(`
      const controller = new AbortController();
      const request = new Request('https://a.test/', { signal: controller.signal });
      const pending = fetch(request).catch((e) => e);
      controller.abort('cancelled');
      return await pending;
    `);
    expect(outcome).toEqual({ ok: true, value: 'cancelled' });
  });
});

describe('installFetch', () => {
  it('defines fetch, Headers, Request, Response, FormData, Blob and File like Node’s globals', async () => {
    const outcome = await realm.evaluate(`
      return ['fetch', 'Headers', 'Request', 'Response', 'FormData', 'Blob', 'File'].map((name) => {
        const d = Object.getOwnPropertyDescriptor(globalThis, name);
        return [name, typeof d.value, d.value.name, d.value.length, d.writable, d.enumerable, d.configurable];
      });
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [
        ['fetch', 'function', 'fetch', 1, true, false, true],
        ['Headers', 'function', 'Headers', 0, true, false, true],
        ['Request', 'function', 'Request', 1, true, false, true],
        ['Response', 'function', 'Response', 0, true, false, true],
        ['FormData', 'function', 'FormData', 0, true, false, true],
        ['Blob', 'function', 'Blob', 0, true, false, true],
        ['File', 'function', 'File', 2, true, false, true],
      ],
    });
  });
});
