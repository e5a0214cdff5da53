import { defineToStringTag, makeEnumerable } from '../define-global';
import { createNodeError, missingArgsError } from '../node-errors';
import {
  createList,
  ObjectDefineProperty,
  StringCtor,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  TypeErrorCtor,
} from '../primordials';
import { EncodeSet, percentEncodeString } from './percent-encoding';
import { parseUrl, State } from './url-parser';
import {
  cannotHaveUsernamePasswordPort,
  hasOpaquePath,
  serializePath,
  serializeUrl,
  type UrlRecord,
} from './url-record';
import type { SearchParamsInternals } from './url-search-params';
import { toUSVString } from './url-search-params';

function invalidUrl(input: string, base?: string): Error {
  const error = createNodeError(TypeErrorCtor, 'ERR_INVALID_URL', 'Invalid URL', false);
  ObjectDefineProperty(error, 'input', {
    value: input,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  if (base !== undefined) {
    ObjectDefineProperty(error, 'base', {
      value: base,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return error;
}

function parseWithBase(input: string, base: string | undefined): UrlRecord | undefined {
  let baseRecord: UrlRecord | null = null;
  if (base !== undefined) {
    const parsedBase = parseUrl(base);
    if (parsedBase === undefined) return undefined;
    baseRecord = parsedBase;
  }
  return parseUrl(input, baseRecord);
}

function serializeOrigin(url: UrlRecord): string {
  switch (url.scheme) {
    case 'blob': {
      const inner = parseUrl(serializePath(url));
      if (inner === undefined || (inner.scheme !== 'http' && inner.scheme !== 'https'))
        return 'null';
      return serializeOrigin(inner);
    }
    case 'ftp':
    case 'http':
    case 'https':
    case 'ws':
    case 'wss':
      return `${url.scheme}://${url.host as string}${url.port === null ? '' : `:${StringCtor(url.port)}`}`;
    default:
      return 'null';
  }
}

function stripLeading(value: string, c: number): string {
  return value.length > 0 && StringPrototypeCharCodeAt(value, 0) === c
    ? StringPrototypeSlice(value, 1)
    : value;
}

/** Builds the WHATWG `URL` class around `URLSearchParams` (see `createUrlGlobals`). */
export function createUrlClass(searchParams: SearchParamsInternals) {
  /**
   * The WHATWG `URL`, with Node's errors (`TypeError` with `code: 'ERR_INVALID_URL'` and
   * `input`). Parsing follows the URL Standard for every scheme; hosts with non-ASCII characters
   * use an approximation of IDNA (see `domainToAscii`).
   */
  class URL {
    #url: UrlRecord;
    readonly #searchParams: object;

    constructor(url: unknown, base: unknown = undefined) {
      // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
      if (arguments.length === 0) throw missingArgsError('url');
      const input = toUSVString(url);
      const baseText = base === undefined ? undefined : toUSVString(base);
      const record = parseWithBase(input, baseText);
      if (record === undefined) throw invalidUrl(input, baseText);
      this.#url = record;
      this.#searchParams = searchParams.create(record.query ?? '', {
        setQuery: (query) => {
          this.#url.query = query;
        },
      });
    }

    static parse(url: unknown, base: unknown = undefined): URL | null {
      // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
      if (arguments.length === 0) throw missingArgsError('url');
      // Convert once (user toString runs once), and build no error for a failure.
      const input = toUSVString(url);
      const baseText = base === undefined ? undefined : toUSVString(base);
      return parseWithBase(input, baseText) === undefined ? null : new URL(input, baseText);
    }

    static canParse(url: unknown, base: unknown = undefined): boolean {
      // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
      if (arguments.length === 0) throw missingArgsError('url');
      return (
        parseWithBase(toUSVString(url), base === undefined ? undefined : toUSVString(base)) !==
        undefined
      );
    }

    get href(): string {
      return serializeUrl(this.#url);
    }

    set href(value: unknown) {
      const input = toUSVString(value);
      const record = parseUrl(input);
      if (record === undefined) throw invalidUrl(input);
      this.#url = record;
      searchParams.reset(this.#searchParams, record.query);
    }

    get origin(): string {
      return serializeOrigin(this.#url);
    }

    get protocol(): string {
      return `${this.#url.scheme}:`;
    }

    set protocol(value: unknown) {
      parseUrl(`${toUSVString(value)}:`, null, this.#url, State.SchemeStart);
    }

    get username(): string {
      return this.#url.username;
    }

    set username(value: unknown) {
      const text = toUSVString(value);
      if (cannotHaveUsernamePasswordPort(this.#url)) return;
      this.#url.username = percentEncodeString(text, EncodeSet.Userinfo);
    }

    get password(): string {
      return this.#url.password;
    }

    set password(value: unknown) {
      const text = toUSVString(value);
      if (cannotHaveUsernamePasswordPort(this.#url)) return;
      this.#url.password = percentEncodeString(text, EncodeSet.Userinfo);
    }

    get host(): string {
      const url = this.#url;
      if (url.host === null) return '';
      return url.port === null ? url.host : `${url.host}:${StringCtor(url.port)}`;
    }

    set host(value: unknown) {
      const text = toUSVString(value);
      if (hasOpaquePath(this.#url)) return;
      parseUrl(text, null, this.#url, State.Host);
    }

    get hostname(): string {
      return this.#url.host ?? '';
    }

    set hostname(value: unknown) {
      const text = toUSVString(value);
      if (hasOpaquePath(this.#url)) return;
      parseUrl(text, null, this.#url, State.Hostname);
    }

    get port(): string {
      return this.#url.port === null ? '' : StringCtor(this.#url.port);
    }

    set port(value: unknown) {
      const text = toUSVString(value);
      if (cannotHaveUsernamePasswordPort(this.#url)) return;
      if (text === '') this.#url.port = null;
      else parseUrl(text, null, this.#url, State.Port);
    }

    get pathname(): string {
      return serializePath(this.#url);
    }

    set pathname(value: unknown) {
      const text = toUSVString(value);
      if (hasOpaquePath(this.#url)) return;
      this.#url.path = createList();
      parseUrl(text, null, this.#url, State.PathStart);
    }

    get search(): string {
      const query = this.#url.query;
      return query === null || query === '' ? '' : `?${query}`;
    }

    set search(value: unknown) {
      const text = toUSVString(value);
      const url = this.#url;
      if (text === '') {
        url.query = null;
        searchParams.reset(this.#searchParams, null);
        return;
      }
      url.query = '';
      parseUrl(stripLeading(text, 0x3f), null, url, State.Query);
      searchParams.reset(this.#searchParams, url.query);
    }

    get searchParams(): object {
      return this.#searchParams;
    }

    get hash(): string {
      const fragment = this.#url.fragment;
      return fragment === null || fragment === '' ? '' : `#${fragment}`;
    }

    set hash(value: unknown) {
      const text = toUSVString(value);
      if (text === '') {
        this.#url.fragment = null;
        return;
      }
      this.#url.fragment = '';
      parseUrl(stripLeading(text, 0x23), null, this.#url, State.Fragment);
    }

    toString(): string {
      return serializeUrl(this.#url);
    }

    toJSON(): string {
      return serializeUrl(this.#url);
    }
  }

  makeEnumerable(URL.prototype, [
    'href',
    'origin',
    'protocol',
    'username',
    'password',
    'host',
    'hostname',
    'port',
    'pathname',
    'search',
    'searchParams',
    'hash',
    'toString',
    'toJSON',
  ]);
  makeEnumerable(URL, ['parse', 'canParse']);
  defineToStringTag(URL.prototype, 'URL');
  return URL;
}
