/**
 * Node 24's `util.inspect` / `util.format` (lib/internal/util/inspect.js of v24.21.0, ported
 * function by function) for code running in a bare V8 isolate: ECMAScript built-ins only.
 *
 * Where it differs from Node (the isolate cannot see what V8's C++ API shows Node):
 * - Promises print `Promise { <unknown> }` unless the runtime supplies states through
 *   `setPromiseStateInspector` (ECMAScript has no synchronous way to read a promise's state);
 *   anything inheriting from `Promise.prototype` counts as a promise.
 * - Proxies are seen through only when the runtime tracks them (`installProxyTracking`);
 *   otherwise a proxy is formatted through its traps, and a throwing trap prints a marker.
 * - Map/Set iterators and WeakMap/WeakSet contents print `<items unknown>` (even with
 *   `showHidden`, as `%o` uses): reading them without consuming needs V8's `previewEntries`.
 * - Null-prototype objects are named from their built-in type (`[Object: null prototype]`)
 *   where V8 remembers the class that created them (`[Foo: null prototype]`).
 * - A built-in object (Date, Map, boxed number, ...) whose prototype was replaced by a plain
 *   object or a user class prints as an instance of that class: internal slots are only probed
 *   when a built-in prototype is on the chain (probing costs a thrown exception).
 * - Functions are told async/generator by their prototype, not by V8's function kind.
 * - Arrays, typed arrays and boxed strings longer than 100 000 items skip extra non-index keys.
 * - A throw from user code while formatting a value (a trap, a custom inspector, a getter Node
 *   reads, a `%s` toString) prints `<Inspection threw (Error: message)>` instead of escaping.
 * - With `colors`, error stacks do not grey out `node:` frames or the working directory.
 * - Column widths (array grouping) follow a table of Node 24's ICU widths.
 */
export {
  customInspectSymbol,
  format,
  formatWithOptions,
  type Inspect,
  type InspectOptions,
  inspect,
  type PromiseState,
  type PromiseStateInspector,
  type ProxyDetails,
  type ProxyInspector,
  setPromiseStateInspector,
  setProxyInspector,
} from './inspect';
export { createProxyTracker, installProxyTracking, type ProxyTracker } from './proxy-tracking';
export { getStringWidth, stripVTControlCharacters } from './string-width';
