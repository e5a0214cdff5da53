/**
 * The ECMAScript intrinsics the sandbox globals rely on, captured when this module is evaluated
 * (before any user code runs in the realm). Methods are "uncurried" (`fn(receiver, ...args)`), so
 * user code that later replaces `Array.prototype.push`, `Promise.prototype.then`, `Uint8Array`,
 * `Symbol.iterator` methods and so on cannot redirect the internals of TextDecoder, URL, timers...
 *
 * Rules for code in this folder: no `for...of` or spread over arrays (they use the replaceable
 * `%ArrayIteratorPrototype%.next`), no method calls on built-in prototypes, no global constructor
 * lookups at call time (`new Uint8Array` reads the global binding): use what this file exports.
 * Element access on arrays and typed arrays is safe.
 *
 * The bundle must be evaluated in the realm it installs into, before any user code.
 */

const { bind, call } = Function.prototype;
/** `uncurryThis(Array.prototype.push)(array, item)`: immune to later prototype changes. */
const uncurryThis = bind.bind(call) as <T, A extends unknown[], R>(
  fn: (this: T, ...args: A) => R,
) => (self: T, ...args: A) => R;

function getter<T, R>(prototype: object, name: PropertyKey): (self: T) => R {
  const descriptor = Reflect.getOwnPropertyDescriptor(prototype, name);
  if (descriptor?.get === undefined)
    throw new TypeError(`Missing intrinsic getter ${String(name)}`);
  return uncurryThis(descriptor.get as (this: T) => R);
}

export { uncurryThis };

// Object, Reflect, Function
export const ObjectCtor = Object;
export const ObjectPrototype = Object.prototype;
export const ObjectCreate = Object.create;
export const ObjectKeys = Object.keys;
export const ObjectDefineProperty = Object.defineProperty;
export const ObjectDefineProperties = Object.defineProperties;
export const ObjectFreeze = Object.freeze;
export const ObjectGetPrototypeOf = Object.getPrototypeOf;
export const ObjectSetPrototypeOf = Object.setPrototypeOf;
export const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
export const ObjectIs = Object.is;
export const ObjectPrototypeToString = uncurryThis(Object.prototype.toString);
export const ObjectPrototypeHasOwnProperty = uncurryThis(Object.prototype.hasOwnProperty);
export const ObjectPrototypePropertyIsEnumerable = uncurryThis(
  Object.prototype.propertyIsEnumerable,
);
export const ReflectApply = Reflect.apply;
export const ReflectConstruct = Reflect.construct;
export const ReflectOwnKeys = Reflect.ownKeys;
export const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
export const FunctionPrototypeToString = uncurryThis(Function.prototype.toString);

// Errors
export const ErrorCtor = Error;
export const TypeErrorCtor = TypeError;
export const RangeErrorCtor = RangeError;
export const EvalErrorCtor = EvalError;
export const ReferenceErrorCtor = ReferenceError;
export const SyntaxErrorCtor = SyntaxError;
export const URIErrorCtor = URIError;
export const ErrorPrototype = Error.prototype;
/** V8's `Error.captureStackTrace`, when present. */
export const ErrorCaptureStackTrace = (Error as { captureStackTrace?: unknown })
  .captureStackTrace as ((target: object, constructorOpt?: unknown) => void) | undefined;

// Arrays
export const ArrayIsArray = Array.isArray;
export const ArrayPrototypePush = uncurryThis(Array.prototype.push) as <T>(
  array: T[],
  ...items: T[]
) => number;
export const ArrayPrototypeSplice = uncurryThis(Array.prototype.splice) as <T>(
  array: T[],
  start: number,
  deleteCount?: number,
  ...items: T[]
) => T[];
export const ArrayPrototypeSort = uncurryThis(Array.prototype.sort) as <T>(
  array: T[],
  compare: (a: T, b: T) => number,
) => T[];
/** %IteratorPrototype%, the prototype of built-in iterators' prototypes. */
export const IteratorPrototype = Object.getPrototypeOf(
  Object.getPrototypeOf([][Symbol.iterator]()),
) as object;
export const ArrayPrototypeJoin = uncurryThis(Array.prototype.join) as (
  array: readonly unknown[],
  separator?: string,
) => string;

