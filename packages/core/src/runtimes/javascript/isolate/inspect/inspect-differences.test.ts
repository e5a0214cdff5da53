/**
 * Where the port deliberately prints something else than Node: facts a bare V8 context cannot
 * observe from JavaScript (see index.ts). Each test pins the chosen output and shows Node's.
 */
import * as nodeUtil from 'node:util';
import { describe, expect, it } from 'vitest';
import { format, inspect } from './inspect';

describe('documented differences from node:util.inspect', () => {
  it('Map and Set iterators: contents need V8 previewEntries', () => {
    const entries = new Map([['a', 1]]).entries();
    expect(nodeUtil.inspect(entries)).toBe("[Map Entries] { [ 'a', 1 ] }");
    expect(inspect(entries)).toBe('[Map Iterator] { <items unknown> }');
    expect(inspect(new Set([1]).values())).toBe('[Set Iterator] { <items unknown> }');
    // Inspecting must not consume the iterator.
    expect([...entries]).toEqual([['a', 1]]);
  });

  it('WeakMap and WeakSet with showHidden (as %o uses): contents need V8 previewEntries', () => {
    const key = {};
    const weak = new WeakMap([[key, 1]]);
    expect(nodeUtil.format('%o', weak)).toBe('WeakMap { {} => 1 }');
    expect(format('%o', weak)).toBe('WeakMap { <items unknown> }');
    expect(inspect(new WeakSet([key]), { showHidden: true })).toBe('WeakSet { <items unknown> }');
  });

  it('Promise-like objects and promises without a state inspector print <unknown>', () => {
    expect(nodeUtil.inspect(Promise.resolve(1))).toBe('Promise { 1 }');
    expect(inspect(Promise.resolve(1))).toBe('Promise { <unknown> }');
    expect(nodeUtil.inspect(Object.create(Promise.prototype))).toBe('Promise {}');
    expect(inspect(Object.create(Promise.prototype))).toBe('Promise { <unknown> }');
  });

  it('null-prototype class instances are named from their built-in type, not their class', () => {
    class Foo {
      a = 1;
    }
    const orphan = Object.setPrototypeOf(new Foo(), null);
    expect(nodeUtil.inspect(orphan)).toBe('[Foo: null prototype] { a: 1 }');
    expect(inspect(orphan)).toBe('[Object: null prototype] { a: 1 }');
  });

  it('a built-in object whose prototype became a user class prints as that class', () => {
    class Plain {}
    const date = Object.setPrototypeOf(new Date(0), Plain.prototype);
    expect(nodeUtil.inspect(date)).toBe('Plain 1970-01-01T00:00:00.000Z');
    expect(inspect(date)).toBe('Plain {}');
  });

  it('function kinds come from prototypes, not from V8', () => {
    const fn = Object.setPrototypeOf(async function af() {}, Function.prototype);
    expect(nodeUtil.inspect(fn)).toBe('[AsyncFunction: af] Function');
    expect(inspect(fn)).toBe('[Function: af]');
  });

  it('extra keys of arrays longer than 100 000 items are not listed', () => {
    const big = Object.assign(new Array(100_001).fill(0), { note: 'extra' });
    expect(nodeUtil.inspect(big)).toMatch(/note: 'extra'\n\]$/);
    expect(inspect(big)).toMatch(/\.\.\. 99901 more items\n\]$/);
  });

  it('proxies are formatted through their traps unless the runtime tracks them', () => {
    let calls = 0;
    const proxy = new Proxy(
      { a: 1 },
      {
        ownKeys(target) {
          calls++;
          return Reflect.ownKeys(target);
        },
      },
    );
    expect(inspect(proxy)).toBe(nodeUtil.inspect(proxy));
    expect(calls).toBeGreaterThan(0);
    expect(nodeUtil.inspect(proxy, { showProxy: true })).toBe(
      'Proxy [ { a: 1 }, { ownKeys: [Function: ownKeys] } ]',
    );
    expect(inspect(proxy, { showProxy: true })).toBe('{ a: 1 }');
  });
});
