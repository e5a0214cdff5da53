import { defineToStringTag, makeEnumerable } from '../define-global';
import { createNodeError, missingArgsError, validateFunction } from '../node-errors';
import {
  ArrayPrototypeSort,
  ArrayPrototypeSplice,
  createList,
  IteratorPrototype,
  ObjectCreate,
  ObjectDefineProperty,
  ObjectSetPrototypeOf,
  ReflectApply,
  ReflectGetOwnPropertyDescriptor,
  ReflectOwnKeys,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  StringPrototypeToWellFormed,
  SymbolIterator,
  TypeErrorCtor,
} from '../primordials';
import { toDOMString } from '../utf8';
import { parseUrlencoded, type QueryPair, serializeUrlencoded } from './urlencoded';

/** `String(value)` with lone surrogates replaced (WebIDL USVString). */
export function toUSVString(value: unknown): string {
  return StringPrototypeToWellFormed(toDOMString(value));
}

/** What a `URLSearchParams` tells the `URL` it belongs to when its list changes. */
export interface QueryOwner {
  setQuery(query: string | null): void;
}

/** Access to a `URLSearchParams`'s internals for the `URL` class (not public API). */
export interface SearchParamsInternals {
  create(query: string, owner: QueryOwner): object;
  reset(params: object, query: string | null): void;
}

function invalidTuple(): Error {
  return createNodeError(
    TypeErrorCtor,
    'ERR_INVALID_TUPLE',
    'Each query pair must be an iterable [name, value] tuple',
  );
}

function pairOf(name: string, value: string): QueryPair {
  const pair = createList<string>() as unknown as QueryPair;
  pair[0] = name;
  pair[1] = value;
  return pair;
}

/** Iterates a user iterable with its own iterator (WebIDL sequence conversion). */
function iterate(iterable: object, method: unknown, each: (item: unknown) => void): void {
  if (typeof method !== 'function') throw new TypeErrorCtor('The object is not iterable');
  const iterator = ReflectApply(method, iterable, []) as Iterator<unknown>;
  if (iterator === null || typeof iterator !== 'object')
    throw new TypeErrorCtor('Result of the Symbol.iterator method is not an object');
  const next = iterator.next;
  for (;;) {
    const step = ReflectApply(next, iterator, []) as IteratorResult<unknown>;
    if (step === null || typeof step !== 'object')
      throw new TypeErrorCtor('Iterator result is not an object');
    if (step.done) return;
    each(step.value);
  }
}

type IteratorKind = 'keys' | 'values' | 'entries';

/**
 * Builds the WHATWG `URLSearchParams` class (on first use of the `URL`/`URLSearchParams`
 * globals) and the internals `URL` needs to link its query to it.
 */
