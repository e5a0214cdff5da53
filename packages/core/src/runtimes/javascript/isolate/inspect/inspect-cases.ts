/**
 * Test fixtures: values whose `inspect` output is compared with Node's own `util.inspect`.
 * Each factory builds a fresh value (so the comparison sees identical, unshared inputs).
 */
import type { InspectOptions } from './inspect-options';

export interface InspectCase {
  name: string;
  make: () => unknown;
  options?: InspectOptions;
}

class Foo {
  a = 1;
  b = 'two';
}
class Bar extends Foo {
  c = [1, 2, 3];
}
class Empty {}
class WithAccessors {
  #secret = 1;
  get value() {
    return this.#secret;
  }
  set value(v: number) {
    this.#secret = v;
  }
}
class MyArray extends Array {}
class MyMap extends Map<unknown, unknown> {}
class MySet extends Set<unknown> {}
class MyError extends Error {}
class NamedError extends Error {
  override name = 'NamedError';
}
class Tagged {
  get [Symbol.toStringTag]() {
    return 'TagName';
  }
}

const numbers = (count: number, step = 1) => Array.from({ length: count }, (_, i) => i * step);

function args(..._values: unknown[]) {
  // biome-ignore lint/complexity/noArguments: the arguments object is the value under test.
  return arguments;
}

function circular() {
  const a: Record<string, unknown> = { name: 'a' };
  const b: Record<string, unknown> = { name: 'b', a };
  a.b = b;
  a.self = a;
  return a;
}

