/**
 * A header list the way undici keeps one: one entry per lowercased name, in the order names were
 * first added, holding the first-seen spelling and the combined value (`a, b`; `a; b` for
 * `cookie`). `set-cookie` values are also kept apart, for `getSetCookie()` and iteration.
 */
import {
  ArrayPrototypeSort,
  createList,
  MapCtor,
  MapPrototypeDelete,
  MapPrototypeForEach,
  MapPrototypeGet,
  MapPrototypeGetSize,
  MapPrototypeHas,
  MapPrototypeSet,
} from '../primordials';
import { asciiLowercase } from './header-values';

/** A `[name, value]` pair on a null-prototype list (never handed to user code as is). */
export type HeaderPair = [name: string, value: string];

interface HeaderEntry {
  name: string;
  value: string;
}

function pair(name: string, value: string): HeaderPair {
  const result = createList<string>() as unknown as HeaderPair;
  result[0] = name;
  result[1] = value;
  return result;
}

export class HeaderList {
  #entries = new MapCtor<string, HeaderEntry>();
  #cookies: string[] | null = null;
  #sorted: HeaderPair[] | null = null;

  /** A copy of `other` (the same names, values and `set-cookie` values). */
  static copy(other: HeaderList): HeaderList {
    const list = new HeaderList();
    MapPrototypeForEach(other.#entries, (entry, key) => {
      MapPrototypeSet(list.#entries, key, { name: entry.name, value: entry.value });
    });
    const cookies = other.#cookies;
    if (cookies !== null) {
      const copy = createList<string>();
      for (let i = 0; i < cookies.length; i++) copy[i] = cookies[i] as string;
      list.#cookies = copy;
    }
    return list;
  }

  get size(): number {
    return MapPrototypeGetSize(this.#entries);
  }

  contains(name: string): boolean {
    return MapPrototypeHas(this.#entries, asciiLowercase(name));
  }

  /** The combined value of `name`, or null. */
  get(name: string): string | null {
    const entry = MapPrototypeGet(this.#entries, asciiLowercase(name));
    return entry === undefined ? null : entry.value;
  }

  append(name: string, value: string): void {
    this.#sorted = null;
    const key = asciiLowercase(name);
    const existing = MapPrototypeGet(this.#entries, key);
    if (existing === undefined) {
      MapPrototypeSet(this.#entries, key, { name, value });
    } else {
      existing.value = `${existing.value}${key === 'cookie' ? '; ' : ', '}${value}`;
    }
    if (key === 'set-cookie') {
      if (this.#cookies === null) this.#cookies = createList();
      this.#cookies[this.#cookies.length] = value;
    }
  }

  /** Replaces every value of `name` with `value` (keeping the position of the first). */
  set(name: string, value: string): void {
    this.#sorted = null;
    const key = asciiLowercase(name);
    if (key === 'set-cookie') {
      const cookies = createList<string>();
      cookies[0] = value;
      this.#cookies = cookies;
    }
    MapPrototypeSet(this.#entries, key, { name, value });
  }

  delete(name: string): void {
    this.#sorted = null;
    const key = asciiLowercase(name);
    if (key === 'set-cookie') this.#cookies = null;
    MapPrototypeDelete(this.#entries, key);
  }

  clear(): void {
    this.#sorted = null;
    this.#entries = new MapCtor();
    this.#cookies = null;
  }

  /** The `set-cookie` values, in order (a fresh list). */
  cookies(): string[] {
    const out = createList<string>();
    const cookies = this.#cookies;
    if (cookies !== null) for (let i = 0; i < cookies.length; i++) out[i] = cookies[i] as string;
    return out;
  }

  /**
   * The Fetch Standard's "sort and combine": lowercase names in code-unit order, one pair per
   * name, except one pair per `set-cookie` value. Cached until the list changes; do not modify.
   */
  sortedAndCombined(): HeaderPair[] {
    if (this.#sorted !== null) return this.#sorted;
    const names = createList<HeaderPair>();
    MapPrototypeForEach(this.#entries, (entry, key) => {
      names[names.length] = pair(key, entry.value);
    });
    ArrayPrototypeSort(names, (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const cookies = this.#cookies;
    let sorted = names;
    if (cookies !== null && cookies.length > 1) {
      sorted = createList<HeaderPair>();
      for (let i = 0; i < names.length; i++) {
        const item = names[i] as HeaderPair;
        if (item[0] === 'set-cookie') {
          for (let j = 0; j < cookies.length; j++) {
            sorted[sorted.length] = pair('set-cookie', cookies[j] as string);
          }
        } else {
          sorted[sorted.length] = item;
        }
      }
    }
    this.#sorted = sorted;
    return sorted;
  }

  /**
   * The pairs as they would go on the wire: insertion order, first-seen spelling of each name,
   * combined values, one pair per `set-cookie` value. A fresh list.
   */
  entries(): HeaderPair[] {
    const out = createList<HeaderPair>();
    const cookies = this.#cookies;
    MapPrototypeForEach(this.#entries, (entry, key) => {
      if (key === 'set-cookie' && cookies !== null) {
        for (let i = 0; i < cookies.length; i++) {
          out[out.length] = pair(entry.name, cookies[i] as string);
        }
      } else {
        out[out.length] = pair(entry.name, entry.value);
      }
    });
    return out;
  }
}
