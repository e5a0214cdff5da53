/**
 * Built-ins captured when the module loads (before any user code runs in the isolate), like
 * Node's `primordials`: user code that later patches `Array.prototype.join`, `String.prototype.slice`,
 * `Map.prototype.get`, ... cannot break or hijack the formatter. Calls go through `uncurryThis`,
 * which binds `Function.prototype.call` once, so a later patch of `call` has no effect either.
 *
 * Deliberately absent: `String.prototype.split/replace/replaceAll` and `RegExp.prototype[Symbol.replace]`
 * (they look up patchable `Symbol.split`/`Symbol.replace`/`exec` at call time); the formatter uses
 * index loops instead (see `string-utils.ts`).
 */

// biome-ignore lint/suspicious/noExplicitAny: this module adapts arbitrary built-in signatures.
type AnyFunction = (...args: any[]) => any;
// biome-ignore lint/suspicious/noExplicitAny: values the formatter walks are untyped by nature.
export type Loose = any;

const { bind, call } = Function.prototype;
const uncurryThis: <T extends AnyFunction>(
  fn: T,
) => (self: unknown, ...args: Parameters<T>) => ReturnType<T> = bind.bind(call) as never;

const getter = (proto: object, key: PropertyKey): ((self: unknown) => Loose) => {
  const descriptor = Reflect.getOwnPropertyDescriptor(proto, key);
  return uncurryThis((descriptor?.get ?? (() => undefined)) as AnyFunction);
};

export const ReflectApply = Reflect.apply;
export const ReflectOwnKeys = Reflect.ownKeys;

export const ObjectKeys = Object.keys;
export const ObjectGetOwnPropertyNames = Object.getOwnPropertyNames;
export const ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols;
export const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor as (
  object: unknown,
  key: PropertyKey,
) => PropertyDescriptor | undefined;
export const ObjectGetPrototypeOf = Object.getPrototypeOf as (object: unknown) => Loose;
export const ObjectSetPrototypeOf = Object.setPrototypeOf;
export const ObjectDefineProperty = Object.defineProperty;
export const ObjectIs = Object.is;
export const ObjectIsExtensible = Object.isExtensible;
export const ObjectCtor = Object;
export const ObjectPrototype = Object.prototype;
export const ObjectPrototypeHasOwnProperty = uncurryThis(Object.prototype.hasOwnProperty) as (
  object: unknown,
  key: PropertyKey,
) => boolean;
export const ObjectPrototypePropertyIsEnumerable = uncurryThis(
  Object.prototype.propertyIsEnumerable,
) as (object: unknown, key: PropertyKey) => boolean;
export const ObjectPrototypeToString = uncurryThis(Object.prototype.toString) as (
  object: unknown,
) => string;

export const FunctionPrototype = Function.prototype;
export const FunctionPrototypeToString = uncurryThis(Function.prototype.toString) as (
  fn: unknown,
) => string;
export const FunctionPrototypeCall = uncurryThis(call) as (
  fn: unknown,
  self: unknown,
  ...args: unknown[]
) => Loose;
export const FunctionPrototypeSymbolHasInstance = uncurryThis(
  Function.prototype[Symbol.hasInstance],
) as (ctorName: unknown, value: unknown) => boolean;

export const ArrayIsArray = Array.isArray;
export const ArrayPrototype = Array.prototype;
export const ArrayPrototypePush = uncurryThis(Array.prototype.push) as <T>(
  array: T[],
  ...items: T[]
) => number;
export const ArrayPrototypePop = uncurryThis(Array.prototype.pop) as <T>(
  array: T[],
) => T | undefined;
export const ArrayPrototypeSort = uncurryThis(Array.prototype.sort) as <T>(
  array: T[],
  comparator?: (a: T, b: T) => number,
) => T[];
export const ArrayPrototypeSplice = uncurryThis(Array.prototype.splice) as <T>(
  array: T[],
  start: number,
  deleteCount: number,
  ...items: T[]
) => T[];
export const ArrayPrototypeSlice = uncurryThis(Array.prototype.slice) as <T>(
  array: T[],
  start?: number,
  end?: number,
) => T[];
export const ArrayPrototypeIndexOf = uncurryThis(Array.prototype.indexOf) as <T>(
  array: T[],
  item: T,
) => number;
export const ArrayPrototypeIncludes = uncurryThis(Array.prototype.includes) as <T>(
  array: T[],
  item: T,
) => boolean;