export const inspectCases: InspectCase[] = [
  // Primitives
  { name: 'integer', make: () => 42 },
  { name: 'negative zero', make: () => -0 },
  { name: 'float', make: () => 2.5 },
  { name: 'NaN', make: () => Number.NaN },
  { name: 'Infinity', make: () => Number.NEGATIVE_INFINITY },
  { name: 'large number', make: () => 1e21 },
  { name: 'bigint', make: () => 12345678901234567890n },
  { name: 'negative bigint', make: () => -5n },
  { name: 'true', make: () => true },
  { name: 'undefined', make: () => undefined },
  { name: 'null', make: () => null },
  { name: 'symbol', make: () => Symbol('desc') },
  { name: 'symbol without description', make: () => Symbol() },
  { name: 'well-known symbol', make: () => Symbol.iterator },
  { name: 'registered symbol', make: () => Symbol.for('reg') },
  // Strings
  { name: 'plain string', make: () => 'hello' },
  { name: 'empty string', make: () => '' },
  { name: 'single quote', make: () => "it's" },
  { name: 'both quotes', make: () => `it's "quoted"` },
  { name: 'all three quotes', make: () => `it's "quoted" \`too\`` },
  { name: 'quotes and ${', make: () => `it's "q" \${x}` },
  { name: 'backslash', make: () => 'a\\b' },
  { name: 'control characters', make: () => '\x00\x07\b\t\n\v\f\r\x1b\x7f\x85\x9f' },
  { name: 'unicode', make: () => 'héllo wörld ✓ 中文 😀' },
  { name: 'lone high surrogate', make: () => 'a\ud800b' },
  { name: 'lone low surrogate', make: () => 'a\udc00b' },
  { name: 'surrogate pair', make: () => '\ud83d\ude00' },
  { name: 'reversed surrogates', make: () => '\ude00\ud83d' },
  { name: 'long string', make: () => 'x'.repeat(200) },
  { name: 'long string with newlines', make: () => 'line one\nline two\n'.repeat(8) },
  { name: 'string over maxStringLength', make: () => 'y'.repeat(10_050) },
  { name: 'maxStringLength 5', make: () => 'abcdefghij', options: { maxStringLength: 5 } },
  { name: 'maxStringLength 9', make: () => 'abcdefghij', options: { maxStringLength: 9 } },
  { name: 'long escaped string', make: () => `'${'\n'.repeat(120)}\ud800` },
  // Arrays
  { name: 'empty array', make: () => [] },
  { name: 'small array', make: () => [1, 'two', null, undefined, true] },
  { name: 'nested arrays', make: () => [[1, [2, [3, [4, [5]]]]]] },
  // biome-ignore lint/suspicious/noSparseArray: holes are the point.
  { name: 'sparse array', make: () => [1, , 3, , , 6] },
  { name: 'holes only', make: () => new Array(5) },
  { name: 'one hole', make: () => new Array(1) },
  // biome-ignore lint/suspicious/noSparseArray: holes are the point.
  { name: 'trailing holes', make: () => [1, 2, , ,] },
  { name: 'huge sparse array', make: () => Object.assign([], { 1000: 'x', 2000: 'y' }) },
  { name: 'array with extra key', make: () => Object.assign([1, 2], { extra: true }) },
  { name: 'array with symbol key', make: () => Object.assign([1], { [Symbol('s')]: 2 }) },
  { name: '7 numbers', make: () => numbers(7) },
  { name: '8 numbers', make: () => numbers(8, 11) },
  { name: '10 numbers', make: () => numbers(10, 3) },
  { name: '16 numbers', make: () => numbers(16, 13) },
  { name: '26 numbers', make: () => numbers(26, 101) },
  { name: '30 numbers', make: () => numbers(30, 7) },
  { name: '50 numbers', make: () => numbers(50, 1) },
  { name: '64 floats', make: () => numbers(64).map((n) => n / 7) },
  { name: '99 numbers', make: () => numbers(99, 17) },
  { name: '100 numbers', make: () => numbers(100) },
  { name: '101 numbers', make: () => numbers(101) },
  { name: '120 numbers', make: () => numbers(120, 9) },
  { name: '1000 numbers', make: () => numbers(1000) },
  { name: 'negative numbers', make: () => numbers(20).map((n) => (n % 2 ? -n : n * 1000)) },
  { name: 'bigint array', make: () => numbers(12).map((n) => BigInt(n) ** 5n) },
  { name: '26 short strings', make: () => numbers(26).map((n) => String.fromCharCode(97 + n)) },
  { name: '30 words', make: () => numbers(30).map((n) => `word${'x'.repeat(n % 7)}`) },
  { name: 'mixed array', make: () => [1, 'a', 2, 'b', 3, 'c', 4, 'd', null] },
  { name: 'array of objects', make: () => numbers(8).map((n) => ({ id: n, name: `n${n}` })) },
  {
    name: 'array of CJK strings',
    make: () => numbers(12).map((n) => '中文字'.repeat(1 + (n % 3))),
  },
  { name: 'array of emoji', make: () => numbers(12).map((n) => '😀'.repeat(1 + (n % 4))) },
  { name: 'array of combining marks', make: () => numbers(10).map((n) => `e\u0301${n}`) },
  { name: 'maxArrayLength 3', make: () => numbers(10), options: { maxArrayLength: 3 } },
  { name: 'maxArrayLength 0', make: () => [1, 2], options: { maxArrayLength: 0 } },
  { name: 'maxArrayLength null', make: () => numbers(150), options: { maxArrayLength: null } },
  { name: 'array subclass', make: () => MyArray.from([1, 2]) },
  { name: 'empty array subclass', make: () => new MyArray() },
  { name: 'null-prototype array', make: () => Object.setPrototypeOf([1, 2], null) },
  // Objects
  { name: 'empty object', make: () => ({}) },
  { name: 'simple object', make: () => ({ a: 1, b: 'two', c: [3] }) },
  { name: 'nested past depth', make: () => ({ a: { b: { c: { d: { e: 1 } } } } }) },
  { name: 'array past depth', make: () => ({ a: { b: { c: [1, 2] } } }) },
  { name: 'empty array past depth', make: () => ({ a: { b: { c: [] } } }) },
  { name: 'empty object past depth', make: () => ({ a: { b: { c: {} } } }) },
  { name: 'depth 0', make: () => ({ a: { b: 1 }, c: [1] }), options: { depth: 0 } },
  {
    name: 'depth null',
    make: () => ({ a: { b: { c: { d: { e: 1 } } } } }),
    options: { depth: null },
  },
  {
    name: 'depth Infinity',
    make: () => ({ a: { b: { c: { d: {} } } } }),
    options: { depth: Number.POSITIVE_INFINITY },
  },
  {
    name: 'wide object',
    make: () => Object.fromEntries(numbers(30).map((n) => [`key${n}`, n * 1000])),
  },
  {
    name: 'object breaking lines',
    make: () => ({ alpha: 'a'.repeat(30), beta: 'b'.repeat(30), gamma: { delta: 'd'.repeat(20) } }),
  },
  {
    name: 'four levels compact',
    make: () => ({ a: { b: { c: { d: 1 } } }, e: { f: { g: 2 } } }),
    options: { depth: 5 },
  },
  { name: 'quoted keys', make: () => ({ 'a-b': 1, 'with space': 2, '0': 3, $dollar: 4, _ok: 5 }) },
  { name: 'key with quote', make: () => ({ "it's": 1, 'new\nline': 2 }) },
  { name: '__proto__ key', make: () => JSON.parse('{"__proto__": 1, "a": 2}') },
  { name: 'symbol keys', make: () => ({ [Symbol('a')]: 1, [Symbol.for('b')]: 2, [Symbol()]: 3 }) },
  { name: 'symbol key with quote', make: () => ({ [Symbol("it's\n")]: 1 }) },
  {
    name: 'non-enumerable property',
    make: () => Object.defineProperty({ visible: 1 }, 'hidden', { value: 2, enumerable: false }),
  },
  {
    name: 'showHidden non-enumerable',
    make: () => Object.defineProperty({ visible: 1 }, 'hidden', { value: 2, enumerable: false }),
    options: { showHidden: true },
  },
  {
    name: 'getters and setters',
    make: () => ({
      get g() {
        return 1;
      },
      set s(_v: number) {},
      get gs() {
        return 2;
      },
      set gs(_v: number) {},
    }),
  },
  {
    name: 'getters: true',
    make: () => ({
      get g() {
        return { nested: true };
      },
      get p() {
        return 'str';
      },
      get n() {
        return null;
      },
    }),
    options: { getters: true },
  },
  {
    name: "getters: 'get'",
    make: () => ({
      get g() {
        return 1;
      },
      get gs() {
        return 2;
      },
      set gs(_v: number) {},
    }),
    options: { getters: 'get' },
  },
  {
    name: 'getter that throws (getters: true)',
    make: () => ({
      get bad() {
        const error = new RangeError('nope');
        error.stack = 'RangeError: nope\n    at get bad (cases.js:1:1)';
        throw error;
      },
    }),
    options: { getters: true },
  },
  { name: 'null prototype object', make: () => Object.assign(Object.create(null), { a: 1 }) },
  { name: 'empty null prototype', make: () => Object.create(null) },
  {
    name: 'null prototype with tag',
    make: () => Object.assign(Object.create(null), { [Symbol.toStringTag]: 'T' }),
  },
  {
    name: 'null proto with hidden tag',
    make: () => Object.defineProperty(Object.create(null), Symbol.toStringTag, { value: 'Hidden' }),
  },
  {
    name: 'proto without constructor',
    make: () => Object.assign(Object.create(Object.create(null)), { a: 1 }),
  },
  { name: 'class instance', make: () => new Foo() },
  { name: 'subclass instance', make: () => new Bar() },
  { name: 'empty class instance', make: () => new Empty() },
  { name: 'class with accessors', make: () => new WithAccessors() },
  { name: 'Symbol.toStringTag getter', make: () => new Tagged() },
  { name: 'own enumerable toStringTag', make: () => ({ [Symbol.toStringTag]: 'Own', a: 1 }) },
  {
    name: 'hidden toStringTag',
    make: () => Object.defineProperty({ a: 1 }, Symbol.toStringTag, { value: 'Hid' }),
  },
  { name: 'object with constructor prop', make: () => ({ constructor: 'not a function' }) },
  { name: 'Object.create(Foo.prototype)', make: () => Object.create(Foo.prototype) },
  { name: 'arguments object', make: () => args(1, 'a') },
  { name: 'empty arguments', make: () => args() },
  {
    name: 'sorted keys',
    make: () => ({ c: 1, a: 2, b: { z: 1, y: 2 } }),
    options: { sorted: true },
  },
  {
    name: 'sorted with comparator',
    make: () => ({ c: 1, a: 2, b: 3 }),
    options: { sorted: (a: string, b: string) => (a < b ? 1 : -1) },
  },
  {
    name: 'sorted array extras',
    make: () => Object.assign([1], { z: 1, a: 2 }),
    options: { sorted: true },
  },
  {
    name: 'compact false',
    make: () => ({ a: 1, b: [1, 2], c: { d: 'x' } }),
    options: { compact: false },
  },
  {
    name: 'compact true',
    make: () => ({ a: 1, b: [1, 2], c: { d: 'x'.repeat(90) } }),
    options: { compact: true },
  },
  { name: 'compact 1', make: () => ({ a: { b: { c: 1 } } }), options: { compact: 1 } },
  {
    name: 'breakLength 20',
    make: () => ({ a: 1, b: 2, c: 3, d: 'four' }),
    options: { breakLength: 20 },
  },
  {
    name: 'breakLength Infinity',
    make: () => Object.fromEntries(numbers(40).map((n) => [`k${n}`, n])),
    options: { breakLength: Number.POSITIVE_INFINITY },
  },
  {
    name: 'numericSeparator',
    make: () => [1234567, -1234.5678, 123456789n, 0.0001, 1e21, 1000],
    options: { numericSeparator: true },
  },
  // Cycles
  { name: 'self reference', make: circular },
  {
    name: 'array cycle',
    make: () => {
      const a: unknown[] = [1];
      a.push(a);
      return a;
    },
  },
  {
    name: 'two cycles',
    make: () => {
      const a: Record<string, unknown> = {};
      const b: Record<string, unknown> = { a };
      a.b = b;
      a.a = a;
      b.b = b;
      return [a, b];
    },
  },
  {
    name: 'map cycle',
    make: () => {
      const m = new Map<string, unknown>();
      m.set('self', m);
      return m;
    },
  },
  {
    name: 'shared not circular',
    make: () => {
      const s = { x: 1 };
      return { a: s, b: s };
    },
  },
  { name: 'cycle compact true', make: circular, options: { compact: true } },
  // Map / Set
  { name: 'empty Map', make: () => new Map() },
  {
    name: 'Map',
    make: () =>
      new Map<unknown, unknown>([
        ['a', 1],
        [{ k: 1 }, [2]],
      ]),
  },
  {
    name: 'Map of objects',
    make: () => new Map(numbers(5).map((n) => [`key${n}`, { id: n, tags: ['a', 'b'] }])),
  },
  { name: 'nested Map past depth', make: () => ({ a: { b: { m: new Map([[1, 2]]) } } }) },
  {
    name: 'Map over maxArrayLength',
    make: () => new Map(numbers(5).map((n) => [n, n])),
    options: { maxArrayLength: 2 },
  },
  { name: 'empty Set', make: () => new Set() },
  { name: 'Set', make: () => new Set([1, 'two', { three: 3 }]) },
  { name: 'large Set', make: () => new Set(numbers(120)) },
  { name: 'Map subclass', make: () => new MyMap([[1, 2]]) },
  { name: 'Set subclass', make: () => new MySet([1]) },
  { name: 'Map with extra key', make: () => Object.assign(new Map([[1, 2]]), { extra: 1 }) },
  { name: 'null-prototype Map', make: () => Object.setPrototypeOf(new Map([[1, 2]]), null) },
  { name: 'null-prototype Set', make: () => Object.setPrototypeOf(new Set([1]), null) },
  { name: 'WeakMap', make: () => new WeakMap([[{}, 1]]) },
  { name: 'WeakSet', make: () => new WeakSet([{}]) },
  // Dates, RegExps
  { name: 'Date', make: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) },
  { name: 'Date with property', make: () => Object.assign(new Date(0), { note: 'x' }) },
  { name: 'Date subclass', make: () => new (class MyDate extends Date {})(0) },
  { name: 'null prototype Date', make: () => Object.setPrototypeOf(new Date(0), null) },
  { name: 'RegExp', make: () => /a[b-c]+\/d/gimsuy },
  { name: 'RegExp with property', make: () => Object.assign(/x/, { extra: 1 }) },
  { name: 'RegExp subclass', make: () => new (class MyRe extends RegExp {})('x', 'g') },
  {
    name: 'RegExp past depth with props',
    make: () => ({ a: { b: { c: Object.assign(/x/, { p: 1 }) } } }),
  },
  // Functions and classes
  { name: 'named function', make: () => function named() {} },
  { name: 'anonymous function', make: () => [() => {}][0] },
  {
    name: 'arrow function',
    make: () => {
      const arrow = () => 1;
      return arrow;
    },
  },
  { name: 'async function', make: () => async function af() {} },
  {
    name: 'async arrow',
    make: () => {
      const aa = async () => 1;
      return aa;
    },
  },
  { name: 'generator function', make: () => function* gen() {} },
  { name: 'async generator function', make: () => async function* agen() {} },
  { name: 'method', make: () => ({ m() {} }).m },
  { name: 'bound function', make: () => function orig() {}.bind(null) },
  { name: 'class', make: () => Foo },
  { name: 'class extends', make: () => Bar },
  { name: 'anonymous class', make: () => [class {}][0] },
  {
    name: 'class extends null',
    make: () => class N extends (null as unknown as ObjectConstructor) {},
  },
  {
    name: 'class with static prop',
    make: () =>
      // biome-ignore lint/complexity/noStaticOnlyClass: a class is the value under test.
      class S {
        static x = 1;
      },
  },
  { name: 'function with props', make: () => Object.assign(function f() {}, { a: 1, b: 'x' }) },
  {
    name: 'function showHidden',
    make: () => function shown(_a: number) {},
    options: { showHidden: true },
  },
  { name: 'built-in function', make: () => Math.max },
  { name: 'null-prototype function', make: () => Object.setPrototypeOf(function np() {}, null) },
  {
    name: 'function with toStringTag',
    make: () => Object.assign(function t() {}, { [Symbol.toStringTag]: 'T' }),
  },
  { name: 'class with comment', make: () => class /* c */ Commented {} },
  // Errors
  { name: 'Error', make: () => new Error('boom') },
  { name: 'TypeError', make: () => new TypeError('bad type') },
  {
    name: 'Error without stack',
    make: () => {
      const e = new Error('no stack');
      e.stack = undefined;
      return e;
    },
  },
  { name: 'Error with empty message', make: () => new Error() },
  {
    name: 'Error with extra props',
    make: () => Object.assign(new Error('extra'), { code: 'E_CODE', info: { a: 1 } }),
  },
  { name: 'Error with cause', make: () => new Error('outer', { cause: new Error('inner') }) },
  {
    name: 'Error with primitive cause',
    make: () => new Error('outer', { cause: 'just a string' }),
  },
  {
    name: 'AggregateError',
    make: () => new AggregateError([new Error('a'), new TypeError('b')], 'many'),
  },
  { name: 'Error subclass', make: () => new MyError('mine') },
  { name: 'Error subclass with name', make: () => new NamedError('named') },
  {
    name: 'Error with changed name',
    make: () => {
      const e = new Error('renamed');
      e.name = 'Custom';
      return e;
    },
  },
  {
    name: 'Error with name prop not in stack',
    make: () => Object.assign(new Error('x'), { name: 'Later' }),
  },
  {
    name: 'Error nested in object',
    make: () => ({ error: new Error('nested'), list: [new RangeError('r')] }),
  },
  {
    name: 'Error with custom stack',
    make: () => {
      const e = new Error('m');
      e.stack = 'custom stack text';
      return e;
    },
  },
  { name: 'Error with multiline message', make: () => new Error('line1\nline2') },
  { name: 'null-prototype Error', make: () => Object.setPrototypeOf(new TypeError('np'), null) },
  {
    name: 'Error with non-string stack',
    make: () => {
      const e = new Error('s');
      (e as unknown as { stack: unknown }).stack = { custom: true };
      return e;
    },
  },
  { name: 'Error in Map', make: () => new Map([['e', new Error('in map')]]) },
  { name: 'Error showHidden', make: () => new Error('hidden'), options: { showHidden: true } },
  // Boxed primitives
  { name: 'Number object', make: () => new Number(3) },
  { name: 'String object', make: () => new String('abc') },
  { name: 'Boolean object', make: () => new Boolean(false) },
  { name: 'BigInt object', make: () => Object(5n) },
  { name: 'Symbol object', make: () => Object(Symbol('boxed')) },
  { name: 'String object with prop', make: () => Object.assign(new String('ab'), { extra: 1 }) },
  { name: 'String object showHidden', make: () => new String('ab'), options: { showHidden: true } },
  { name: 'Number object subclass', make: () => new (class MyNum extends Number {})(4) },
  { name: 'negative zero boxed', make: () => new Number(-0) },
  // Typed arrays and buffers
  { name: 'Uint8Array', make: () => new Uint8Array([1, 2, 3]) },
  { name: 'empty Uint8Array', make: () => new Uint8Array(0) },
  { name: 'Float64Array', make: () => new Float64Array([1.5, -0, Number.NaN]) },
  { name: 'BigInt64Array', make: () => new BigInt64Array([1n, -2n]) },
  { name: 'large Int16Array', make: () => Int16Array.from(numbers(130), (n) => n * 37 - 2000) },
  { name: 'typed array with prop', make: () => Object.assign(new Uint8Array(2), { p: 1 }) },
  {
    name: 'typed array showHidden',
    make: () => new Uint8Array([1, 2]),
    options: { showHidden: true },
  },
  {
    name: 'null-prototype typed array',
    make: () => Object.setPrototypeOf(new Int8Array([1, -1]), null),
  },
  { name: 'ArrayBuffer', make: () => new Uint8Array([0, 1, 0xab, 255]).buffer },
  { name: 'empty ArrayBuffer', make: () => new ArrayBuffer(0) },
  { name: 'large ArrayBuffer', make: () => new ArrayBuffer(150) },
  {
    name: 'detached ArrayBuffer',
    make: () => {
      const b = new ArrayBuffer(8);
      structuredClone(b, { transfer: [b] });
      return b;
    },
  },
  { name: 'SharedArrayBuffer', make: () => new SharedArrayBuffer(2) },
  { name: 'DataView', make: () => new DataView(new ArrayBuffer(4), 1, 2) },
  {
    name: 'DataView of detached buffer',
    make: () => {
      const b = new ArrayBuffer(8);
      const v = new DataView(b);
      structuredClone(b, { transfer: [b] });
      return v;
    },
  },
  { name: 'Uint8ClampedArray', make: () => new Uint8ClampedArray([300, -5]) },
  { name: 'Object.create(Map.prototype)', make: () => Object.create(Map.prototype) },
  // Iterators, generators, misc built-ins
  { name: 'array iterator', make: () => [1, 2][Symbol.iterator]() },
  { name: 'generator object', make: () => (function* g() {})() },
  { name: 'Math', make: () => Math },
  { name: 'JSON', make: () => JSON },
  { name: 'Reflect', make: () => Reflect },
  { name: 'Intl.NumberFormat', make: () => new Intl.NumberFormat('en') },
  { name: 'WeakRef', make: () => new WeakRef({}) },
  { name: 'globalThis-like object', make: () => ({ Array, Object, Map }) },
  { name: 'Object.prototype', make: () => Object.prototype },
  { name: 'Array.prototype', make: () => Array.prototype },
  { name: 'Function.prototype', make: () => Function.prototype },
  { name: 'Map.prototype', make: () => Map.prototype },
  { name: 'RegExp.prototype', make: () => RegExp.prototype },
  { name: 'Error.prototype', make: () => Error.prototype },
  { name: 'Foo.prototype', make: () => Foo.prototype },
  { name: 'frozen object', make: () => Object.freeze({ a: 1 }) },
  // Custom inspect
  {
    name: 'custom inspect string',
    make: () => ({ [Symbol.for('nodejs.util.inspect.custom')]: () => 'CUSTOM' }),
  },
  {
    name: 'custom inspect multi-line nested',
    make: () => ({ inner: { [Symbol.for('nodejs.util.inspect.custom')]: () => 'line1\nline2' } }),
  },
  {
    name: 'custom inspect returns object',
    make: () => ({ [Symbol.for('nodejs.util.inspect.custom')]: () => ({ replaced: [1, 2] }) }),
  },
  {
    name: 'custom inspect returns this',
    make: () => {
      const o = {
        a: 1,
        [Symbol.for('nodejs.util.inspect.custom')]() {
          return this;
        },
      };
      return o;
    },
  },
  {
    name: 'custom inspect uses depth, options and inspect',
    make: () => ({
      nested: {
        [Symbol.for('nodejs.util.inspect.custom')](
          depth: number,
          options: { stylize: (s: string, t: string) => string; depth: number },
          inspect: (v: unknown, o: unknown) => string,
        ) {
          return `Custom<${depth},${options.depth},${options.stylize('s', 'string')},${inspect({ x: [1] }, options)}>`;
        },
      },
    }),
  },
  {
    name: 'customInspect false',
    make: () => ({ a: 1, [Symbol.for('nodejs.util.inspect.custom')]: () => 'hidden' }),
    options: { customInspect: false },
  },
  {
    name: 'custom inspect in class prototype',
    make: () =>
      new (class Point {
        x = 1;
        [Symbol.for('nodejs.util.inspect.custom')]() {
          return `Point(${this.x})`;
        }
      })(),
  },
  // Colors
  {
    name: 'colors: object',
    make: () => ({
      n: 1,
      s: 'str',
      b: true,
      u: undefined,
      nl: null,
      sym: Symbol('c'),
      big: 1n,
      d: new Date(0),
      r: /x/,
      f() {},
    }),
    options: { colors: true },
  },
  { name: 'colors: grouped numbers', make: () => numbers(30, 3), options: { colors: true } },
  {
    name: 'colors: boxed and nested',
    make: () => [new Number(1), new String('s'), [[[[1]]]], new Map([[1, { a: 1 }]])],
    options: { colors: true },
  },
  {
    name: 'colors: sparse and circular',
    make: () => {
      // biome-ignore lint/suspicious/noSparseArray: holes are the point.
      const a: unknown[] = [1, , 3];
      a.push(a);
      return a;
    },
    options: { colors: true },
  },
  // Mixed nesting
  {
    name: 'realistic record',
    make: () => ({
      id: 17,
      user: { name: 'Ada', email: 'ada@example.com', roles: ['admin', 'dev'] },
      created: new Date(Date.UTC(2020, 5, 1)),
      tags: new Set(['a', 'b']),
      meta: new Map([['k', { deep: { deeper: { deepest: 1 } } }]]),
      scores: numbers(12, 7),
    }),
  },
  {
    name: 'array of arrays',
    make: () => numbers(5).map((n) => numbers(n + 1)),
  },
  {
    name: 'matrix of numbers',
    make: () => numbers(8).map((r) => numbers(8).map((c) => r * c)),
  },
  { name: 'array containing long strings', make: () => ['a'.repeat(50), 'b'.repeat(50), 'c'] },
  {
    name: 'object with multiline string value',
    make: () => ({ text: 'first line\nsecond line\nthird line that is long enough to split' }),
  },
  { name: 'string in deep object', make: () => ({ a: { b: { c: 'z'.repeat(90) } } }) },
  {
    name: 'nested empty things',
    make: () => ({ a: [], b: {}, c: new Map(), d: new Set(), e: '' }),
  },
  { name: 'array with undefined and null', make: () => [undefined, null, Number.NaN, -0, 0] },
];
