import { beforeAll, describe, expect, it } from 'vitest';
import { createFetchRealm, evaluateInNode, type FetchRealm } from './fetch-test-realm';

let realm: FetchRealm;
beforeAll(async () => {
  realm = await createFetchRealm();
});

/** Runs `body` in the sandbox realm and in Node; both must end the same way. */
async function sameAsNode(body: string) {
  const ours = await realm.evaluate(body);
  expect(ours).toEqual(await evaluateInNode(body));
  return ours;
}

describe('Headers', () => {
  it('compares names case-insensitively and combines repeated values', async () => {
    const outcome = await sameAsNode(`
      const h = new Headers({ 'Content-Type': 'text/plain' });
      h.append('accept', 'a/b');
      h.append('ACCEPT', ' c/d\\t');
      h.append('cookie', 'a=1');
      h.append('Cookie', 'b=2');
      return [h.get('content-type'), h.get('Accept'), h.get('cookie'), h.has('CONTENT-TYPE'),
        h.has('x'), h.get('x')];
    `);
    expect(outcome).toEqual({
      ok: true,
      value: ['text/plain', 'a/b, c/d', 'a=1; b=2', true, false, null],
    });
  });

  it('iterates sorted lowercase names, one entry per set-cookie, and reflects later changes', async () => {
    await sameAsNode(`
      const h = new Headers([['b', '1'], ['A', '2'], ['a', '3'], ['Set-Cookie', 'x=1'],
        ['set-cookie', 'y=2'], ['cookie', 'c1']]);
      const keysBefore = h.keys();
      h.append('c', '4');
      const collected = [];
      h.forEach(function (value, key, target) { collected.push([key, value, target === h, this]) }, 'T');
      return { entries: [...h], keys: [...keysBefore], values: [...h.values()], collected,
        cookies: h.getSetCookie(), tag: Object.prototype.toString.call(h.entries()) };
    `);
  });

  it('set replaces every value, delete removes them, getSetCookie follows', async () => {
    await sameAsNode(`
      const h = new Headers([['Set-Cookie', 'a'], ['set-cookie', 'b'], ['X-A', '1'], ['x-a', '2']]);
      h.set('x-A', '3');
      h.set('SET-COOKIE', 'c');
      const afterSet = [[...h], h.getSetCookie()];
      h.delete('set-cookie');
      h.delete('missing');
      return [afterSet, [...h], h.getSetCookie()];
    `);
  });

  it('accepts another Headers, a sequence of pairs, a record and any iterable', async () => {
    await sameAsNode(`
      const source = new Headers({ 'X-One': '1' });
      source.append('set-cookie', 'a');
      source.append('Set-Cookie', 'b');
      function* pairs() { yield ['x-gen', 'g']; yield new Set(['x-set', 's']); }
      const record = Object.create({ inherited: 'no' });
      record['x-rec'] = 'r';
      return [[...new Headers(source)], [...new Headers(pairs())], [...new Headers(record)],
        new Headers(source).getSetCookie()];
    `);
  });

  it('reads only own enumerable keys of a record (WebIDL; undici also reads hidden ones)', async () => {
    const outcome = await realm.evaluate(`
      const record = { 'x-rec': 'r' };
      Object.defineProperty(record, 'x-hidden', { value: 'h', enumerable: false });
      return [...new Headers(record)];
    `);
    expect(outcome).toEqual({ ok: true, value: [['x-rec', 'r']] });
  });

  it("refuses what undici refuses, with undici's messages", async () => {
    const cases = [
      `new Headers({ 'a b': '1' })`,
      `new Headers([['a']])`,
      `new Headers([['a', 'b', 'c']])`,
      `new Headers(5)`,
      `new Headers(null)`,
      `new Headers([5])`,
      `new Headers([{}])`,
      `new Headers({ [Symbol('x')]: 'y' })`,
      `new Headers([['x', Symbol()]])`,
      `new Headers().append('x', 'é€')`,
      `new Headers().append('x', 'a\\nb')`,
      `new Headers().append('x', 'a\\u0000b')`,
      `new Headers().append('', 'v')`,
      `new Headers().get()`,
      `new Headers().set('x')`,
      `new Headers().get('a b')`,
      `new Headers().has('')`,
      `new Headers().delete('a:b')`,
      `Headers.prototype.get.call({}, 'x')`,
      `new Headers().forEach(5)`,
      `Object.getPrototypeOf(new Headers().keys()).next.call({})`,
    ];
    for (const code of cases) {
      const outcome = await sameAsNode(`return ${code};`);
      expect(outcome.ok, code).toBe(false);
    }
  });

  it('normalizes values: leading and trailing HTTP whitespace go, inner whitespace stays', async () => {
    const outcome = await sameAsNode(`
      const h = new Headers([['x', ' \\t a  b \\r\\n'], ['y', '\\t']]);
      h.set('z', '\\n v \\t');
      return [...h];
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [
        ['x', 'a  b'],
        ['y', ''],
        ['z', 'v'],
      ],
    });
  });

  it('has the shape of the platform class', async () => {
    await sameAsNode(`
      const own = Object.getOwnPropertyNames(Headers.prototype).sort();
      const enumerable = Object.keys(Headers.prototype).sort();
      return [own, enumerable, Headers.name, Headers.length, Object.prototype.toString.call(new Headers()),
        typeof Headers.prototype[Symbol.iterator], Headers.prototype[Symbol.iterator] === Headers.prototype.entries];
    `);
  });

  it('cannot be structured-cloned, as in Node', async () => {
    const outcome = await sameAsNode(`return structuredClone(new Headers({ a: '1' }));`);
    expect(outcome).toMatchObject({ ok: false, error: { name: 'DataCloneError' } });
  });
});
