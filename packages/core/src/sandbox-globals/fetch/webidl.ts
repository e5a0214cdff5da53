/**
 * WebIDL conversions and errors shared by the fetch classes, worded as undici (Node's fetch)
 * words them, so sandboxed code that matches on messages behaves as under Node.
 */
import {
  createList,
  ObjectCreate,
  ObjectDefineProperty,
  ReflectApply,
  StringPrototypeCharCodeAt,
  TypeErrorCtor,
} from '../primordials';
import { toUSVString } from '../url/url-search-params';

export { toUSVString };

/**
 * Defines an own data property (writable, configurable) through a null-prototype descriptor:
 * `get`/`set`/`value` accessors that user code puts on `Object.prototype` are never consulted.
 */
export function defineData(
  target: object,
  key: PropertyKey,
  value: unknown,
  enumerable: boolean,
): void {
  const descriptor = ObjectCreate(null) as PropertyDescriptor;
  descriptor.value = value;
  descriptor.writable = true;
  descriptor.enumerable = enumerable;
  descriptor.configurable = true;
  ObjectDefineProperty(target, key, descriptor);
}

/** `TypeError: <prefix>: <message>` (undici's `webidl.errors.exception`). */
export function webidlError(prefix: string, message: string): TypeError {
  return new TypeErrorCtor(`${prefix}: ${message}`);
}

/**
 * A TypeError shaped like Node's internal errors (an own `code`; with `codeInStack`, a stack
 * headed `TypeError [CODE]: message`), built through null-prototype descriptors only (see
 * `defineData`).
 */
export function codedTypeError(code: string, message: string, codeInStack = true): TypeError {
  const error = new TypeErrorCtor(message);
  defineData(error, 'code', code, true);
  if (!codeInStack) return error;
  // V8 formats `stack` on first access: format it now under Node's `Name [CODE]` header.
  defineData(error, 'name', `TypeError [${code}]`, false);
  try {
    void error.stack;
  } catch {
    // A user-installed Error.prepareStackTrace threw: keep the error without the header.
  }
  delete (error as { name?: string }).name;
  return error;
}

/** Node's `ERR_INVALID_URL` (the cause of undici's "Failed to parse URL from ..."). */
export function invalidUrlError(input: string): Error {
  const error = codedTypeError('ERR_INVALID_URL', 'Invalid URL', false);
  defineData(error, 'input', input, true);
  return error;
}

/** A method called on an object that is not of its class (undici's brand check). */
export function illegalInvocation(): Error {
  return codedTypeError('ERR_INVALID_THIS', 'Illegal invocation', false);
}

/** Throws `<prefix>: 2 arguments required, but only 1 found.` when too few were passed. */
export function requireArguments(count: number, min: number, prefix: string): void {
  if (count < min) {
    throw webidlError(
      prefix,
      `${min} argument${min !== 1 ? 's' : ''} required, but${count ? ' only' : ''} ${count} found.`,
    );
  }
}

/** True for objects and functions (WebIDL's "Type(V) is Object"). */
export function isObject(value: unknown): value is object {
  return value !== null && (typeof value === 'object' || typeof value === 'function');
}

/** WebIDL DOMString: `String(value)`, with undici's message for symbols. */
export function toDOMStringChecked(value: unknown, prefix: string, argument: string): string {
  if (typeof value === 'symbol') {
    throw webidlError(prefix, `${argument} is a symbol, which cannot be converted to a DOMString.`);
  }
  return typeof value === 'string' ? value : `${value as string}`;
}

/** WebIDL ByteString: `String(value)`, refusing any character above U+00FF. */
export function toByteString(value: unknown, prefix: string, argument: string): string {
  if (typeof value === 'symbol') {
    throw webidlError(
      prefix,
      `${argument} is a symbol, which cannot be converted to a ByteString.`,
    );
  }
  const text = typeof value === 'string' ? value : `${value as string}`;
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (c > 255) {
      throw new TypeErrorCtor(
        `Cannot convert argument to a ByteString because the character at index ${i} has a value of ${c} which is greater than 255.`,
      );
    }
  }
  return text;
}

/** Checks a WebIDL enum value, with undici's message. */
export function requireEnumValue(
  value: string,
  allowed: readonly string[],
  prefix: string,
): string {
  for (let i = 0; i < allowed.length; i++) if (allowed[i] === value) return value;
  let list = '';
  for (let i = 0; i < allowed.length; i++) list += i === 0 ? allowed[i] : `, ${allowed[i]}`;
  throw webidlError(prefix, `${value} is not an accepted type. Expected one of ${list}.`);
}

/**
 * Runs `each` for every item of a user iterable, calling its own `@@iterator` and `next` (WebIDL
 * sequence conversion). `method` is the value of `iterable[Symbol.iterator]`, already read.
 */
export function iterateSequence(
  iterable: object,
  method: unknown,
  each: (item: unknown, index: number) => void,
  notIterable: () => Error,
): void {
  if (typeof method !== 'function') throw notIterable();
  const iterator = ReflectApply(method, iterable, []) as Iterator<unknown>;
  if (!isObject(iterator)) throw notIterable();
  const next = (iterator as { next?: unknown }).next;
  if (typeof next !== 'function') throw notIterable();
  for (let index = 0; ; index++) {
    const step = ReflectApply(next, iterator, []) as IteratorResult<unknown>;
    if (!isObject(step)) throw new TypeErrorCtor('Iterator result is not an object');
    if (step.done) return;
    each(step.value, index);
  }
}

/**
 * A real array (with `Array.prototype`, as user code expects) holding `items`, filled with
 * `defineData`: index setters that user code puts on `Array.prototype` are never called.
 */
export function toUserArray<T>(items: readonly T[]): T[] {
  const array: T[] = [];
  for (let i = 0; i < items.length; i++) {
    defineData(array, i, items[i], true);
  }
  return array;
}

/** Appends to a null-prototype list (see `createList`). */
export function listPush<T>(list: T[], item: T): void {
  list[list.length] = item;
}

export { createList };