export function createUrlSearchParamsClass() {
  let internals: SearchParamsInternals;
  let listOf: (params: URLSearchParams) => QueryPair[];

  const iteratorPrototype = ObjectCreate(IteratorPrototype) as object;
  let makeIterator: (params: URLSearchParams, kind: IteratorKind) => object;
  let iteratorNext: (iterator: unknown) => IteratorResult<unknown>;

  class ParamsIterator {
    #params: URLSearchParams;
    #kind: IteratorKind;
    #index = 0;
    constructor(params: URLSearchParams, kind: IteratorKind) {
      this.#params = params;
      this.#kind = kind;
    }
    static {
      makeIterator = (params, kind) => {
        const iterator = new ParamsIterator(params, kind);
        ObjectSetPrototypeOf(iterator, iteratorPrototype);
        return iterator;
      };
      iteratorNext = (iterator) => {
        if (iterator === null || typeof iterator !== 'object' || !(#kind in iterator)) {
          throw new TypeErrorCtor('Value of "this" must be of type URLSearchParamsIterator');
        }
        const list = listOf(iterator.#params);
        if (iterator.#index >= list.length) return { value: undefined, done: true };
        const pair = list[iterator.#index++] as QueryPair;
        const kind = iterator.#kind;
        return {
          value: kind === 'keys' ? pair[0] : kind === 'values' ? pair[1] : [pair[0], pair[1]],
          done: false,
        };
      };
    }
  }
  ObjectDefineProperty(iteratorPrototype, 'next', {
    value: function next(this: unknown) {
      return iteratorNext(this);
    },
    writable: true,
    enumerable: true,
    configurable: true,
  });
  defineToStringTag(iteratorPrototype, 'URLSearchParams Iterator');

  /**
   * The WHATWG `URLSearchParams`: built from a query string (a leading `?` is dropped), a record
   * (`{ a: '1' }`) or an iterable of `[name, value]` pairs; `append`, `delete(name, value?)`,
   * `get`, `getAll`, `has(name, value?)`, `set`, `sort`, `size`, `toString`, iteration. Changes
   * write through to the `URL` it came from.
   */
  class URLSearchParams {
    #list: QueryPair[] = createList();
    #owner: QueryOwner | null = null;

    constructor(init: unknown = '') {
      if (init !== null && (typeof init === 'object' || typeof init === 'function')) {
        const method = (init as { [Symbol.iterator]?: unknown })[SymbolIterator];
        if (method !== undefined && method !== null) {
          iterate(init, method, (item) => {
            if (item === null || (typeof item !== 'object' && typeof item !== 'function'))
              throw invalidTuple();
            const values = createList<string>();
            iterate(item, (item as { [Symbol.iterator]?: unknown })[SymbolIterator], (value) => {
              values[values.length] = toUSVString(value);
            });
            if (values.length !== 2) throw invalidTuple();
            this.#list[this.#list.length] = pairOf(values[0] as string, values[1] as string);
          });
        } else {
          const keys = ReflectOwnKeys(init);
          for (let i = 0; i < keys.length; i++) {
            const key = keys[i] as string | symbol;
            const descriptor = ReflectGetOwnPropertyDescriptor(init, key);
            if (descriptor === undefined || !descriptor.enumerable) continue;
            const name = toUSVString(key);
            const value = toUSVString((init as Record<string | symbol, unknown>)[key]);
            this.#list[this.#list.length] = pairOf(name, value);
          }
        }
      } else {
        let query = toUSVString(init);
        if (query.length > 0 && StringPrototypeCharCodeAt(query, 0) === 0x3f)
          query = StringPrototypeSlice(query, 1);
        this.#list = parseUrlencoded(query);
      }
    }

    #update(): void {
      if (this.#owner === null) return;
      const serialized = serializeUrlencoded(this.#list);
      this.#owner.setQuery(serialized === '' ? null : serialized);
    }

    get size(): number {
      return this.#list.length;
    }

    append(name: unknown, value: unknown): void {
      // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
      if (arguments.length < 2) throw missingArgsError2();
      this.#list[this.#list.length] = pairOf(toUSVString(name), toUSVString(value));
      this.#update();
    }

    delete(name: unknown, value: unknown = undefined): void {
      // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
      if (arguments.length < 1) throw missingArgsError('name');
      const key = toUSVString(name);
      const match = value === undefined ? undefined : toUSVString(value);
      const list = this.#list;
      for (let i = 0; i < list.length; ) {
        const pair = list[i] as QueryPair;
        if (pair[0] === key && (match === undefined || pair[1] === match))
          ArrayPrototypeSplice(list, i, 1);
        else i++;
      }
      this.#update();
    }

    get(name: unknown): string | null {
      // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
      if (arguments.length < 1) throw missingArgsError('name');
      const key = toUSVString(name);
      const list = this.#list;
      for (let i = 0; i < list.length; i++) {
        const pair = list[i] as QueryPair;
        if (pair[0] === key) return pair[1];
      }
      return null;
    }

    getAll(name: unknown): string[] {
      // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
      if (arguments.length < 1) throw missingArgsError('name');
      const key = toUSVString(name);
      const values: string[] = [];
      const list = this.#list;
      let count = 0;
      for (let i = 0; i < list.length; i++) {
        const pair = list[i] as QueryPair;
        if (pair[0] === key)
          ObjectDefineProperty(values, count++, {
            value: pair[1],
            writable: true,
            enumerable: true,
            configurable: true,
          });
      }
      return values;
    }

    has(name: unknown, value: unknown = undefined): boolean {
      // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
      if (arguments.length < 1) throw missingArgsError('name');
      const key = toUSVString(name);
      const match = value === undefined ? undefined : toUSVString(value);
      const list = this.#list;
      for (let i = 0; i < list.length; i++) {
        const pair = list[i] as QueryPair;
        if (pair[0] === key && (match === undefined || pair[1] === match)) return true;
      }
      return false;
    }

    set(name: unknown, value: unknown): void {
      // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
      if (arguments.length < 2) throw missingArgsError2();
      const key = toUSVString(name);
      const text = toUSVString(value);
      const list = this.#list;
      let found = false;
      for (let i = 0; i < list.length; ) {
        const pair = list[i] as QueryPair;
        if (pair[0] !== key) {
          i++;
        } else if (found) {
          ArrayPrototypeSplice(list, i, 1);
        } else {
          found = true;
          pair[1] = text;
          i++;
        }
      }
      if (!found) list[list.length] = pairOf(key, text);
      this.#update();
    }

    /** Sorts by name (UTF-16 code units), keeping the order of equal names. */
    sort(): void {
      ArrayPrototypeSort(this.#list, (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.#update();
    }

    entries(): IterableIterator<[string, string]> {
      return makeIterator(this, 'entries') as IterableIterator<[string, string]>;
    }

    forEach(callback: unknown, thisArg: unknown = undefined): void {
      validateFunction(callback, 'callback');
      const list = this.#list;
      for (let i = 0; i < list.length; i++) {
        const pair = list[i] as QueryPair;
        ReflectApply(callback, thisArg, [pair[1], pair[0], this]);
      }
    }

    keys(): IterableIterator<string> {
      return makeIterator(this, 'keys') as IterableIterator<string>;
    }

    values(): IterableIterator<string> {
      return makeIterator(this, 'values') as IterableIterator<string>;
    }

    toString(): string {
      return serializeUrlencoded(this.#list);
    }

    static {
      listOf = (params) => params.#list;
      internals = {
        create(query, owner) {
          const params = new URLSearchParams();
          params.#list = parseUrlencoded(query);
          params.#owner = owner;
          return params;
        },
        reset(params, query) {
          (params as URLSearchParams).#list =
            query === null ? createList() : parseUrlencoded(query);
        },
      };
    }
  }

  ObjectDefineProperty(URLSearchParams.prototype, SymbolIterator, {
    value: URLSearchParams.prototype.entries,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  makeEnumerable(URLSearchParams.prototype, [
    'size',
    'append',
    'delete',
    'get',
    'getAll',
    'has',
    'set',
    'sort',
    'entries',
    'forEach',
    'keys',
    'values',
    'toString',
  ]);
  defineToStringTag(URLSearchParams.prototype, 'URLSearchParams');

  return { URLSearchParams, internals: internals as SearchParamsInternals };
}

function missingArgsError2(): Error {
  return createNodeError(
    TypeErrorCtor,
    'ERR_MISSING_ARGS',
    'The "name" and "value" arguments must be specified',
  );
}
