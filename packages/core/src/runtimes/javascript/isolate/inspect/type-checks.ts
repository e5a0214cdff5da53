/**
 * Pure-JavaScript replacements for Node's `internal/util/types` (V8 brand checks). Each check
 * calls a built-in that throws on a receiver without the right internal slot, so none of them
 * runs user code or a Proxy trap, except where noted.
 */
import { getPromiseState } from './host-hooks';
import {
  ArrayBufferIsView,
  ArrayBufferPrototypeGetByteLength,
  ArrayIsArray,
  AsyncFunctionPrototype,
  AsyncGeneratorFunctionPrototype,
  BigIntPrototypeValueOf,
  BooleanPrototypeValueOf,
  DatePrototypeGetTime,
  ErrorCtor,
  ErrorIsError,
  FunctionPrototypeSymbolHasInstance,
  GeneratorFunctionPrototype,
  type Loose,
  MapIteratorPrototype,
  MapPrototypeGetSize,
  NumberPrototypeValueOf,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectIsExtensible,
  ObjectPrototypeToString,
  PromisePrototype,
  RangeErrorPrototype,
  RegExpPrototype,
  RegExpPrototypeGetSource,
  SetIteratorPrototype,
  SetPrototypeGetSize,
  SharedArrayBufferPrototypeGetByteLength,
  StringPrototypeValueOf,
  SymbolPrototypeValueOf,
  SymbolToStringTag,
  TypedArrayPrototypeGetSymbolToStringTag,
  WeakMapPrototypeHas,
  WeakSetPrototypeHas,
} from './primordials';

const probe = {};

/**
 * Runs a throwing brand check. A miss costs a TypeError, and capturing its stack trace is most of
 * that cost, so the trace limit drops to 0 meanwhile (only when it is a plain writable number).
 */
function passes(check: (value: unknown) => unknown, value: unknown): boolean {
  const limit = ObjectGetOwnPropertyDescriptor(ErrorCtor, 'stackTraceLimit');
  const lower = limit !== undefined && limit.writable === true && typeof limit.value === 'number';
  if (lower) (ErrorCtor as Loose).stackTraceLimit = 0;
  try {
    check(value);
    return true;
  } catch {
    return false;
  } finally {
    if (lower) (ErrorCtor as Loose).stackTraceLimit = (limit as PropertyDescriptor).value;
  }
}

export const isMap = (value: unknown): boolean => passes(MapPrototypeGetSize, value);
export const isSet = (value: unknown): boolean => passes(SetPrototypeGetSize, value);
export const isWeakMap = (value: unknown): boolean =>
  passes((v) => WeakMapPrototypeHas(v, probe), value);
export const isWeakSet = (value: unknown): boolean =>
  passes((v) => WeakSetPrototypeHas(v, probe), value);
export const isDate = (value: unknown): boolean => passes(DatePrototypeGetTime, value);
export const isTypedArray = (value: unknown): boolean =>
  TypedArrayPrototypeGetSymbolToStringTag(value) !== undefined;
/** `ArrayBuffer.isView` answers without throwing; typed arrays are the other views. */
export const isDataView = (value: unknown): boolean =>
  ArrayBufferIsView(value) && !isTypedArray(value);
export const isArrayBuffer = (value: unknown): boolean =>
  passes(ArrayBufferPrototypeGetByteLength, value);
export const isSharedArrayBuffer = (value: unknown): boolean =>
  SharedArrayBufferPrototypeGetByteLength !== undefined &&
  passes(SharedArrayBufferPrototypeGetByteLength, value);
export const isAnyArrayBuffer = (value: unknown): boolean =>
  isArrayBuffer(value) || isSharedArrayBuffer(value);

/** The `source` getter throws for anything but a RegExp (and answers for RegExp.prototype). */
export const isRegExp = (value: unknown): boolean =>
  value !== RegExpPrototype && passes(RegExpPrototypeGetSource, value);

