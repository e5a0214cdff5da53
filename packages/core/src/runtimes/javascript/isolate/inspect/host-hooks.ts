/**
 * What a bare V8 context cannot tell from JavaScript, supplied by the runtime that embeds the
 * formatter. Node reads both through internal V8 bindings (`getPromiseDetails`, `getProxyDetails`);
 * ECMAScript offers no synchronous way to read a promise's state or to recognise a Proxy.
 */

/** The state of a promise, as Node prints it (`Promise { 1 }`, `Promise { <pending> }`, ...). */
export type PromiseState =
  | { state: 'pending' }
  | { state: 'fulfilled'; value: unknown }
  | { state: 'rejected'; reason: unknown };

/** Returns the state of `promise`, or `undefined` when it is unknown. Must not throw. */
export type PromiseStateInspector = (promise: object) => PromiseState | undefined;

/** What a Proxy wraps: `target` and `handler` are `null` once the proxy is revoked. */
export interface ProxyDetails {
  target: object | null;
  handler: object | null;
}

/** Returns the details of `value` when it is a Proxy, else `undefined`. Must not run user code. */
export type ProxyInspector = (value: object) => ProxyDetails | undefined;

let promiseStateInspector: PromiseStateInspector | undefined;
let proxyInspector: ProxyInspector | undefined;

/**
 * Lets the runtime supply promise states. Without one, promises print as `Promise { <unknown> }`.
 *
 * @example setPromiseStateInspector((promise) => states.get(promise))
 */
export function setPromiseStateInspector(inspector: PromiseStateInspector | undefined): void {
  promiseStateInspector = inspector;
}

/**
 * Lets the runtime recognise proxies (see `createProxyTracker`). With one, proxies print their
 * target without running any trap, exactly like Node; without one, a proxy is formatted through
 * its traps and a trap that throws yields an `<Inspection threw (...)>` marker.
 */
export function setProxyInspector(inspector: ProxyInspector | undefined): void {
  proxyInspector = inspector;
}

export function getPromiseState(promise: object): PromiseState | undefined {
  if (promiseStateInspector === undefined) return undefined;
  try {
    return promiseStateInspector(promise);
  } catch {
    return undefined;
  }
}

/**
 * Node's `getProxyDetails(value, showProxy)`: `undefined` for non-proxies; the target (or
 * `[target, handler]` when `showProxy`) otherwise; `null` targets for revoked proxies.
 */
export function getProxyDetails(
  value: object,
  showProxy: boolean,
): undefined | object | null | [object | null, object | null] {
  if (proxyInspector === undefined) return undefined;
  let details: ProxyDetails | undefined;
  try {
    details = proxyInspector(value);
  } catch {
    return undefined;
  }
  if (details === undefined) return undefined;
  return showProxy ? [details.target, details.handler] : details.target;
}
