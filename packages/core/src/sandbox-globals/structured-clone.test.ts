import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGlobalsRealm, type GlobalsRealm } from './test-realm';

let realm: GlobalsRealm;
beforeAll(async () => {
  realm = await createGlobalsRealm();
});

/**
 * Runs the same script in the sandbox realm (our structuredClone) and in Node (its own), and
 * returns both results; the script must return plain data describing the clone.
 */
function both(script: string): [unknown, unknown] {
  const ours = realm.run(`(() => { ${script} })()`);
  const node = new Function(script)();
  return [ours, node];
}

describe('structuredClone', () => {
  it('copies primitives, wrappers, dates, regexps, maps, sets and nested objects like Node', () => {
    const [ours, node] = both(`
      const source = {
        n: 1, s: 'x', b: true, u: undefined, nil: null, big: 10n, neg0: -0, nan: NaN,
        date: new Date(1234567890), re: /a+b/gi, wrapped: [Object(1), Object('s'), Object(false), Object(2n)],
        map: new Map([[1, { a: 1 }], ['k', [1, 2]]]), set: new Set([1, 'two', { three: 3 }]),
        nested: { deep: { deeper: [1, [2, [3]]] } },
      };
      const c = structuredClone(source);
      return {
        keys: Object.keys(c), n: c.n, s: c.s, b: c.b, u: 'u' in c, nil: c.nil, big: typeof c.big + c.big,
        neg0: Object.is(c.neg0, -0), nan: Number.isNaN(c.nan), date: [c.date instanceof Date, c.date.getTime(), c.date !== source.date],
        re: [c.re instanceof RegExp, c.re.source, c.re.flags, c.re !== source.re],
        wrapped: c.wrapped.map((w) => [typeof w, Object.prototype.toString.call(w), String(w.valueOf())]),
        map: [c.map instanceof Map, [...c.map.keys()], c.map.get(1).a, c.map.get(1) !== source.map.get(1)],
        set: [c.set instanceof Set, c.set.size, [...c.set][2].three],
        nested: JSON.stringify(c.nested), distinct: c.nested.deep !== source.nested.deep,
      };
    `);
    expect(ours).toEqual(node);
  });

  it('preserves cycles and shared references', () => {
    const [ours, node] = both(`
      const shared = { s: 1 };
      const a = { shared, list: [shared, shared] };
      a.self = a;
      const m = new Map(); m.set(m, a); a.map = m;
      const c = structuredClone(a);
      return [c.self === c, c.shared === c.list[0], c.list[0] === c.list[1], c.map.get(c.map) === c, c !== a, c.shared !== shared];
    `);
    expect(ours).toEqual(node);
    expect(ours).toEqual([true, true, true, true, true, true]);
  });

  it('copies binary data: buffers, views over one buffer, resizable buffers, DataView', () => {
    const [ours, node] = both(`
      const buffer = new ArrayBuffer(8);
      const bytes = new Uint8Array(buffer); bytes.set([1, 2, 3, 4, 5, 6, 7, 8]);
      const words = new Uint16Array(buffer, 2, 2);
      const view = new DataView(buffer, 4, 4);
      const resizable = new ArrayBuffer(4, { maxByteLength: 16 });
      const floats = new Float64Array([1.5, -2]);
      const c = structuredClone({ bytes, words, view, resizable, floats, big: new BigInt64Array([5n]) });
      return [
        Array.from(c.bytes), Array.from(c.words), c.words.byteOffset, c.words.buffer === c.bytes.buffer,
        c.view.getUint8(0), c.view.byteOffset, c.view.buffer === c.bytes.buffer, c.bytes.buffer !== buffer,
        c.resizable.resizable, c.resizable.maxByteLength, Array.from(c.floats), c.big[0],
        Object.prototype.toString.call(c.view),
      ];
    `);
    expect(ours).toEqual(node);
  });

  it('clones errors by name with message, stack and cause, and DOMException', () => {
    const [ours, node] = both(`
      const e = new RangeError('bad', { cause: { why: 1 } }); e.extra = 1;
      const custom = new (class MyError extends TypeError {})('m'); custom.name = 'Custom';
      const renamed = new Error('r'); renamed.name = 'SyntaxError';
      const d = new DOMException('gone', 'AbortError');
      const c = structuredClone([e, custom, renamed, d]);
      return [
        c[0] instanceof RangeError, c[0].name, c[0].message, c[0].cause.why, c[0].extra, c[0].stack === e.stack,
        Object.getOwnPropertyNames(c[0]).sort(),
        c[1].constructor.name, c[1].name, c[1].message,
        c[2].constructor.name, c[2].name,
        c[3] instanceof DOMException, c[3].name, c[3].message, c[3].code, c[3] !== d,
      ];
    `);
    expect(ours).toEqual(node);
  });

  it('drops prototypes of class instances, skips non-enumerable and symbol keys, keeps array holes and extra keys', () => {
    const [ours, node] = both(`
      class Point { constructor() { this.x = 1; this.y = 2; } get sum() { return 3 } }
      const p = new Point();
      Object.defineProperty(p, 'hidden', { value: 1, enumerable: false });
      p[Symbol('s')] = 1;
      const withGetter = { get g() { return 'got' } };
      const arr = [1, , 3]; arr.extra = 'e';
      const c = structuredClone({ p, withGetter, arr, nullProto: Object.assign(Object.create(null), { a: 1 }) });
      return [
        Object.getPrototypeOf(c.p) === Object.prototype, Object.keys(c.p), 'sum' in c.p, 'hidden' in c.p,
        Object.getOwnPropertySymbols(c.p).length, Object.getOwnPropertyDescriptor(c.withGetter, 'g').value,
        c.arr.length, 1 in c.arr, c.arr.extra, Object.getPrototypeOf(c.nullProto) === Object.prototype, c.nullProto.a,
      ];
    `);
    expect(ours).toEqual(node);
  });

  it('throws DataCloneError for functions, symbols, promises, weak collections and platform objects', () => {
    const script = `
      const results = [];
      for (const make of [
        () => () => 1, () => function named() {}, () => Symbol('x'), () => Promise.resolve(),
        () => new WeakMap(), () => ({ nested: new WeakSet() }), () => new URL('http://a'),
        () => new URLSearchParams('a=1'), () => new AbortController().signal, () => new TextEncoder(),
        () => Object(Symbol('boxed')),
      ]) {
        try { structuredClone(make()); results.push('cloned') }
        catch (e) { results.push([e.name, e.code, e instanceof DOMException, e.message]) }
      }
      return results;
    `;
    const [ours, node] = both(script);
    expect(ours).toEqual(node);
  });

  it('transfers ArrayBuffers: the original is detached, the clone has the bytes', () => {
    const [ours, node] = both(`
      const buffer = new Uint8Array([1, 2, 3]).buffer;
      const view = new Uint8Array(buffer, 1);
      const c = structuredClone({ view }, { transfer: [buffer] });
      let badTransfer;
      try { structuredClone(1, { transfer: [1] }) } catch (e) { badTransfer = [e.name, e.constructor.name] }
      let duplicate;
      const b2 = new ArrayBuffer(1);
      try { structuredClone(1, { transfer: [b2, b2] }) } catch (e) { duplicate = e.name }
      return [buffer.byteLength, buffer.detached, Array.from(c.view), c.view.byteOffset, badTransfer, duplicate];
    `);
    expect(ours).toEqual(node);
  });

  it('round-trips random JSON-like values to an equal structure', () => {
    const cloneIn = realm.run<(value: unknown) => string>(
      '(value) => JSON.stringify(structuredClone(JSON.parse(value)))',
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value);
        expect(cloneIn(json)).toBe(JSON.stringify(structuredClone(JSON.parse(json))));
      }),
      { numRuns: 300 },
    );
  });

  it('requires a value argument', () => {
    expect(realm.run('(() => { try { structuredClone() } catch (e) { return e.code } })()')).toBe(
      'ERR_MISSING_ARGS',
    );
    expect(realm.run('structuredClone(undefined)')).toBeUndefined();
  });
});
