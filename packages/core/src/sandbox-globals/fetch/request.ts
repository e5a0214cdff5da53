import type { AbortSignal } from '../abort-signal';
import { markNotCloneable } from '../builtin-kind';
import { defineToStringTag, makeEnumerable } from '../define-global';
import { TypeErrorCtor } from '../primordials';
import { parseUrl } from '../url/url-parser';
import { serializePath, serializeUrl, type UrlRecord } from '../url/url-record';
import {
  type BodyState,
  cloneBodyState,
  createBodyState,
  defineBodyMethods,
  extractBody,
} from './body';
import { HeaderList } from './header-list';
import { type Headers, type HeadersGuard, headersInternals } from './headers';
import { normalizeMethod, readRequestInit } from './request-init';
import { createFollowingSignal } from './signals';
import {
  illegalInvocation,
  invalidUrlError,
  isObject,
  requireArguments,
  toUSVString,
  webidlError,
} from './webidl';

/** What fetch reads from a Request (not public API). */
export interface RequestState {
  method: string;
  url: UrlRecord;
  headers: HeaderList;
  /** `client`, `no-referrer`, or a serialized URL. */
  referrer: string;
  referrerPolicy: string;
  mode: string;
  credentials: string;
  cache: string;
  redirect: string;
  integrity: string;
  keepalive: boolean;
  body: BodyState;
}

export const requestInternals = {
  isRequest: undefined as unknown as (value: unknown) => value is Request,
  stateOf: undefined as unknown as (request: Request) => RequestState,
  signalOf: undefined as unknown as (request: Request) => AbortSignal,
};

const constructionToken = Symbol('Request');

function copyState(state: RequestState): RequestState {
  return {
    method: state.method,
    url: state.url,
    headers: HeaderList.copy(state.headers),
    referrer: state.referrer,
    referrerPolicy: state.referrerPolicy,
    mode: state.mode,
    credentials: state.credentials,
    cache: state.cache,
    redirect: state.redirect,
    integrity: state.integrity,
    keepalive: state.keepalive,
    body: createBodyState(null),
  };
}

/**
 * The WHATWG `Request`, as undici shapes it: absolute URLs only (the sandbox has no base URL),
 * method normalization, a body from a string, ArrayBuffer, typed array, DataView, Blob, FormData
 * or URLSearchParams (with the default `Content-Type`), `clone()`, and a `signal` that follows the
 * one given. `body` is always null: this sandbox has no `ReadableStream`; read the body with
 * `text()`, `json()`, `arrayBuffer()`, `bytes()`, `blob()` or `formData()`.
 */
export class Request {
  #state: RequestState;
  #headers: Headers;
  #signal: AbortSignal;

  constructor(input: unknown, init: unknown = undefined) {
    if (input === constructionToken) {
      const pending = init as { state: RequestState; guard: HeadersGuard; signal: AbortSignal };
      this.#state = pending.state;
      this.#headers = headersInternals.create(pending.state.headers, pending.guard);
      this.#signal = pending.signal;
      return;
    }
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'Request constructor');
    const inputRequest = requestInternals.isRequest(input) ? input : null;
    const inputText = inputRequest === null ? toUSVString(input) : '';
    const options = readRequestInit(init);

