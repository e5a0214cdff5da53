import { markNotCloneable } from '../builtin-kind';
import { defineToStringTag, makeEnumerable } from '../define-global';
import {
  JSONStringify,
  MathTrunc,
  NumberCtor,
  NumberIsNaN,
  RangeErrorCtor,
  TypeErrorCtor,
} from '../primordials';
import { parseUrl } from '../url/url-parser';
import { serializeUrl } from '../url/url-record';
import { utf8Encode } from '../utf8';
import {
  type BodyState,
  cloneBodyState,
  createBodyState,
  defineBodyMethods,
  extractBody,
} from './body';
import { NumberIsFinite } from './fetch-intrinsics';
import { HeaderList } from './header-list';
import { isValidReasonPhrase } from './header-values';
import { type Headers, type HeadersGuard, headersInternals } from './headers';
import {
  illegalInvocation,
  invalidUrlError,
  isObject,
  requireArguments,
  toByteString,
  toUSVString,
  webidlError,
} from './webidl';

/** A response's state (what `fetch` builds from the host's answer). Not public API. */
export interface ResponseState {
  type: 'default' | 'basic' | 'error';
  status: number;
  statusText: string;
  headers: HeaderList;
  /** The final URL, serialized without fragment ('' for none). */
  url: string;
  redirected: boolean;
  body: BodyState;
}

export const responseInternals = {
  isResponse: undefined as unknown as (value: unknown) => value is Response,
  stateOf: undefined as unknown as (response: Response) => ResponseState,
  headersOf: undefined as unknown as (response: Response) => Headers,
  create: undefined as unknown as (state: ResponseState, guard: HeadersGuard) => Response,
};

const constructionToken = Symbol('Response');
const nullBodyStatuses = [101, 204, 205, 304];

function isNullBodyStatus(status: number): boolean {
  for (let i = 0; i < nullBodyStatuses.length; i++) if (nullBodyStatuses[i] === status) return true;
  return false;
}

function emptyState(): ResponseState {
  return {
    type: 'default',
    status: 200,
    statusText: '',
    headers: new HeaderList(),
    url: '',
    redirected: false,
    body: createBodyState(null),
  };
}

/** WebIDL `unsigned short` (ToNumber, truncate, modulo 2^16). */
function toUnsignedShort(value: unknown): number {
  const n = NumberCtor(value);
  if (NumberIsNaN(n) || !NumberIsFinite(n) || n === 0) return 0;
  const modulo = MathTrunc(n) % 65536;
  return modulo < 0 ? modulo + 65536 : modulo;
}

