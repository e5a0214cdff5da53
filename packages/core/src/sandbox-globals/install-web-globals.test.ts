import { describe, expect, it } from 'vitest';
import { createGlobalsRealm } from './test-realm';

const globals = [
  'TextEncoder',
  'TextDecoder',
  'atob',
  'btoa',
  'URL',
  'URLSearchParams',
  'structuredClone',
  'DOMException',
  'crypto',
  'performance',
  'queueMicrotask',
  'Event',
  'CustomEvent',
  'EventTarget',
  'AbortController',
  'AbortSignal',
];

describe('installWebGlobals', () => {
  it('defines every global writable, configurable and not enumerable, with its own name', async () => {
    const realm = await createGlobalsRealm();
    const result = realm.run<Record<string, unknown>>(`(() => {
      const out = {};
      for (const name of ${JSON.stringify(globals)}) {
        const value = globalThis[name];
        const d = Object.getOwnPropertyDescriptor(globalThis, name);
        out[name] = [typeof value, d.writable, d.enumerable, d.configurable,
          typeof value === 'function' ? value.name : Object.prototype.toString.call(value)];
      }
      return out;
    })()`);
    for (const name of globals) {
      const expectedName =
        name === 'crypto'
          ? '[object Crypto]'
          : name === 'performance'
            ? '[object Performance]'
            : name;
      const expectedType = name === 'crypto' || name === 'performance' ? 'object' : 'function';
      expect(result[name], name).toEqual([expectedType, true, false, true, expectedName]);
    }
    // Nothing of Node leaks in; `global` is deliberately absent.
    expect(realm.run('[typeof process, typeof Buffer, typeof global, typeof require]')).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  it('builds URL lazily: nothing until first access, then a plain data property', async () => {
    const realm = await createGlobalsRealm();
    expect(realm.run("typeof Object.getOwnPropertyDescriptor(globalThis, 'URL').get")).toBe(
      'function',
    );
    expect(realm.run("new URL('/x?y=1', 'https://a.test').href")).toBe('https://a.test/x?y=1');
    expect(
      realm.run(
        "[typeof Object.getOwnPropertyDescriptor(globalThis, 'URL').value, URLSearchParams === new URL('http://a').searchParams.constructor]",
      ),
    ).toEqual(['function', true]);
    // Assigning before first access replaces it like any data global.
    const other = await createGlobalsRealm();
    expect(
      other.run(
        "URLSearchParams = 5; [URLSearchParams, Object.getOwnPropertyDescriptor(globalThis, 'URLSearchParams').writable]",
      ),
    ).toEqual([5, true]);
  });

  it("makes errors that look like Node's: DOMException and coded TypeErrors", async () => {
    const realm = await createGlobalsRealm();
    const ours = realm.run(`(() => {
      const d = new DOMException('gone', 'AbortError');
      let coded;
      try { new URL('nope') } catch (e) { coded = e }
      return [d.stack.split('\\n')[0], d instanceof Error, Object.keys(d), String(d), d.code, DOMException.ABORT_ERR,
        coded.stack.split('\\n')[0], coded.name, Object.prototype.toString.call(d)];
    })()`);
    const d = new DOMException('gone', 'AbortError');
    let coded: Error & { stack: string } = new Error() as Error & { stack: string };
    try {
      new URL('nope');
    } catch (error) {
      coded = error as Error & { stack: string };
    }
    expect(ours).toEqual([
      (d.stack as string).split('\n')[0],
      true,
      Object.keys(d),
      String(d),
      d.code,
      DOMException.ABORT_ERR,
      coded.stack.split('\n')[0],
      coded.name,
      Object.prototype.toString.call(d),
    ]);
  });

  it('keeps working after user code tampers with the built-ins it relies on', async () => {
    const realm = await createGlobalsRealm();
    // Touch URL first so its lazy build happens before the tampering, as a real program might not.
    realm.run(`
      Array.prototype.push = Array.prototype.join = Array.prototype.splice = () => { throw new Error('array') };
      Object.defineProperty(Array.prototype, '0', { set() { throw new Error('index setter') }, configurable: true });
      String.prototype.charCodeAt = String.prototype.slice = String.prototype.toLowerCase = () => { throw new Error('string') };
      String.prototype.codePointAt = String.prototype.indexOf = () => { throw new Error('string') };
      Object.defineProperty(Object.getPrototypeOf(Uint8Array.prototype), 'length', { get() { return 1e9 } });
      Uint8Array.prototype.subarray = Uint8Array.prototype.set = () => { throw new Error('typed') };
      Map.prototype.get = Map.prototype.set = Map.prototype.has = () => { throw new Error('map') };
      Object.keys = Object.defineProperty = Reflect.apply = () => { throw new Error('object') };
      RegExp.prototype.exec = () => { throw new Error('regexp') };
      Function.prototype.call = Function.prototype.apply = Function.prototype.bind = () => { throw new Error('function') };
      globalThis.Uint8Array = globalThis.Map = globalThis.Error = globalThis.TypeError = null;
    `);
    const result = realm.run(`(() => {
      const bytes = new TextEncoder().encode('héllo €');
      const text = new TextDecoder().decode(bytes);
      const url = new URL('HTTPS://Ex%41mple.com:443/a/../b?q=1 2#f');
      url.searchParams.append('z', 'é');
      const clone = structuredClone({ m: new Set([1]), d: new Date(5), list: [1, 2] });
      let urlError;
      try { new URL('nope') } catch (e) { urlError = e.code }
      return [text, url.href, clone.m.has(1), clone.d.getTime(), clone.list.length, atob(btoa('ok')), urlError,
        crypto.randomUUID().length, new TextDecoder('utf-16le').decode(new Uint16Array([104, 105]))];
    })()`);
    expect(result).toEqual([
      'héllo €',
      // The query is re-serialized as a form once searchParams changes it (space → '+').
      'https://example.com/b?q=1+2&z=%C3%A9#f',
      true,
      5,
      2,
      'ok',
      'ERR_INVALID_URL',
      36,
      'hi',
    ]);
  });
});