    let state: RequestState;
    let signal: AbortSignal | null = null;
    let fallbackMode: string | null = null;
    if (inputRequest === null) {
      const url = parseUrl(inputText);
      if (url === undefined) {
        throw new TypeErrorCtor(`Failed to parse URL from ${inputText}`, {
          cause: invalidUrlError(inputText),
        });
      }
      if (url.username !== '' || url.password !== '') {
        throw new TypeErrorCtor(
          `Request cannot be constructed from a URL that includes credentials: ${inputText}`,
        );
      }
      state = {
        method: 'GET',
        url,
        headers: new HeaderList(),
        referrer: 'client',
        referrerPolicy: '',
        mode: 'no-cors',
        credentials: 'same-origin',
        cache: 'default',
        redirect: 'follow',
        integrity: '',
        keepalive: false,
        body: createBodyState(null),
      };
      fallbackMode = 'cors';
    } else {
      state = copyState(inputRequest.#state);
      signal = inputRequest.#signal;
    }

    if (options.window !== undefined && options.window !== null) {
      throw new TypeErrorCtor("'window' option 'client' must be null");
    }
    if (options.any) {
      if (state.mode === 'navigate') state.mode = 'same-origin';
      state.referrer = 'client';
      state.referrerPolicy = '';
    }
    if (options.referrer !== undefined) {
      const referrer = options.referrer;
      if (referrer === '') {
        state.referrer = 'no-referrer';
      } else {
        const parsed = parseUrl(referrer);
        if (parsed === undefined) {
          throw new TypeErrorCtor(`Referrer "${referrer}" is not a valid URL.`, {
            cause: invalidUrlError(referrer),
          });
        }
        state.referrer =
          parsed.scheme === 'about' && serializePath(parsed) === 'client'
            ? 'client'
            : serializeUrl(parsed);
      }
    }
    if (options.referrerPolicy !== undefined) state.referrerPolicy = options.referrerPolicy;
    const mode = options.mode ?? fallbackMode;
    if (mode === 'navigate')
      throw webidlError('Request constructor', 'invalid request mode navigate.');
    if (mode !== null) state.mode = mode;
    if (options.credentials !== undefined) state.credentials = options.credentials;
    if (options.cache !== undefined) state.cache = options.cache;
    if (state.cache === 'only-if-cached' && state.mode !== 'same-origin') {
      throw new TypeErrorCtor("'only-if-cached' can be set only with 'same-origin' mode");
    }
    if (options.redirect !== undefined) state.redirect = options.redirect;
    if (options.integrity !== undefined) state.integrity = options.integrity;
    if (options.keepalive !== undefined) state.keepalive = options.keepalive;
    if (options.method !== undefined) state.method = normalizeMethod(options.method);
    if (options.signal !== undefined) signal = options.signal;

    this.#state = state;
    let guard: HeadersGuard = 'request';
    if (mode === 'no-cors') {
      const method = state.method;
      if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
        throw new TypeErrorCtor(`'${method} is unsupported in no-cors mode.`);
      }
      guard = 'request-no-cors';
    }
    if (options.headers !== undefined) state.headers = new HeaderList();
    this.#headers = headersInternals.create(state.headers, guard);
    if (options.headers !== undefined) headersInternals.fill(this.#headers, options.headers);

    const inputBody = inputRequest === null ? null : inputRequest.#state.body;
    const hasInputBody = inputBody !== null && inputBody.bytes !== null;
    const hasInitBody = options.body !== undefined && options.body !== null;
    if ((hasInitBody || hasInputBody) && (state.method === 'GET' || state.method === 'HEAD')) {
      throw new TypeErrorCtor('Request with GET/HEAD method cannot have body.');
    }
    if (hasInitBody) {
      const extracted = extractBody(options.body);
      state.body = createBodyState(extracted.bytes);
      if (extracted.type !== null && !state.headers.contains('content-type')) {
        state.headers.append('content-type', extracted.type);
      }
    } else if (hasInputBody) {
      const body = inputBody as BodyState;
      if (body.used) {
        throw new TypeErrorCtor(
          'Cannot construct a Request with a Request object that has already been used.',
        );
      }
      // The new request takes the body over: the input's is used from now on.
      state.body = cloneBodyState(body);
      body.used = true;
    }
    // Last, so a request that fails to construct leaves nothing registered on `signal`.
    this.#signal = createFollowingSignal(signal);
  }

  get method(): string {
    return stateOf(this).method;
  }

  get url(): string {
    return serializeUrl(stateOf(this).url);
  }

  get headers(): Headers {
    stateOf(this);
    return this.#headers;
  }

  get destination(): string {
    stateOf(this);
    return '';
  }

  get referrer(): string {
    const referrer = stateOf(this).referrer;
    return referrer === 'no-referrer' ? '' : referrer === 'client' ? 'about:client' : referrer;
  }

  get referrerPolicy(): string {
    return stateOf(this).referrerPolicy;
  }

  get mode(): string {
    return stateOf(this).mode;
  }

  get credentials(): string {
    return stateOf(this).credentials;
  }

  get cache(): string {
    return stateOf(this).cache;
  }

  get redirect(): string {
    return stateOf(this).redirect;
  }

  get integrity(): string {
    return stateOf(this).integrity;
  }

  get keepalive(): boolean {
    return stateOf(this).keepalive;
  }

  get isReloadNavigation(): boolean {
    stateOf(this);
    return false;
  }

  get isHistoryNavigation(): boolean {
    stateOf(this);
    return false;
  }

  get signal(): AbortSignal {
    stateOf(this);
    return this.#signal;
  }

  /** Always null: this sandbox has no `ReadableStream` (use `text()`, `arrayBuffer()`...). */
  get body(): null {
    stateOf(this);
    return null;
  }

  get bodyUsed(): boolean {
    const body = stateOf(this).body;
    return body.bytes !== null && body.used;
  }

  get duplex(): string {
    stateOf(this);
    return 'half';
  }

  clone(): Request {
    const state = stateOf(this);
    if (state.body.used) throw new TypeErrorCtor('unusable');
    const copy = copyState(state);
    copy.body = cloneBodyState(state.body);
    return new Request(constructionToken, {
      state: copy,
      guard: headersInternals.guardOf(this.#headers),
      signal: createFollowingSignal(this.#signal),
    });
  }

  static {
    requestInternals.isRequest = (value): value is Request => isObject(value) && #state in value;
    requestInternals.stateOf = (request) => request.#state;
    requestInternals.signalOf = (request) => request.#signal;
  }
}

function stateOf(value: unknown): RequestState {
  if (!requestInternals.isRequest(value)) throw illegalInvocation();
  return requestInternals.stateOf(value);
}

defineBodyMethods(Request.prototype, (target) => {
  if (!requestInternals.isRequest(target)) return undefined;
  const state = requestInternals.stateOf(target);
  return { body: state.body, contentType: () => state.headers.get('content-type') };
});

makeEnumerable(Request.prototype, [
  'method',
  'url',
  'headers',
  'redirect',
  'clone',
  'signal',
  'duplex',
  'destination',
  'body',
  'bodyUsed',
  'isHistoryNavigation',
  'isReloadNavigation',
  'keepalive',
  'integrity',
  'cache',
  'credentials',
  'referrerPolicy',
  'referrer',
  'mode',
]);
defineToStringTag(Request.prototype, 'Request');
markNotCloneable(Request.prototype);
