import { markNotCloneable } from '../builtin-kind';
import { defineToStringTag, makeEnumerable } from '../define-global';
import {
  ReflectGetOwnPropertyDescriptor,
  ReflectOwnKeys,
  SymbolIterator,
  SymbolPrototypeToString,
  TypeErrorCtor,
} from '../primordials';
import { HeaderList, type HeaderPair } from './header-list';
import { isToken, isValidHeaderValue, normalizeHeaderValue } from './header-values';
import { definePairIterable } from './pair-iterator';
import {
  createList,
  illegalInvocation,
  isObject,
  iterateSequence,
  requireArguments,
  toByteString,
  toUserArray,
  webidlError,
} from './webidl';

/**
 * Who may change a `Headers` object. undici enforces only `immutable` (the headers of a fetched
 * response or of `Response.error()`/`Response.redirect()`); it has no forbidden header names,
 * and neither has this sandbox.
 */
export type HeadersGuard = 'none' | 'request' | 'request-no-cors' | 'response' | 'immutable';

const constructionToken = Symbol('Headers');

/** Access to a `Headers` object's internals for Request, Response and fetch (not public API). */
export const headersInternals = {
  create: undefined as unknown as (list: HeaderList, guard: HeadersGuard) => Headers,
  listOf: undefined as unknown as (headers: Headers) => HeaderList,
  guardOf: undefined as unknown as (headers: Headers) => HeadersGuard,
  isHeaders: undefined as unknown as (value: unknown) => value is Headers,
  /** Appends the pairs of a `HeadersInit` (a Headers, a sequence of pairs or a record). */
  fill: undefined as unknown as (headers: Headers, init: unknown) => void,
};

function invalidName(prefix: string, name: string): TypeError {
  return webidlError(prefix, `"${name}" is an invalid header name.`);
}

function invalidValue(prefix: string, value: string): TypeError {
  return webidlError(prefix, `"${value}" is an invalid header value.`);
}

function conversionFailed(): TypeError {
  return webidlError(
    'Headers constructor',
    'Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.',
  );
}

/**
 * The WHATWG `Headers`, with undici's behaviour: names compared case-insensitively, repeated
 * names combined with `, ` (`; ` for `cookie`), iteration in sorted lowercase order with one
 * entry per `set-cookie` value, `getSetCookie()`, and undici's error messages.
 */
export class Headers {
  #list: HeaderList;
  #guard: HeadersGuard;

  constructor(init: unknown = undefined) {
    this.#list = new HeaderList();
    this.#guard = 'none';
    if (init === constructionToken) return;
    if (init !== undefined) fill(this, init);
  }