/** ResponseInit: `status` (200-599), `statusText` (a reason phrase) and `headers`. */
function initializeResponse(
  headers: Headers,
  state: ResponseState,
  init: unknown,
  body: { bytes: Uint8Array; type: string | null } | null,
  prefix: string,
): void {
  if (init !== undefined && init !== null && !isObject(init)) {
    throw webidlError(prefix, `Expected ${init as string} to be one of: Null, Undefined, Object.`);
  }
  const source = init as Record<string, unknown> | null | undefined;
  const headersInit = source == null ? undefined : source.headers;
  const statusValue = source == null ? undefined : source.status;
  const status = statusValue === undefined ? 200 : toUnsignedShort(statusValue);
  const statusTextValue = source == null ? undefined : source.statusText;
  const statusText =
    statusTextValue === undefined ? '' : toByteString(statusTextValue, prefix, 'init.statusText');
  if (status < 200 || status > 599) {
    throw new RangeErrorCtor('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  if (!isValidReasonPhrase(statusText)) throw new TypeErrorCtor('Invalid statusText');
  state.status = status;
  state.statusText = statusText;
  if (headersInit !== undefined && headersInit !== null) {
    headersInternals.fill(headers, headersInit);
  }
  if (body !== null) {
    if (isNullBodyStatus(status)) {
      throw webidlError('Response constructor', `Invalid response status code ${status}`);
    }
    state.body = createBodyState(body.bytes);
    if (body.type !== null && !state.headers.contains('content-type')) {
      state.headers.append('content-type', body.type);
    }
  }
}

/**
 * The WHATWG `Response`, as undici shapes it: `status`, `ok`, `statusText`, `headers`, `url`,
 * `redirected`, `type`, `bodyUsed`, `clone()`, the body methods, and the static `json()`,
 * `error()` and `redirect()`. `body` is always null: this sandbox has no `ReadableStream`; read
 * the body with `text()`, `json()`, `arrayBuffer()`, `bytes()`, `blob()` or `formData()`.
 */
export class Response {
  #state: ResponseState;
  #headers: Headers;

  constructor(body: unknown = null, init: unknown = undefined) {
    if (body === constructionToken) {
      const pending = init as { state: ResponseState; guard: HeadersGuard };
      this.#state = pending.state;
      this.#headers = headersInternals.create(pending.state.headers, pending.guard);
      return;
    }
    const extracted = body === null || body === undefined ? null : extractBody(body);
    this.#state = emptyState();
    this.#headers = headersInternals.create(this.#state.headers, 'response');
    initializeResponse(this.#headers, this.#state, init, extracted, 'Response constructor');
  }

  /** A network error: `type` 'error', `status` 0, immutable headers. */
  static error(): Response {
    const state = emptyState();
    state.type = 'error';
    state.status = 0;
    return responseInternals.create(state, 'immutable');
  }

  /** A response whose body is `JSON.stringify(data)`, with `Content-Type: application/json`. */
  static json(data: unknown, init: unknown = undefined): Response {
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'Response.json');
    const text = JSONStringify(data) as string | undefined;
    if (text === undefined) throw new TypeErrorCtor('Value is not JSON serializable');
    const response = responseInternals.create(emptyState(), 'response');
    initializeResponse(
      responseInternals.headersOf(response),
      responseInternals.stateOf(response),
      init,
      { bytes: utf8Encode(text), type: 'application/json' },
      'Response.json',
    );
    return response;
  }

  /** A redirect to an absolute `url` (`status` 301, 302, 303, 307 or 308; default 302). */
  static redirect(url: unknown, status: unknown = 302): Response {
    // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
    requireArguments(arguments.length, 1, 'Response.redirect');
    const text = toUSVString(url);
    const code = toUnsignedShort(status);
    const parsed = parseUrl(text);
    if (parsed === undefined) {
      throw new TypeErrorCtor(`Failed to parse URL from ${text}`, { cause: invalidUrlError(text) });
    }
    if (code !== 301 && code !== 302 && code !== 303 && code !== 307 && code !== 308) {
      throw new RangeErrorCtor(`Invalid status code ${code}`);
    }
    const state = emptyState();
    state.status = code;
    state.headers.append('location', serializeUrl(parsed));
    return responseInternals.create(state, 'immutable');
  }

  get type(): string {
    return stateOf(this).type;
  }

  get url(): string {
    return stateOf(this).url;
  }

  get redirected(): boolean {
    return stateOf(this).redirected;
  }

  get status(): number {
    return stateOf(this).status;
  }

  get ok(): boolean {
    const status = stateOf(this).status;
    return status >= 200 && status <= 299;
  }

  get statusText(): string {
    return stateOf(this).statusText;
  }

  get headers(): Headers {
    stateOf(this);
    return this.#headers;
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

  clone(): Response {
    const state = stateOf(this);
    if (state.body.used) {
      throw webidlError('Response.clone', 'Body has already been consumed.');
    }
    return responseInternals.create(
      {
        type: state.type,
        status: state.status,
        statusText: state.statusText,
        headers: HeaderList.copy(state.headers),
        url: state.url,
        redirected: state.redirected,
        body: cloneBodyState(state.body),
      },
      headersInternals.guardOf(this.#headers),
    );
  }

  static {
    responseInternals.isResponse = (value): value is Response => isObject(value) && #state in value;
    responseInternals.stateOf = (response) => response.#state;
    responseInternals.headersOf = (response) => response.#headers;
    responseInternals.create = (state, guard) => new Response(constructionToken, { state, guard });
  }
}

function stateOf(value: unknown): ResponseState {
  if (!responseInternals.isResponse(value)) throw illegalInvocation();
  return responseInternals.stateOf(value);
}

defineBodyMethods(Response.prototype, (target) => {
  if (!responseInternals.isResponse(target)) return undefined;
  const state = responseInternals.stateOf(target);
  return { body: state.body, contentType: () => state.headers.get('content-type') };
});

makeEnumerable(Response.prototype, [
  'type',
  'url',
  'redirected',
  'status',
  'ok',
  'statusText',
  'headers',
  'body',
  'bodyUsed',
  'clone',
]);
makeEnumerable(Response, ['json', 'redirect', 'error']);
defineToStringTag(Response.prototype, 'Response');
markNotCloneable(Response.prototype);
