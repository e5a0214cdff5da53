import * as nodeUtil from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  format,
  inspect,
  type PromiseState,
  setPromiseStateInspector,
  setProxyInspector,
} from './inspect';
import { createProxyTracker, installProxyTracking } from './proxy-tracking';

afterEach(() => {
  setPromiseStateInspector(undefined);
  setProxyInspector(undefined);
});

describe('promises', () => {
  it('print <unknown> without a host inspector (a plain isolate cannot read promise state)', () => {
    expect(inspect(Promise.resolve(1))).toBe('Promise { <unknown> }');
    expect(inspect({ p: new Promise(() => {}) })).toBe('{ p: Promise { <unknown> } }');
  });

  it('print like Node when the host supplies the state', () => {
    const states = new WeakMap<object, PromiseState>();
    setPromiseStateInspector((promise) => states.get(promise));
    const track = <T extends Promise<unknown>>(promise: T, state: PromiseState): T => {
      states.set(promise, state);
      return promise;
    };
    const rejection = Object.assign(new Error('no'), { stack: 'Error: no\n    at x (y.js:1:1)' });
    const rejected = Promise.reject(rejection);
    rejected.catch(() => {});
    const values: unknown[] = [
      track(Promise.resolve(1), { state: 'fulfilled', value: 1 }),
      track(Promise.resolve({ a: [1, 2] }), { state: 'fulfilled', value: { a: [1, 2] } }),
      track(new Promise(() => {}), { state: 'pending' }),
      track(rejected, { state: 'rejected', reason: rejection }),
      track(Object.assign(Promise.resolve('s'), { extra: true }), {
        state: 'fulfilled',
        value: 's',
      }),
      track(new (class MyPromise extends Promise<number> {})((resolve) => resolve(2)), {
        state: 'fulfilled',
        value: 2,
      }),
    ];
    for (const value of values) {
      expect(inspect(value)).toBe(nodeUtil.inspect(value));
      expect(inspect({ nested: { value } })).toBe(nodeUtil.inspect({ nested: { value } }));
    }
  });

  it('treat a throwing host inspector as unknown state', () => {
    setPromiseStateInspector(() => {
      throw new Error('host bug');
    });
    expect(inspect(Promise.resolve(1))).toBe('Promise { <unknown> }');
  });
});

describe('proxies with a tracker', () => {
  const everyTrap = (counter: { calls: number }): ProxyHandler<object> => {
    const handler: ProxyHandler<object> = {};
    for (const trap of [
      'get',
      'has',
      'ownKeys',
      'getOwnPropertyDescriptor',
      'getPrototypeOf',
      'apply',
      'construct',
      'defineProperty',
      'set',
      'deleteProperty',
      'isExtensible',
      'preventExtensions',
      'setPrototypeOf',
    ] as const) {
      handler[trap] = () => {
        counter.calls++;
        throw new Error(`${trap} trap ran`);
      };
    }
    return handler;
  };

  it('print the target like Node and never run a trap', () => {
    const tracker = createProxyTracker();
    setProxyInspector(tracker.inspect);
    const counter = { calls: 0 };
    const targets: object[] = [
      { a: 1, b: [1, 2] },
      [1, 2, 3],
      function named() {},
      new Map([[1, { x: 1 }]]),
      new Set(['a']),
      new Date(0),
      /re/g,
      Object.assign(new Error('proxied'), { stack: 'Error: proxied\n    at x (y.js:1:1)' }),
      new (class Foo {
        z = 1;
      })(),
      { [Symbol.for('nodejs.util.inspect.custom')]: () => 'custom of target' },
    ];
    for (const target of targets) {
      const proxy = new tracker.Proxy(target, everyTrap(counter));
      expect(inspect(proxy)).toBe(nodeUtil.inspect(proxy));
      expect(inspect({ proxy })).toBe(nodeUtil.inspect({ proxy }));
      expect(inspect(proxy, { showProxy: true })).toBe(
        nodeUtil.inspect(proxy, { showProxy: true }),
      );
      // Node's own %s stringifies function proxies through their traps.
      const pattern = typeof target === 'function' ? '%o' : '%o %s';
      expect(format(pattern, proxy, proxy)).toBe(nodeUtil.format(pattern, proxy, proxy));
    }
    expect(counter.calls).toBe(0);
  });

  it('print nested and revoked proxies like Node', () => {
    const tracker = createProxyTracker();
    setProxyInspector(tracker.inspect);
    const inner = new tracker.Proxy({ inner: true }, {});
    const outer = new tracker.Proxy(inner, { get: () => 1 });
    const { proxy, revoke } = tracker.Proxy.revocable({ r: 1 }, {});
    const beforeRevoke = inspect(proxy);
    revoke();
    expect(beforeRevoke).toBe('{ r: 1 }');
    for (const value of [outer, proxy, [proxy, outer]]) {
      expect(inspect(value)).toBe(nodeUtil.inspect(value));
      expect(inspect(value, { showProxy: true })).toBe(
        nodeUtil.inspect(value, { showProxy: true }),
      );
    }
  });

  it('behaves like the original Proxy for user code', () => {
    const tracker = createProxyTracker();
    const proxy = new tracker.Proxy({ a: 1 }, { get: (_target, key) => `got ${String(key)}` });
    expect((proxy as Record<string, unknown>).a).toBe('got a');
    expect(tracker.Proxy.name).toBe('Proxy');
    expect(tracker.Proxy.length).toBe(2);
    expect(() => (tracker.Proxy as unknown as () => void)()).toThrow(TypeError);
    expect(tracker.inspect(proxy)).toEqual({ target: { a: 1 }, handler: expect.any(Object) });
    expect(tracker.inspect({})).toBeUndefined();
    const revocable = Object.getOwnPropertyDescriptor(tracker.Proxy, 'revocable')?.value;
    expect(revocable).toBe(tracker.Proxy.revocable);
    expect(tracker.inspect(revocable({}, {}).proxy)).toBeDefined();
  });

  it("installProxyTracking replaces a global object's Proxy and registers the inspector", () => {
    const fakeGlobal = { Proxy } as unknown as typeof globalThis;
    const tracker = installProxyTracking(fakeGlobal);
    expect(fakeGlobal.Proxy).toBe(tracker.Proxy);
    expect(Object.getOwnPropertyDescriptor(fakeGlobal, 'Proxy')?.enumerable).toBe(false);
    const proxy = new fakeGlobal.Proxy(
      { hidden: 1 },
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    expect(inspect(proxy)).toBe('{ hidden: 1 }');
  });
});
