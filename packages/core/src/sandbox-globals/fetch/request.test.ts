import { beforeAll, describe, expect, it } from 'vitest';
import { createFetchRealm, evaluateInNode, type FetchRealm } from './fetch-test-realm';

let realm: FetchRealm;
beforeAll(async () => {
  realm = await createFetchRealm();
});

async function sameAsNode(body: string) {
  const ours = await realm.evaluate(body);
  expect(ours).toEqual(await evaluateInNode(body));
  return ours;
}

const attributes = `r => [r.url, r.method, r.referrer, r.referrerPolicy, r.mode, r.credentials, r.cache,
  r.redirect, r.integrity, r.keepalive, r.destination, r.duplex, r.isReloadNavigation,
  r.isHistoryNavigation, r.signal.aborted, r.bodyUsed, [...r.headers]]`;

describe('Request', () => {
  it('has the defaults of a request built from a URL string', async () => {
    const outcome = await sameAsNode(`
      const read = ${attributes};
      return [read(new Request('HTTP://A.test/a/../b?q#frag')), read(new Request(new URL('https://x.test/p')))];
    `);
    const value = (outcome as { value: unknown[][] }).value;
    expect(value[0]?.slice(0, 3)).toEqual(['http://a.test/b?q#frag', 'GET', 'about:client']);
  });

  it('has a null body even when it holds one: this sandbox has no ReadableStream', async () => {
    const outcome = await realm.evaluate(`
      const r = new Request('http://a.test', { method: 'POST', body: 'x' });
      return [r.body, typeof ReadableStream, await r.text()];
    `);
    expect(outcome).toEqual({ ok: true, value: [null, 'undefined', 'x'] });
  });

  it('normalizes methods as undici does', async () => {
    const outcome = await sameAsNode(`
      return ['get', 'Delete', 'post', 'put', 'head', 'options', 'patch', 'Patch', 'PATCH', 'foo', 'M-SEARCH']
        .map((method) => new Request('http://a.test', { method }).method);
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [
        'GET',
        'DELETE',
        'POST',
        'PUT',
        'HEAD',
        'OPTIONS',
        'patch',
        'Patch',
        'PATCH',
        'foo',
        'M-SEARCH',
      ],
    });
  });

  it('takes every RequestInit member', async () => {
    await sameAsNode(`
      const r = new Request('http://a.test/x', { method: 'POST', body: 'hi', headers: { 'X-A': '1' },
        referrer: 'http://b.test/r', referrerPolicy: 'no-referrer', mode: 'same-origin',
        credentials: 'include', cache: 'no-store', redirect: 'manual', integrity: 'sha256-x',
        keepalive: true, duplex: 'half', priority: 'high', window: null });
      return [(${attributes})(r), new Request('http://a.test', { referrer: '' }).referrer];
    `);
  });

  it('sets the default Content-Type of each body kind, unless one is given', async () => {
    const outcome = await sameAsNode(`
      const type = (body, headers) => new Request('http://a.test', { method: 'POST', body, headers }).headers.get('content-type');
      const form = new FormData();
      form.append('a', '1');
      return [type('text'), type(new URLSearchParams('a=1')), type(new ArrayBuffer(2)), type(new Uint8Array(2)),
        type(new DataView(new ArrayBuffer(1))), type(new Blob(['x'], { type: 'Text/HTML' })), type(new Blob(['x'])),
        type(form).startsWith('multipart/form-data; boundary=----formdata-undici-0'), type({}),
        type('text', { 'content-type': 'application/json' }), type(null)];
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded;charset=UTF-8',
        null,
        null,
        null,
        'text/html',
        null,
        true,
        'text/plain;charset=UTF-8',
        'application/json',
        null,
      ],
    });
  });

  it('copies another Request, taking its body over', async () => {
    await sameAsNode(`
      const a = new Request('http://a.test', { method: 'POST', body: 'x', headers: { 'X-A': '1' } });
      const b = new Request(a);
      const c = new Request(b, { method: 'PUT', headers: { 'X-B': '2' } });
      return [a.bodyUsed, b.bodyUsed, c.bodyUsed, b.method, [...b.headers], c.method, [...c.headers], await c.text()];
    `);
  });

  it('clones with an independent body and a signal that follows', async () => {
    await sameAsNode(`
      const controller = new AbortController();
      const a = new Request('http://a.test', { method: 'POST', body: 'body', signal: controller.signal });
      const b = a.clone();
      const texts = [await a.text(), await b.text()];
      const before = [a.signal.aborted, b.signal.aborted, a.signal === controller.signal];
      controller.abort('why');
      return [texts, before, a.signal.aborted, a.signal.reason, b.signal.reason, a.bodyUsed, b.bodyUsed];
    `);
  });

  it("refuses what undici refuses, with undici's messages", async () => {
    const cases = [
      `new Request('/relative')`,
      `new Request('http://u:p@a.test/')`,
      `new Request('http://a.test', { method: 'CONNECT' })`,
      `new Request('http://a.test', { method: 'track' })`,
      `new Request('http://a.test', { method: 'a b' })`,
      `new Request('http://a.test', { body: 'x' })`,
      `new Request('http://a.test', { method: 'HEAD', body: 'x' })`,
      `new Request('http://a.test', { signal: 5 })`,
      `new Request('http://a.test', { window: 1 })`,
      `new Request('http://a.test', { mode: 'navigate' })`,
      `new Request('http://a.test', { mode: 'no-cors', method: 'PUT' })`,
      `new Request('http://a.test', { cache: 'only-if-cached' })`,
      `new Request('http://a.test', { referrer: '/rel' })`,
      `new Request()`,
      `(() => { const a = new Request('http://a.test', { method: 'POST', body: 'x' }); a.text(); return new Request(a); })()`,
      `(() => { const a = new Request('http://a.test', { method: 'POST', body: 'x' }); a.text(); return a.clone(); })()`,
      `new Request(new Request('http://a.test', { method: 'POST', body: 'x' }), { method: 'GET' })`,
      `Object.getOwnPropertyDescriptor(Request.prototype, 'url').get.call({})`,
    ];
    for (const code of cases) {
      const outcome = await sameAsNode(`return ${code};`);
      expect(outcome.ok, code).toBe(false);
    }
  });

  it('refuses a signal that is not an AbortSignal', async () => {
    const outcome = await realm.evaluate(`return new Request('http://a.test', { signal: {} });`);
    expect(outcome).toMatchObject({ ok: false, error: { name: 'TypeError', isTypeError: true } });
    // Node prints the value with util.inspect ("{}"); the sandbox has no inspect here.
    expect((outcome as { error: { message: string } }).error.message).toMatch(
      /^RequestInit: Expected signal \(".*"\) to be an instance of AbortSignal\.$/,
    );
  });

  it('refuses bad enum values and init types with a TypeError naming the accepted values', async () => {
    const outcome = await realm.evaluate(`
      const out = [];
      for (const init of [{ mode: 'x' }, { redirect: 'sometimes' }, { cache: 'x' }, 5]) {
        try { new Request('http://a.test', init); out.push('no error'); }
        catch (e) { out.push(e.constructor.name + ': ' + e.message); }
      }
      return out;
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [
        'TypeError: Request constructor: x is not an accepted type. Expected one of navigate, same-origin, no-cors, cors.',
        'TypeError: Request constructor: sometimes is not an accepted type. Expected one of follow, manual, error.',
        'TypeError: Request constructor: x is not an accepted type. Expected one of default, no-store, reload, no-cache, force-cache, only-if-cached.',
        'TypeError: Request constructor: Expected 5 to be one of: Null, Undefined, Object.',
      ],
    });
  });

  it('has the shape of the platform class', async () => {
    const outcome = await realm.evaluate(`
      return [Object.getOwnPropertyNames(Request.prototype).sort(), Object.keys(Request.prototype).sort(),
        Request.name, Request.length, Object.prototype.toString.call(new Request('http://a.test'))];
    `);
    const node = await evaluateInNode(`
      return [Object.getOwnPropertyNames(Request.prototype).filter((n) => n !== 'attribute').sort(),
        Object.keys(Request.prototype).filter((n) => n !== 'attribute').sort(),
        Request.name, Request.length, Object.prototype.toString.call(new Request('http://a.test'))];
    `);
    // undici also defines a stray `attribute` property; the rest must match.
    expect(outcome).toEqual(node);
  });
});
