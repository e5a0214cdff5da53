import {
  ArrayIsArray,
  createList,
  ErrorCtor,
  NumberIsInteger,
  ObjectPrototypeHasOwnProperty,
  PromiseCtor,
  PromisePrototypeThen,
  PromiseResolve,
  StringPrototypeCharCodeAt,
  TypeErrorCtor,
} from '../primordials';
import { serializeUrl } from '../url/url-record';
import { decodeBase64, encodeBase64 } from './base64-bytes';
import { createBodyState } from './body';
import { HeaderList, type HeaderPair } from './header-list';
import { isToken, isValidHeaderValue, normalizeHeaderValue } from './header-values';
import { Request, requestInternals } from './request';
import { type Response, responseInternals } from './response';
import type { HttpRequestMessage, SendHttpRequest } from './send-http-request';
import { abortReason, isAborted, onAbort } from './signals';
import { defineData, isObject, toUserArray } from './webidl';

/** The cause of every fetch in a run without network. */
export const NO_NETWORK_MESSAGE =
  'this sandbox has no network: the application did not allow any host';

function fetchFailed(cause: Error): TypeError {
  return new TypeErrorCtor('fetch failed', { cause });
}

/**
 * An own property of an object from the host, or undefined: an absent one is not looked up on
 * the prototype chain, where user code may have put getters.
 */
function own(value: object, key: string): unknown {
  return ObjectPrototypeHasOwnProperty(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** A fresh Error of this realm with the message (and string `code`) of what the host threw. */
function causeFrom(error: unknown): Error {
  let message = 'the request failed';
  let code: unknown;
  try {
    const raw = isObject(error) ? own(error, 'message') : error;
    if (raw !== undefined) message = typeof raw === 'string' ? raw : `${raw as string}`;
    code = isObject(error) ? own(error, 'code') : undefined;
  } catch {
    // Keep the generic message.
  }
  const cause = new ErrorCtor(message);
  if (typeof code === 'string') {
    defineData(cause, 'code', code, true);
  }
  return cause;
}

function isNullBodyStatus(status: number): boolean {
  return status === 101 || status === 204 || status === 205 || status === 304;
}

function isByteString(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (StringPrototypeCharCodeAt(text, i) > 0xff) return false;
  return true;
}

/** The Response for the host's answer; throws when the answer is malformed. */
function responseFromHost(result: unknown, method: string): Response {
  if (!isObject(result)) throw new ErrorCtor('the host returned no response');
  const status = own(result, 'status');
  if (typeof status !== 'number' || !NumberIsInteger(status) || status < 0 || status > 999) {
    throw new ErrorCtor('the host returned an invalid status');
  }
  const headers = new HeaderList();
  const pairs = own(result, 'headers');
  if (!ArrayIsArray(pairs)) throw new ErrorCtor('the host returned invalid headers');
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as unknown;
    if (!ArrayIsArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new ErrorCtor('the host returned invalid headers');
    }
    const value = normalizeHeaderValue(pair[1]);
    // A header a Headers object could not hold is dropped rather than failing the fetch.
    if (isToken(pair[0]) && isValidHeaderValue(value) && isByteString(value)) {
      headers.append(pair[0], value);
    }
  }
  const body = own(result, 'body');
  const bytes = decodeBase64(typeof body === 'string' ? body : '');
  if (bytes === undefined) throw new ErrorCtor('the host returned a body that is not Base64');
  const statusText = own(result, 'statusText');
  const url = own(result, 'url');
  return responseInternals.create(
    {
      type: 'basic',
      status,
      statusText: typeof statusText === 'string' ? statusText : '',
      headers,
      url: typeof url === 'string' ? url : '',
      redirected: own(result, 'redirected') === true,
      body: createBodyState(method === 'HEAD' || isNullBodyStatus(status) ? null : bytes),
    },
    'immutable',
  );
}

/** Calls `onFulfilled`/`onRejected` when `value` (a promise, or anything) settles. */
function whenSettled(
  value: unknown,
  onFulfilled: (result: unknown) => void,
  onRejected: (error: unknown) => void,
): void {
  try {
    // The intrinsic `then`, so a user's `Promise.prototype.then` is never involved.
    PromisePrototypeThen(value as Promise<unknown>, onFulfilled, onRejected);
    return;
  } catch {
    // Not a promise of this realm.
  }
  PromisePrototypeThen(PromiseResolve(value), onFulfilled, onRejected);
}

/** What crosses to the host: strings and plain arrays only. */
function toMessage(request: Request): HttpRequestMessage {
  const state = requestInternals.stateOf(request);
  const entries = state.headers.entries();
  const headers = createList<[string, string]>();
  for (let i = 0; i < entries.length; i++) {
    const pair = entries[i] as HeaderPair;
    headers[i] = [pair[0], pair[1]];
  }
  const method = state.method;
  const url = serializeUrl(state.url, true);
  const bytes = state.body.bytes;
  return bytes === null
    ? { method, url, headers: toUserArray(headers) }
    : { method, url, headers: toUserArray(headers), body: encodeBase64(bytes) };
}

/**
 * Builds the sandbox's `fetch(input, init)`: the request is checked and built here (as undici
 * builds it), then sent to the host through `getSend()`, read at each call: when it returns
 * undefined the run has no network, and fetch rejects with `TypeError('fetch failed')` whose
 * cause says so.
 */
export function createFetch(
  getSend: () => SendHttpRequest | undefined,
): (input: unknown, init?: unknown) => Promise<Response> {
  return function fetch(input: unknown, init: unknown = undefined): Promise<Response> {
    return new PromiseCtor<Response>((resolve, reject) => {
      const request = new Request(input, init);
      const state = requestInternals.stateOf(request);
      const signal = requestInternals.signalOf(request);
      if (isAborted(signal)) {
        reject(abortReason(signal));
        return;
      }
      const scheme = state.url.scheme;
      if (scheme !== 'http' && scheme !== 'https') {
        reject(
          fetchFailed(
            new ErrorCtor(
              `unknown scheme '${scheme}:': this sandbox fetches only http: and https: URLs`,
            ),
          ),
        );
        return;
      }
      if (state.redirect !== 'follow') {
        reject(
          fetchFailed(
            new ErrorCtor(
              `redirect: '${state.redirect}' is not supported in this sandbox: the host follows redirects itself, checking each hop against the network policy (use redirect: 'follow')`,
            ),
          ),
        );
        return;
      }
      const send = getSend();
      if (send === undefined) {
        reject(fetchFailed(new ErrorCtor(NO_NETWORK_MESSAGE)));
        return;
      }
      const message = toMessage(request);

      let settled = false;
      let response: Response | null = null;
      onAbort(signal, () => {
        const reason = abortReason(signal);
        if (!settled) {
          settled = true;
          reject(reason);
        } else if (response !== null) {
          // Aborted after the response came, before its body was read: reading rejects.
          const body = responseInternals.stateOf(response).body;
          if (body.bytes !== null && !body.used) {
            body.errored = true;
            body.error = reason;
          }
        }
      });
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        reject(fetchFailed(causeFrom(error)));
      };
      let pending: unknown;
      try {
        pending = send(message);
      } catch (error) {
        fail(error);
        return;
      }
      whenSettled(
        pending,
        (result) => {
          if (settled) return;
          let created: Response;
          try {
            created = responseFromHost(result, state.method);
          } catch (error) {
            fail(error);
            return;
          }
          settled = true;
          response = created;
          resolve(created);
        },
        fail,
      );
    });
  };
}
