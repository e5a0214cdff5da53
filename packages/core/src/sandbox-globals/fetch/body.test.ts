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

describe('bodies', () => {
  it('decode UTF-8 as the Encoding Standard does: BOM dropped, bad bytes to U+FFFD', async () => {
    const outcome = await sameAsNode(`
      const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9, 0xff, 0xf0, 0x9f, 0x98, 0x80, 0xe2, 0x82]);
      return [await new Response(bytes).text(), await new Response('\\ud800x').text(),
        [...await new Response('é€😀').bytes()]];
    `);
    const value = (outcome as { value: unknown[] }).value;
    expect(value.slice(0, 2)).toEqual(['hé\ufffd😀\ufffd', '\ufffdx']);
  });

  it('keep every byte value through arrayBuffer, bytes and blob', async () => {
    await sameAsNode(`
      const all = new Uint8Array(256).map((_, i) => i);
      const fromView = new Response(new DataView(all.buffer, 10, 20));
      const fromSlice = new Response(all.subarray(250));
      const buffer = await new Response(all).arrayBuffer();
      const blob = await new Response(all.buffer).blob();
      return [[...new Uint8Array(buffer)].join(), Object.prototype.toString.call(buffer),
        [...await fromView.bytes()], [...await fromSlice.bytes()], blob.size, blob.type,
        [...new Uint8Array(await blob.arrayBuffer())].join() === [...all].join()];
    `);
  });

  it('copies the bytes of a buffer source when the body is made', async () => {
    await sameAsNode(`
      const bytes = new Uint8Array([1, 2, 3]);
      const r = new Response(bytes);
      bytes[0] = 9;
      const out = await r.bytes();
      out[1] = 8;
      return [...out];
    `);
  });

  it('parse JSON, and reject bad JSON with a SyntaxError', async () => {
    await sameAsNode(`
      const good = await new Response('{"a":[1,"é",null],"b":{"c":true}}').json();
      let bad;
      try { await new Response('{bad').json() } catch (e) { bad = [e.name, e instanceof SyntaxError] }
      return [good, bad, await Response.json([1, 2]).json()];
    `);
  });

  it('give the blob type of the Content-Type, parsed and serialized', async () => {
    await sameAsNode(`
      const type = async (value) => (await new Response('x', { headers: { 'content-type': value } }).blob()).type;
      return [await type('Text/Plain; Charset="utf-8"; a=b'), await type('text/html, */*'),
        await type('application/json;x="a\\\\"b"'), await type('nonsense'), await type('text/plain;charset=utf-8, text/plain')];
    `);
  });

  it('read url-encoded and multipart forms with formData()', async () => {
    await sameAsNode(`
      const urlencoded = await new Response('a=1&b=x+y%20z&c', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' } }).formData();
      const form = new FormData();
      form.append('text', 'line1\\nline2 "quoted" é');
      form.append('file', new Blob(['hi'], { type: 'text/plain' }), 'a "b".txt');
      form.append('blob', new Blob([new Uint8Array([0, 255, 13, 10])]));
      form.append('na\\nme', 'v');
      const parsed = await new Request('http://a.test', { method: 'POST', body: form }).formData();
      const describe = async ([k, v]) => typeof v === 'string' ? [k, v]
        : [k, v.constructor.name, v.name, v.type, v.size, [...new Uint8Array(await v.arrayBuffer())]];
      let notForm;
      try { await new Response('x').formData() } catch (e) { notForm = e.message }
      return [[...urlencoded], await Promise.all([...parsed].map(describe)), notForm];
    `);
  });

  it('serialize FormData as undici does', async () => {
    const outcome = await realm.evaluate(`
      const form = new FormData();
      form.append('a', '1');
      form.append('f', new Blob(['hi'], { type: 'text/plain' }), 'h.txt');
      form.append('g', new Blob(['x']));
      const r = new Response(form);
      return [r.headers.get('content-type'), await r.text()];
    `);
    const [type, text] = (outcome as { value: [string, string] }).value;
    const boundary = /^multipart\/form-data; boundary=(----formdata-undici-0\d{11})$/.exec(
      type,
    )?.[1];
    expect(boundary).toBeDefined();
    expect(text).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="h.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="g"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n` +
        `--${boundary}--\r\n`,
    );
  });

  it('refuse malformed multipart bodies with a TypeError', async () => {
    await sameAsNode(`
      const read = async (body, type) => {
        try { await new Response(body, { headers: { 'content-type': type } }).formData(); return 'parsed' }
        catch (e) { return [e.name, e.message, e.cause?.message] }
      };
      return [await read('x', 'multipart/form-data'), await read('x', 'multipart/form-data; boundary=abc'),
        await read('--abc\\r\\nContent-Disposition: form-data\\r\\n\\r\\nx\\r\\n--abc--', 'multipart/form-data; boundary=abc'),
        await read('--abc\\r\\nContent-Disposition: form-data; name="a"\\r\\n\\r\\nx\\r\\n--abc--', 'multipart/form-data; boundary=abc')];
    `);
  });

  it('refuse streamed bodies with a message that says what to pass instead', async () => {
    const outcome = await realm.evaluate(`
      async function* chunks() { yield 'a' }
      return new Response(chunks());
    `);
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        name: 'TypeError',
        message: expect.stringContaining('not supported in this sandbox'),
      },
    });
  });
});