  append(name: unknown, value: unknown): void {
    if (!(#list in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 2, 'Headers.append');
    append(
      this,
      toByteString(name, 'Headers.append', 'name'),
      toByteString(value, 'Headers.append', 'value'),
    );
  }

  delete(name: unknown): void {
    if (!(#list in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'Headers.delete');
    const key = toByteString(name, 'Headers.delete', 'name');
    if (!isToken(key)) throw invalidName('Headers.delete', key);
    if (this.#guard === 'immutable') throw new TypeErrorCtor('immutable');
    this.#list.delete(key);
  }

  get(name: unknown): string | null {
    if (!(#list in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'Headers.get');
    const key = toByteString(name, 'Headers.get', 'name');
    if (!isToken(key)) throw invalidName('Headers.get', key);
    return this.#list.get(key);
  }

  has(name: unknown): boolean {
    if (!(#list in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'Headers.has');
    const key = toByteString(name, 'Headers.has', 'name');
    if (!isToken(key)) throw invalidName('Headers.has', key);
    return this.#list.contains(key);
  }

  set(name: unknown, value: unknown): void {
    if (!(#list in this)) throw illegalInvocation();
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 2, 'Headers.set');
    const key = toByteString(name, 'Headers.set', 'name');
    const text = normalizeHeaderValue(toByteString(value, 'Headers.set', 'value'));
    if (!isToken(key)) throw invalidName('Headers.set', key);
    if (!isValidHeaderValue(text)) throw invalidValue('Headers.set', text);
    if (this.#guard === 'immutable') throw new TypeErrorCtor('immutable');
    this.#list.set(key, text);
  }

  /** The `set-cookie` values, one per header (they are never combined). */
  getSetCookie(): string[] {
    if (!(#list in this)) throw illegalInvocation();
    return toUserArray(this.#list.cookies());
  }

  static {
    headersInternals.create = (list, guard) => {
      const headers = new Headers(constructionToken);
      headers.#list = list;
      headers.#guard = guard;
      return headers;
    };
    headersInternals.listOf = (headers) => headers.#list;
    headersInternals.guardOf = (headers) => headers.#guard;
    headersInternals.isHeaders = (value): value is Headers => isObject(value) && #list in value;
    headersInternals.fill = (headers, init) => fill(headers, init);
  }
}

function append(headers: Headers, name: string, rawValue: string): void {
  const value = normalizeHeaderValue(rawValue);
  if (!isToken(name)) throw invalidName('Headers.append', name);
  if (!isValidHeaderValue(value)) throw invalidValue('Headers.append', value);
  if (headersInternals.guardOf(headers) === 'immutable') throw new TypeErrorCtor('immutable');
  headersInternals.listOf(headers).append(name, value);
}

/** Fills `headers` from a HeadersInit (undici's `fill`, with WebIDL's conversions). */
function fill(headers: Headers, init: unknown): void {
  if (!isObject(init)) throw conversionFailed();
  const method = (init as { [Symbol.iterator]?: unknown })[SymbolIterator];
  if (method === entriesMethod && headersInternals.isHeaders(init)) {
    // Another Headers object: its pairs with their original spelling, without running user code.
    const pairs = headersInternals.listOf(init).entries();
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as HeaderPair;
      append(headers, pair[0], pair[1]);
    }
    return;
  }
  if (method !== undefined && method !== null) {
    const pairs = createList<HeaderPair>();
    iterateSequence(
      init,
      method,
      (item, index) => {
        if (!isObject(item)) {
          throw webidlError(
            'Headers constructor',
            `init[${index}] (${describeItem(item)}) is not iterable.`,
          );
        }
        const values = createList<string>();
        iterateSequence(
          item,
          (item as { [Symbol.iterator]?: unknown })[SymbolIterator],
          (value, inner) => {
            values[values.length] = toByteString(
              value,
              'Headers constructor',
              `init[${index}][${inner}]`,
            );
          },
          () => webidlError('Headers constructor', `init[${index}] is not iterable.`),
        );
        if (values.length !== 2) {
          throw webidlError(
            'Headers constructor',
            `expected name/value pair to be length 2, found ${values.length}.`,
          );
        }
        pairs[pairs.length] = values as unknown as HeaderPair;
      },
      conversionFailed,
    );
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as HeaderPair;
      append(headers, pair[0], pair[1]);
    }
    return;
  }
  // A record: own enumerable string keys, in property order.
  const keys = ReflectOwnKeys(init);
  const pairs = createList<HeaderPair>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string | symbol;
    const descriptor = ReflectGetOwnPropertyDescriptor(init, key);
    if (descriptor === undefined || !descriptor.enumerable) continue;
    if (typeof key === 'symbol') {
      throw webidlError(
        'Headers constructor',
        `Key ${SymbolPrototypeToString(key)} in init is a symbol, which cannot be converted to a ByteString.`,
      );
    }
    const name = toByteString(key, 'Headers constructor', `Key "${key}" in init`);
    const value = toByteString(
      (init as Record<string, unknown>)[key],
      'Headers constructor',
      `init["${key}"]`,
    );
    const item = createList<string>() as unknown as HeaderPair;
    item[0] = name;
    item[1] = value;
    pairs[pairs.length] = item;
  }
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as HeaderPair;
    append(headers, pair[0], pair[1]);
  }
}

function describeItem(item: unknown): string {
  return typeof item === 'string' ? `"${item}"` : typeof item === 'symbol' ? 'Symbol()' : `${item}`;
}

definePairIterable(Headers.prototype, 'Headers', (target) => {
  if (!headersInternals.isHeaders(target)) throw illegalInvocation();
  return headersInternals.listOf(target).sortedAndCombined();
});
const entriesMethod = (Headers.prototype as unknown as { entries: unknown }).entries;

makeEnumerable(Headers.prototype, ['append', 'delete', 'get', 'has', 'set', 'getSetCookie']);
defineToStringTag(Headers.prototype, 'Headers');
markNotCloneable(Headers.prototype);
