import { describe, expect, it } from 'vitest';
import { createGlobalsRealm } from './test-realm';

describe('queueMicrotask', () => {
  it('runs callbacks in order after the current task, interleaved with promise reactions', async () => {
    const realm = await createGlobalsRealm();
    const order = realm.run(`(() => {
      globalThis.order = [];
      queueMicrotask(() => order.push('a'));
      Promise.resolve().then(() => order.push('p'));
      queueMicrotask(() => { order.push('b'); queueMicrotask(() => order.push('c')); });
      order.push('sync');
      return order.slice();
    })()`);
    expect(order).toEqual(['sync']);
    expect(realm.run('order')).toEqual(['sync', 'a', 'p', 'b', 'c']);
  });

  it('reports callback errors instead of losing them, and validates the callback like Node', async () => {
    const realm = await createGlobalsRealm();
    realm.run(
      "queueMicrotask(() => { throw new Error('boom') }); queueMicrotask(() => { globalThis.after = true })",
    );
    expect(realm.errors.map((e) => (e as Error).message)).toEqual(['boom']);
    expect(realm.run('after')).toBe(true);
    expect(
      realm.run('(() => { try { queueMicrotask(1) } catch (e) { return [e.code, e.message] } })()'),
    ).toEqual([
      'ERR_INVALID_ARG_TYPE',
      'The "callback" argument must be of type function. Received type number (1)',
    ]);
  });

  it('keeps working after user code replaces Promise.prototype.then and Promise', async () => {
    const realm = await createGlobalsRealm();
    realm.run(`
      globalThis.log = [];
      Promise.prototype.then = function () { throw new Error('hijacked') };
      Object.defineProperty(Promise, Symbol.species, { get() { throw new Error('species') } });
      Promise = function () { throw new Error('replaced') };
      queueMicrotask(() => log.push('ran'));
    `);
    expect(realm.run('log')).toEqual(['ran']);
    expect(realm.errors).toEqual([]);
  });
});