export const StringPrototypeSlice = uncurryThis(String.prototype.slice) as (
  s: string,
  start?: number,
  end?: number,
) => string;
export const StringPrototypeCharCodeAt = uncurryThis(String.prototype.charCodeAt) as (
  s: string,
  index: number,
) => number;
export const StringPrototypeCodePointAt = uncurryThis(String.prototype.codePointAt) as (
  s: string,
  index: number,
) => number | undefined;
export const StringPrototypeIndexOf = uncurryThis(String.prototype.indexOf) as (
  s: string,
  search: string,
  from?: number,
) => number;
export const StringPrototypeLastIndexOf = uncurryThis(String.prototype.lastIndexOf) as (
  s: string,
  search: string,
) => number;
export const StringPrototypeIncludes = uncurryThis(String.prototype.includes) as (
  s: string,
  search: string,
) => boolean;
export const StringPrototypeStartsWith = uncurryThis(String.prototype.startsWith) as (
  s: string,
  search: string,
) => boolean;
export const StringPrototypeEndsWith = uncurryThis(String.prototype.endsWith) as (
  s: string,
  search: string,
) => boolean;
export const StringPrototypeRepeat = uncurryThis(String.prototype.repeat) as (
  s: string,
  count: number,
) => string;
export const StringPrototypePadStart = uncurryThis(String.prototype.padStart) as (
  s: string,
  length: number,
  fill: string,
) => string;
export const StringPrototypePadEnd = uncurryThis(String.prototype.padEnd) as (
  s: string,
  length: number,
  fill: string,
) => string;
export const StringPrototypeToLowerCase = uncurryThis(String.prototype.toLowerCase) as (
  s: string,
) => string;
export const StringPrototypeNormalize = uncurryThis(String.prototype.normalize) as (
  s: string,
  form: string,
) => string;
export const StringPrototypeValueOf = uncurryThis(String.prototype.valueOf) as (
  s: unknown,
) => string;
export const StringFromCharCode = String.fromCharCode;
export const StringCtor = String;

export const NumberPrototypeValueOf = uncurryThis(Number.prototype.valueOf) as (
  n: unknown,
) => number;
export const NumberPrototypeToString = uncurryThis(Number.prototype.toString) as (
  n: number,
  radix?: number,
) => string;
export const NumberIsNaN = Number.isNaN;
export const NumberIsFinite = Number.isFinite;
export const NumberParseFloat = Number.parseFloat;
export const NumberParseInt = Number.parseInt;
export const NumberCtor = Number;
export const BooleanPrototypeValueOf = uncurryThis(Boolean.prototype.valueOf) as (
  b: unknown,
) => boolean;
export const BigIntPrototypeValueOf = uncurryThis(BigInt.prototype.valueOf) as (
  b: unknown,
) => bigint;
export const SymbolPrototypeValueOf = uncurryThis(Symbol.prototype.valueOf) as (
  s: unknown,
) => symbol;
export const SymbolPrototypeToString = uncurryThis(Symbol.prototype.toString) as (
  s: unknown,
) => string;
export const SymbolFor = Symbol.for;

export const MathFloor = Math.floor;
export const MathMax = Math.max;
export const MathMin = Math.min;
export const MathRound = Math.round;
export const MathSqrt = Math.sqrt;
export const MathTrunc = Math.trunc;

export const MapCtor = Map;
export const MapPrototype = Map.prototype;
export const MapPrototypeGet = uncurryThis(Map.prototype.get) as <K, V>(
  map: Map<K, V>,
  key: K,
) => V | undefined;
export const MapPrototypeHas = uncurryThis(Map.prototype.has) as <K, V>(
  map: Map<K, V>,
  key: K,
) => boolean;
export const MapPrototypeSet = uncurryThis(Map.prototype.set) as <K, V>(
  map: Map<K, V>,
  key: K,
  value: V,
) => Map<K, V>;
export const MapPrototypeGetSize = getter(Map.prototype, 'size') as (map: unknown) => number;
export const MapPrototypeEntries = uncurryThis(Map.prototype.entries) as (
  map: unknown,
) => Iterable<[unknown, unknown]>;
export const SetCtor = Set;
export const SetPrototype = Set.prototype;
export const SetPrototypeHas = uncurryThis(Set.prototype.has) as <T>(
  set: Set<T>,
  value: T,
) => boolean;
export const SetPrototypeAdd = uncurryThis(Set.prototype.add) as <T>(
  set: Set<T>,
  value: T,
) => Set<T>;
export const SetPrototypeGetSize = getter(Set.prototype, 'size') as (set: unknown) => number;
export const SetPrototypeValues = uncurryThis(Set.prototype.values) as (
  set: unknown,
) => Iterable<unknown>;
export const WeakMapCtor = WeakMap;
export const WeakMapPrototype = WeakMap.prototype;
export const WeakMapPrototypeHas = uncurryThis(WeakMap.prototype.has) as (
  map: unknown,
  key: unknown,
) => boolean;
export const WeakMapPrototypeGet = uncurryThis(WeakMap.prototype.get) as (
  map: unknown,
  key: unknown,
) => Loose;
export const WeakMapPrototypeSet = uncurryThis(WeakMap.prototype.set) as (
  map: unknown,
  key: object,
  value: unknown,
) => unknown;
export const WeakSetPrototype = WeakSet.prototype;
export const WeakSetPrototypeHas = uncurryThis(WeakSet.prototype.has) as (
  set: unknown,
  value: unknown,
) => boolean;

