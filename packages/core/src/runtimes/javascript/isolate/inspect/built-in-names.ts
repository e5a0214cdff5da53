/** Names Node treats as built-in classes (for `showHidden` prototype keys and `%s`). */
import { SetCtor, SetPrototypeAdd, SetPrototypeHas } from './primordials';

/**
 * Node computes this from its own global object: capitalised global names. The isolate's global
 * object differs (no Buffer, different web globals), so Node 24's list is fixed here.
 */
// biome-ignore format: a long word list.
const builtInNames = [
  'Object', 'Function', 'Array', 'Number', 'Infinity', 'NaN', 'Boolean', 'String', 'Symbol', 'Date',
  'Promise', 'RegExp', 'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError',
  'SyntaxError', 'TypeError', 'URIError', 'JSON', 'Math', 'Intl', 'ArrayBuffer', 'Atomics',
  'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array',
  'BigUint64Array', 'BigInt64Array', 'Uint8ClampedArray', 'Float32Array', 'Float64Array', 'DataView',
  'Map', 'BigInt', 'Set', 'Iterator', 'WeakMap', 'WeakSet', 'Proxy', 'Reflect',
  'FinalizationRegistry', 'WeakRef', 'Buffer', 'URL', 'URLSearchParams', 'DOMException',
  'AbortController', 'AbortSignal', 'Event', 'EventTarget', 'CustomEvent', 'TextEncoder',
  'TextDecoder', 'TransformStream', 'TransformStreamDefaultController', 'WritableStream',
  'WritableStreamDefaultController', 'WritableStreamDefaultWriter', 'ReadableStream',
  'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader', 'ReadableStreamBYOBRequest',
  'ReadableByteStreamController', 'ReadableStreamDefaultController', 'ByteLengthQueuingStrategy',
  'CountQueuingStrategy', 'TextEncoderStream', 'TextDecoderStream', 'CompressionStream',
  'DecompressionStream', 'BroadcastChannel', 'MessageChannel', 'MessagePort', 'Blob', 'File',
  'Performance', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure', 'PerformanceObserver',
  'PerformanceObserverEntryList', 'PerformanceResourceTiming', 'URLPattern', 'FormData', 'Headers',
  'Request', 'Response', 'MessageEvent', 'CloseEvent', 'WebSocket', 'Crypto', 'CryptoKey',
  'SubtleCrypto', 'SuppressedError', 'DisposableStack', 'AsyncDisposableStack', 'Float16Array',
  'SharedArrayBuffer', 'WebAssembly', 'Navigator',
];
const builtInObjects = new SetCtor<string>();
for (let i = 0; i < builtInNames.length; i++) {
  SetPrototypeAdd(builtInObjects, builtInNames[i] as string);
}

export function isBuiltInName(name: unknown): boolean {
  return typeof name === 'string' && SetPrototypeHas(builtInObjects, name);
}