// Strings and numbers
export const StringCtor = String;
export const StringFromCharCode = String.fromCharCode;
export const StringFromCodePoint = String.fromCodePoint;
export const StringPrototypeCharCodeAt = uncurryThis(String.prototype.charCodeAt);
export const StringPrototypeCodePointAt = uncurryThis(String.prototype.codePointAt);
export const StringPrototypeSlice = uncurryThis(String.prototype.slice);
export const StringPrototypeIndexOf = uncurryThis(String.prototype.indexOf);
export const StringPrototypeToLowerCase = uncurryThis(String.prototype.toLowerCase);
export const StringPrototypeToUpperCase = uncurryThis(String.prototype.toUpperCase);
export const StringPrototypeNormalize = uncurryThis(String.prototype.normalize);
export const StringPrototypeValueOf = uncurryThis(String.prototype.valueOf);
const toWellFormed = (String.prototype as { toWellFormed?: (this: string) => string }).toWellFormed;
/** Replaces lone surrogates with U+FFFD (WebIDL USVString conversion). */
export const StringPrototypeToWellFormed: (value: string) => string = toWellFormed
  ? uncurryThis(toWellFormed)
  : (value) => {
      let out = '';
      for (let i = 0; i < value.length; i++) {
        const c = StringPrototypeCharCodeAt(value, i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
          const d = StringPrototypeCharCodeAt(value, i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            out += StringFromCharCode(c, d);
            i++;
            continue;
          }
        }
        out += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : StringFromCharCode(c);
      }
      return out;
    };
export const JSONStringify = JSON.stringify;
export const NumberCtor = Number;
export const NumberIsNaN = Number.isNaN;
export const NumberIsInteger = Number.isInteger;
export const NumberPrototypeToString = uncurryThis(Number.prototype.toString);
export const NumberPrototypeValueOf = uncurryThis(Number.prototype.valueOf);
export const BooleanPrototypeValueOf = uncurryThis(Boolean.prototype.valueOf);
export const BigIntPrototypeValueOf = uncurryThis(BigInt.prototype.valueOf);
export const SymbolPrototypeToString = uncurryThis(Symbol.prototype.toString);
export const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;
export const SymbolToStringTag: typeof Symbol.toStringTag = Symbol.toStringTag;
export const MathFloor = Math.floor;
export const MathMin = Math.min;
export const MathMax = Math.max;
export const MathTrunc = Math.trunc;
export const MathCeil = Math.ceil;

// Date and RegExp
export const DateCtor = Date;
export const DatePrototypeGetTime = uncurryThis(Date.prototype.getTime);
export const RegExpCtor = RegExp;
export const RegExpPrototypeExec = uncurryThis(RegExp.prototype.exec);
export const RegExpPrototypeGetSource = getter<RegExp, string>(RegExp.prototype, 'source');
export const RegExpPrototypeGetFlags = getter<RegExp, string>(RegExp.prototype, 'flags');