export const DatePrototype = Date.prototype;
export const DatePrototypeGetTime = uncurryThis(Date.prototype.getTime) as (d: unknown) => number;
export const DatePrototypeToISOString = uncurryThis(Date.prototype.toISOString) as (
  d: unknown,
) => string;
export const DatePrototypeToString = uncurryThis(Date.prototype.toString) as (d: unknown) => string;

export const RegExpCtor = RegExp;
export const RegExpPrototype = RegExp.prototype;
export const RegExpPrototypeExec = uncurryThis(RegExp.prototype.exec) as (
  re: RegExp,
  s: string,
) => RegExpExecArray | null;
export const RegExpPrototypeToString = uncurryThis(RegExp.prototype.toString) as (
  re: unknown,
) => string;
export const RegExpPrototypeGetSource = getter(RegExp.prototype, 'source') as (
  re: unknown,
) => string;

export const ErrorCtor = Error;
export const ErrorPrototype = Error.prototype;
export const ErrorPrototypeToString = uncurryThis(Error.prototype.toString) as (
  e: unknown,
) => string;
export const ErrorIsError = (Error as unknown as { isError?: (value: unknown) => boolean }).isError;
export const AggregateErrorPrototype = AggregateError.prototype;
export const RangeErrorPrototype = RangeError.prototype;
export const TypeErrorPrototype = TypeError.prototype;
export const TypeErrorCtor = TypeError;

export const PromisePrototype = Promise.prototype;
export const BigIntPrototype = BigInt.prototype;
export const SymbolPrototype = Symbol.prototype;
export const BooleanPrototype = Boolean.prototype;
export const NumberPrototype = Number.prototype;
export const StringPrototype = String.prototype;

export const ArrayBufferPrototype = ArrayBuffer.prototype;
export const ArrayBufferIsView = ArrayBuffer.isView;
export const ArrayBufferPrototypeGetByteLength = getter(ArrayBuffer.prototype, 'byteLength') as (
  buffer: unknown,
) => number;
const SharedArrayBufferCtor = (globalThis as Loose).SharedArrayBuffer as
  | SharedArrayBufferConstructor
  | undefined;
export const SharedArrayBufferPrototype = SharedArrayBufferCtor?.prototype;
export const SharedArrayBufferPrototypeGetByteLength =
  SharedArrayBufferCtor === undefined
    ? undefined
    : (getter(SharedArrayBufferCtor.prototype, 'byteLength') as (buffer: unknown) => number);
export const DataViewPrototype = DataView.prototype;
export const Uint8ArrayCtor = Uint8Array;
export const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype) as object;
export const TypedArrayCtor = ObjectGetPrototypeOf(Uint8Array) as AnyFunction;
export const TypedArrayPrototypeGetLength = getter(TypedArrayPrototype, 'length') as (
  array: unknown,
) => number;
export const TypedArrayPrototypeGetSymbolToStringTag = getter(
  TypedArrayPrototype,
  Symbol.toStringTag,
) as (array: unknown) => string | undefined;

/** Typed array constructors by name, to rebuild a null-prototype typed array (Node's `primordials[name]`). */
export const typedArrayConstructors: Record<string, new (source: Loose) => Loose> = {
  __proto__: null,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as never;
const Float16ArrayCtor = (globalThis as Loose).Float16Array;
if (typeof Float16ArrayCtor === 'function') typedArrayConstructors.Float16Array = Float16ArrayCtor;

export const AsyncFunctionPrototype = ObjectGetPrototypeOf(async () => {}) as object;
export const GeneratorFunctionPrototype = ObjectGetPrototypeOf(function* () {}) as object;
export const AsyncGeneratorFunctionPrototype = ObjectGetPrototypeOf(
  async function* () {},
) as object;
export const MapIteratorPrototype = ObjectGetPrototypeOf(new Map().entries()) as object;
export const SetIteratorPrototype = ObjectGetPrototypeOf(new Set().values()) as object;

export const JSONStringify = JSON.stringify;
export const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;
export const SymbolToStringTag: typeof Symbol.toStringTag = Symbol.toStringTag;
export const SymbolToPrimitive: typeof Symbol.toPrimitive = Symbol.toPrimitive;