describe('Blob and File', () => {
  it('behave as Node’s', async () => {
    await sameAsNode(`
      const b = new Blob(['ab', new Uint8Array([99]), new Blob(['d']), 5, null], { type: 'Text/X' });
      const s = b.slice(-4, -1, 'A/B');
      const f = new File(['x'], 'n.txt', { type: 'T/x', lastModified: 5 });
      return [b.size, b.type, await b.text(), s.size, s.type, await s.text(), [...await b.bytes()],
        f.name, f.type, f.lastModified, f.size, f instanceof Blob, Object.prototype.toString.call(f),
        new Blob([], { type: 'a/é' }).type, new Blob([], { type: 'a\\tb' }).type,
        await new Blob(['a\\r\\nb\\rc'], { endings: 'native' }).text(),
        typeof new File([], 'x').lastModified, File.length, Blob.length];
    `);
  });

  it('refuse what Node refuses', async () => {
    const cases = [
      `new Blob(5)`,
      `new Blob('abc')`,
      `new Blob([], 5)`,
      `new Blob([], { endings: 'x' })`,
      `new File(['x'])`,
      `Object.getOwnPropertyDescriptor(Blob.prototype, 'size').get.call({})`,
    ];
    for (const code of cases) {
      const outcome = await sameAsNode(`return ${code};`);
      expect(outcome.ok, code).toBe(false);
    }
    await sameAsNode(`return await Blob.prototype.text.call({}).catch((e) => [e.name, e.code]);`);
  });
});

describe('FormData', () => {
  it('behaves as undici’s', async () => {
    await sameAsNode(`
      const f = new FormData();
      f.append('a', '1');
      f.append('b', '2');
      f.append('a', '3');
      const all = f.getAll('a');
      f.set('a', '4');
      f.append('file', new File(['x'], 'o.txt', { lastModified: 7 }), 'n.txt');
      f.append('blob', new Blob(['y'], { type: 'T/P' }));
      const file = f.get('file');
      const blob = f.get('blob');
      const entries = [...f].map(([k, v]) => [k, typeof v]);
      f.delete('b');
      return [all, f.get('a'), f.has('b'), f.get('missing'), [file.name, file.lastModified],
        [blob.constructor.name, blob.name, blob.type], entries, [...f.keys()]];
    `);
  });

  it('refuses what undici refuses', async () => {
    const cases = [
      `new FormData(5)`,
      `new FormData().append('a', 5, 'x')`,
      `new FormData().append('a')`,
      `new FormData().get()`,
      `FormData.prototype.get.call({}, 'a')`,
    ];
    for (const code of cases) {
      const outcome = await sameAsNode(`return ${code};`);
      expect(outcome.ok, code).toBe(false);
    }
  });
});