// Collections
export const MapCtor = Map;
export const MapPrototypeGet = uncurryThis(Map.prototype.get) as <K, V>(
  map: Map<K, V>,
  key: K,
) => V | undefined;
export const MapPrototypeSet = uncurryThis(Map.prototype.set) as <K, V>(
  map: Map<K, V>,
  key: K,
  value: V,
) => Map<K, V>;
export const MapPrototypeHas = uncurryThis(Map.prototype.has) as <K>(
  map: Map<K, unknown>,
  key: K,
) => boolean;
export const MapPrototypeDelete = uncurryThis(Map.prototype.delete) as <K>(
  map: Map<K, unknown>,
  key: K,
) => boolean;
export const MapPrototypeForEach = uncurryThis(Map.prototype.forEach) as <K, V>(
  map: Map<K, V>,
  callback: (value: V, key: K) => void,
) => void;
export const MapPrototypeGetSize = getter<Map<unknown, unknown>, number>(Map.prototype, 'size');
export const SetCtor = Set;
export const SetPrototypeAdd = uncurryThis(Set.prototype.add) as <T>(
  set: Set<T>,
  value: T,
) => Set<T>;
export const SetPrototypeHas = uncurryThis(Set.prototype.has) as <T>(
  set: Set<T>,
  value: T,
) => boolean;
export const SetPrototypeForEach = uncurryThis(Set.prototype.forEach) as <T>(
  set: Set<T>,
  callback: (value: T) => void,
) => void;
export const SetPrototypeGetSize = getter<Set<unknown>, number>(Set.prototype, 'size');
export const WeakMapCtor = WeakMap;
export const WeakMapPrototypeGet = uncurryThis(WeakMap.prototype.get) as <K extends object, V>(
  map: WeakMap<K, V>,
  key: K,
) => V | undefined;
export const WeakMapPrototypeSet = uncurryThis(WeakMap.prototype.set) as <K extends object, V>(
  map: WeakMap<K, V>,
  key: K,
  value: V,
) => WeakMap<K, V>;

// Binary data
export const ArrayBufferCtor = ArrayBuffer;
export const ArrayBufferIsView = ArrayBuffer.isView;
export const ArrayBufferPrototypeGetByteLength = getter<ArrayBuffer, number>(
  ArrayBuffer.prototype,
  'byteLength',
);
export const ArrayBufferPrototypeSlice = uncurryThis(ArrayBuffer.prototype.slice);
const arrayBufferPrototype = ArrayBuffer.prototype as unknown as Record<string, unknown>;
const hasResizable =
  ReflectGetOwnPropertyDescriptor(arrayBufferPrototype, 'resizable') !== undefined;
/** True for a resizable ArrayBuffer (false where the engine has none). */
export const ArrayBufferPrototypeGetResizable: (buffer: ArrayBuffer) => boolean = hasResizable
  ? getter(arrayBufferPrototype, 'resizable')
  : () => false;
export const ArrayBufferPrototypeGetMaxByteLength: (buffer: ArrayBuffer) => number = hasResizable
  ? getter(arrayBufferPrototype, 'maxByteLength')
  : ArrayBufferPrototypeGetByteLength;
const hasDetached = ReflectGetOwnPropertyDescriptor(arrayBufferPrototype, 'detached') !== undefined;
export const ArrayBufferPrototypeGetDetached: (buffer: ArrayBuffer) => boolean = hasDetached
  ? getter(arrayBufferPrototype, 'detached')
  : () => false;
const transfer = arrayBufferPrototype.transfer as ((this: ArrayBuffer) => ArrayBuffer) | undefined;
/** Detaches `buffer` and returns a new buffer with its contents (undefined: engine lacks it). */
export const ArrayBufferPrototypeTransfer = transfer ? uncurryThis(transfer) : undefined;
export const SharedArrayBufferCtor = (
  globalThis as { SharedArrayBuffer?: SharedArrayBufferConstructor }
).SharedArrayBuffer;
export const SharedArrayBufferPrototypeGetByteLength = SharedArrayBufferCtor
  ? getter<SharedArrayBuffer, number>(SharedArrayBufferCtor.prototype, 'byteLength')
  : undefined;
export const DataViewCtor = DataView;
export const DataViewPrototypeGetBuffer = getter<DataView, ArrayBufferLike>(
  DataView.prototype,
  'buffer',
);
export const DataViewPrototypeGetByteOffset = getter<DataView, number>(
  DataView.prototype,
  'byteOffset',
);
export const DataViewPrototypeGetByteLength = getter<DataView, number>(
  DataView.prototype,
  'byteLength',
);
export const Uint8ArrayCtor = Uint8Array;
export const Uint16ArrayCtor = Uint16Array;
export const Uint32ArrayCtor = Uint32Array;
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype) as object;

