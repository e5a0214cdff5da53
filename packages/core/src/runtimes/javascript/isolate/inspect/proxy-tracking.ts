/**
 * Proxy recognition for a bare V8 context: wraps the `Proxy` constructor (and `Proxy.revocable`)
 * so every proxy user code creates is recorded with its target and handler. Install it before
 * user code runs; proxies created by the engine itself (none in ECMAScript) are not seen.
 */
import { type ProxyDetails, type ProxyInspector, setProxyInspector } from './host-hooks';
import {
  ObjectDefineProperty,
  ReflectApply,
  WeakMapCtor,
  WeakMapPrototypeGet,
  WeakMapPrototypeSet,
} from './primordials';

export interface ProxyTracker {
  /** A drop-in `Proxy` constructor that records what it creates. */
  Proxy: ProxyConstructor;
  /** Looks a value up; never runs a trap. */
  inspect: ProxyInspector;
}

const ReflectConstruct = Reflect.construct;
const ReflectGet = Reflect.get;
const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;

/** Creates a recording `Proxy` constructor around `OriginalProxy`. */
export function createProxyTracker(OriginalProxy: ProxyConstructor = Proxy): ProxyTracker {
  const details = new WeakMapCtor<object, ProxyDetails>();
  const originalRevocable = OriginalProxy.revocable;
  const record = (proxy: object, target: object, handler: object): ProxyDetails => {
    const entry: ProxyDetails = { __proto__: null, target, handler } as ProxyDetails;
    WeakMapPrototypeSet(details, proxy, entry);
    return entry;
  };
  const revocable = function revocable(target: object, handler: ProxyHandler<object>) {
    const result = ReflectApply(originalRevocable, OriginalProxy, [target, handler]) as {
      proxy: object;
      revoke: () => void;
    };
    const entry = record(result.proxy, target, handler);
    const revoke = result.revoke;
    ObjectDefineProperty(result, 'revoke', {
      __proto__: null,
      value: () => {
        entry.target = null;
        entry.handler = null;
        ReflectApply(revoke, undefined, []);
      },
      writable: true,
      enumerable: true,
      configurable: true,
    } as PropertyDescriptor);
    return result;
  };
  const TrackedProxy = new OriginalProxy(OriginalProxy, {
    construct(target, args, newTarget) {
      const proxy = ReflectConstruct(target, args, newTarget) as object;
      record(proxy, args[0] as object, args[1] as object);
      return proxy;
    },
    get(target, key, receiver) {
      if (key === 'revocable') return revocable;
      return ReflectGet(target, key, receiver);
    },
    getOwnPropertyDescriptor(target, key) {
      const descriptor = ReflectGetOwnPropertyDescriptor(target, key);
      if (key === 'revocable' && descriptor !== undefined) descriptor.value = revocable;
      return descriptor;
    },
  });
  return {
    Proxy: TrackedProxy,
    inspect: (value) => WeakMapPrototypeGet(details, value) as ProxyDetails | undefined,
  };
}

/**
 * Replaces `globalObject.Proxy` with a recording one and registers it with the formatter.
 *
 * @example installProxyTracking(globalThis) // before any user code runs in the context
 */
export function installProxyTracking(globalObject: typeof globalThis): ProxyTracker {
  const tracker = createProxyTracker(globalObject.Proxy);
  ObjectDefineProperty(globalObject, 'Proxy', {
    __proto__: null,
    value: tracker.Proxy,
    writable: true,
    enumerable: false,
    configurable: true,
  } as PropertyDescriptor);
  setProxyInspector(tracker.inspect);
  return tracker;
}
