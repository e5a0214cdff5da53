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

const attributes = `r => [r.type, r.status, r.ok, r.statusText, r.url, r.redirected, r.bodyUsed,
  [...r.headers]]`;

describe('Response', () => {
  it('has the attributes undici gives', async () => {
    await sameAsNode(`
      const read = ${attributes};
      return [read(new Response()), read(new Response('x')), read(new Response(null, { status: 204 })),
        read(new Response('x', { status: 404, statusText: 'Nope', headers: { 'X-A': '1' } })),
        read(new Response('x', { status: 200.7 })), read(new Response('x', { status: '201' })),
        read(new Response('x', { status: 65736 })), read(Response.error())];
    `);
  });

  it('builds JSON responses and redirects with the static methods', async () => {
    await sameAsNode(`
      const read = ${attributes};
      const json = Response.json({ a: [1, 'é'] }, { status: 201, headers: { 'x-b': '2' } });
      const typed = Response.json(null, { headers: { 'content-type': 'application/vnd.x+json' } });
      return [read(json), await json.text(), read(typed), read(Response.redirect('http://a.test/x#h', 301)),
        read(Response.redirect(new URL('https://b.test/')))];
    `);
  });

  it('refuses what undici refuses', async () => {
    const cases = [
      `new Response('x', { status: 99 })`,
      `new Response('x', { status: 600 })`,
      `new Response('x', { status: 204 })`,
      `new Response('x', { status: 304 })`,
      `new Response('x', { statusText: 'a\\n' })`,
      `new Response('x', { statusText: 'é€' })`,
      `new Response('x', 5)`,
      `Response.json(undefined)`,
      `Response.json(1n)`,
      `Response.json()`,
      `Response.redirect('/relative')`,
      `Response.redirect('http://a.test/', 200)`,
      `Response.error().headers.set('a', 'b')`,
      `Response.redirect('http://a.test/').headers.append('a', 'b')`,
      `(() => { const r = new Response('x'); r.text(); return r.clone(); })()`,
      `Object.getOwnPropertyDescriptor(Response.prototype, 'status').get.call({})`,
    ];
    for (const code of cases) {
      const ours = await realm.evaluate(`return ${code};`);
      const node = await evaluateInNode(`return ${code};`);
      expect(ours.ok, code).toBe(false);
      if (code === `new Response('x', 5)`) {
        // undici's message names no prefix ("undefined: ..."); ours names the constructor.
        expect(ours).toMatchObject({ error: { name: 'TypeError' } });
      } else {
        expect(ours, code).toEqual(node);
      }
    }
  });

  it('lets headers of a constructed response change but not those of an error', async () => {
    await sameAsNode(`
      const r = new Response('x');
      r.headers.set('x-a', '1');
      let refused;
      try { Response.error().headers.append('x', 'y') } catch (e) { refused = e.message }
      return [[...r.headers], refused];
    `);
  });

  it('clones with a body of its own', async () => {
    await sameAsNode(`
      const a = new Response('body', { status: 201, headers: { 'x-a': '1' } });
      const b = a.clone();
      b.headers.set('x-a', '2');
      return [await a.text(), await b.text(), a.bodyUsed, b.bodyUsed, b.status, a.headers.get('x-a'), b.headers.get('x-a')];
    `);
  });

  it('reads a body once; a response without body can be read again and is never used', async () => {
    await sameAsNode(`
      const r = new Response('x');
      const first = await r.text();
      let second;
      try { await r.text() } catch (e) { second = e.name + ': ' + e.message }
      const empty = new Response(null);
      return [first, second, r.bodyUsed, await empty.text(), await empty.text(), empty.bodyUsed];
    `);
  });

  it('has the shape of the platform class', async () => {
    await sameAsNode(`
      return [Object.getOwnPropertyNames(Response.prototype).sort(), Object.keys(Response.prototype).sort(),
        Object.keys(Response).sort(), Response.name, Response.length,
        Object.prototype.toString.call(new Response())];
    `);
  });

  it('has a null body: this sandbox has no ReadableStream', async () => {
    const outcome = await realm.evaluate(
      `return [new Response('x').body, await new Response('x').text()];`,
    );
    expect(outcome).toEqual({ ok: true, value: [null, 'x'] });
  });
});