export { TypedArrayPrototype };
/** The typed array's kind (`'Uint8Array'`...), or undefined for anything else. Never throws. */
export const TypedArrayPrototypeGetSymbolToStringTag = getter<unknown, string | undefined>(
  TypedArrayPrototype,
  Symbol.toStringTag,
);
export const TypedArrayPrototypeGetBuffer = getter<ArrayBufferView, ArrayBufferLike>(
  TypedArrayPrototype,
  'buffer',
);
export const TypedArrayPrototypeGetByteOffset = getter<ArrayBufferView, number>(
  TypedArrayPrototype,
  'byteOffset',
);
export const TypedArrayPrototypeGetByteLength = getter<ArrayBufferView, number>(
  TypedArrayPrototype,
  'byteLength',
);
export const TypedArrayPrototypeGetLength = getter<ArrayBufferView, number>(
  TypedArrayPrototype,
  'length',
);
export const TypedArrayPrototypeSet = uncurryThis(
  (
    TypedArrayPrototype as {
      set: (this: Uint8Array, source: ArrayLike<number>, offset?: number) => void;
    }
  ).set,
) as (target: Uint8Array | Uint16Array, source: ArrayLike<number>, offset?: number) => void;
export const TypedArrayPrototypeSubarray = uncurryThis(Uint8Array.prototype.subarray) as (
  array: Uint8Array,
  begin?: number,
  end?: number,
) => Uint8Array;
export const TypedArrayPrototypeSlice = uncurryThis(Uint8Array.prototype.slice) as (
  array: Uint8Array,
  begin?: number,
  end?: number,
) => Uint8Array;
export const TypedArrayPrototypeFill = uncurryThis(Uint8Array.prototype.fill) as (
  array: Uint8Array | Uint32Array,
  value: number,
  start?: number,
  end?: number,
) => Uint8Array;
/** The constructors of the typed array kinds, by name (those the engine has). */
export const TypedArrayConstructors: Record<string, new (...args: never[]) => ArrayBufferView> = {
  __proto__: null,
} as unknown as Record<string, new (...args: never[]) => ArrayBufferView>;
{
  const names = [
    'Int8Array',
    'Uint8Array',
    'Uint8ClampedArray',
    'Int16Array',
    'Uint16Array',
    'Int32Array',
    'Uint32Array',
    'Float16Array',
    'Float32Array',
    'Float64Array',
    'BigInt64Array',
    'BigUint64Array',
  ];
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const ctor = (globalThis as Record<string, unknown>)[name];
    if (typeof ctor === 'function') {
      TypedArrayConstructors[name] = ctor as new (...args: never[]) => ArrayBufferView;
    }
  }
}

// Promises
export const PromiseCtor = Promise;
export const PromisePrototypeThen = uncurryThis(Promise.prototype.then) as <T, R>(
  promise: Promise<T>,
  onFulfilled?: (value: T) => R,
  onRejected?: (reason: unknown) => R,
) => Promise<R>;
const promiseResolve = Promise.resolve;
export const PromiseResolve = <T>(value: T): Promise<T> =>
  ReflectApply(promiseResolve, PromiseCtor, [value]) as Promise<T>;

/**
 * An array with a null prototype: growing it (`list[list.length] = x`, `ArrayPrototypePush`)
 * cannot hit accessors that user code defines on `Array.prototype` or `Object.prototype`.
 */
export function createList<T>(): T[] {
  return ObjectSetPrototypeOf([], null) as T[];
}

/** A null-prototype record literal helper: `nullRecord<T>()` is `{ __proto__: null }` typed. */
export function nullRecord<T extends object>(): T {
  return ObjectCreate(null) as T;
}