export const isNumberObject = (value: unknown): boolean => passes(NumberPrototypeValueOf, value);
export const isStringObject = (value: unknown): boolean => passes(StringPrototypeValueOf, value);
export const isBooleanObject = (value: unknown): boolean => passes(BooleanPrototypeValueOf, value);
export const isBigIntObject = (value: unknown): boolean => passes(BigIntPrototypeValueOf, value);
export const isSymbolObject = (value: unknown): boolean => passes(SymbolPrototypeValueOf, value);
export const isBoxedPrimitive = (value: unknown): boolean =>
  isNumberObject(value) ||
  isStringObject(value) ||
  isBooleanObject(value) ||
  isBigIntObject(value) ||
  isSymbolObject(value);

/**
 * Whether `proto` is on the prototype chain of `value`. Runs `getPrototypeOf` traps of proxies
 * on the chain (callers catch).
 */
function inheritsFrom(value: unknown, proto: object): boolean {
  let current = ObjectGetPrototypeOf(value);
  for (let steps = 0; current !== null && steps < 100_000; steps++) {
    if (current === proto) return true;
    current = ObjectGetPrototypeOf(current);
  }
  return false;
}

/**
 * V8 knows the function kind; JavaScript only sees the prototype the engine gave the function.
 * Differs from Node only for functions whose prototype was replaced.
 */
export const isAsyncFunction = (value: unknown): boolean =>
  inheritsFrom(value, AsyncFunctionPrototype) ||
  inheritsFrom(value, AsyncGeneratorFunctionPrototype);
export const isGeneratorFunction = (value: unknown): boolean =>
  inheritsFrom(value, GeneratorFunctionPrototype) ||
  inheritsFrom(value, AsyncGeneratorFunctionPrototype);

/**
 * No brand check for promises exists without side effects (`then` marks the promise handled),
 * so: what the host inspector recognises, else anything inheriting from `Promise.prototype`.
 */
export const isPromise = (value: object): boolean =>
  getPromiseState(value) !== undefined || inheritsFrom(value, PromisePrototype);

/** Map/Set iterators cannot be brand-checked without consuming them; their prototype decides. */
export const isMapIterator = (value: unknown): boolean =>
  ObjectGetPrototypeOf(value) === MapIteratorPrototype;
export const isSetIterator = (value: unknown): boolean =>
  ObjectGetPrototypeOf(value) === SetIteratorPrototype;

/**
 * `arguments` objects: an own `callee` property plus the built-in tag (which reads
 * `Symbol.toStringTag`, so a throwing getter there means "not arguments", as Node would decide).
 */
export function isArgumentsObject(value: object): boolean {
  if (ObjectGetOwnPropertyDescriptor(value, 'callee') === undefined) return false;
  try {
    return ObjectPrototypeToString(value) === '[object Arguments]';
  } catch {
    return false;
  }
}

/** Module namespace objects: null prototype, non-extensible, own `Symbol.toStringTag` 'Module'. */
export function isModuleNamespaceObject(value: object): boolean {
  if (ObjectGetPrototypeOf(value) !== null || ObjectIsExtensible(value)) return false;
  const tag = ObjectGetOwnPropertyDescriptor(value, SymbolToStringTag);
  return tag !== undefined && tag.value === 'Module' && tag.writable === false && !tag.enumerable;
}

/** Node's `isError`: a native error or anything inheriting from `Error.prototype`. */
export function isError(value: unknown): boolean {
  if (ErrorIsError?.(value)) return true;
  return FunctionPrototypeSymbolHasInstance(ErrorCtor, value);
}

/**
 * V8's own stack overflow error (`RangeError: Maximum call stack size exceeded`). Runs no user
 * code (a Proxy is not a native error), so when a check itself throws, the stack ran out again.
 */
export function isStackOverflowError(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  try {
    if (ErrorIsError !== undefined && !ErrorIsError(err)) return false;
    if (ObjectGetPrototypeOf(err) !== RangeErrorPrototype) return false;
    const message = ObjectGetOwnPropertyDescriptor(err, 'message');
    return message !== undefined && message.value === 'Maximum call stack size exceeded';
  } catch {
    return true;
  }
}

export { ArrayIsArray };
