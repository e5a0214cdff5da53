import type { NetworkLimits } from './network-policy';
import { prepareRequestHeaders } from './request-headers';
import type { SandboxHttpRequest } from './sandbox-http';

/** Longest URL a request may have. */
export const maxUrlLength = 16_384;

/** Methods `fetch` upper-cases; others are sent as written. */
const normalizedMethods = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
/** Methods `fetch` refuses. */
const forbiddenMethods = ['CONNECT', 'TRACE', 'TRACK'];
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** A request checked and decoded, ready for the policy. */
export interface PreparedRequest {
  method: string;
  url: URL;
  headers: Map<string, string>;
  body: Buffer | undefined;
  redirect: 'follow' | 'manual' | 'error';
}

/** Why a request was not prepared: `denied` for a refusal by a rule or limit, else malformed. */
export type PrepareFailure = { ok: false; message: string; denied: boolean };

/**
 * Checks what the sandbox sent before anything leaves the host: an absolute http(s) URL without
 * credentials, a valid method (not CONNECT/TRACE/TRACK), valid headers, a base64 body of at most
 * `maxRequestBytes` (checked before decoding), none with GET or HEAD.
 */
export function prepareSandboxRequest(
  request: SandboxHttpRequest,
  limits: Pick<NetworkLimits, 'maxRequestBytes'>,
): ({ ok: true } & PreparedRequest) | PrepareFailure {
  const fail = (message: string, denied = false): PrepareFailure => ({
    ok: false,
    message,
    denied,
  });
  if (request === null || typeof request !== 'object') return fail('The request is not an object.');
  if (typeof request.url !== 'string') return fail('The request has no URL.');
  if (request.url.length > maxUrlLength) {
    return fail(
      `The URL is ${request.url.length} characters long, more than ${maxUrlLength}.`,
      true,
    );
  }
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return fail(`${JSON.stringify(request.url.slice(0, 200))} is not an absolute URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(
      `Only http and https URLs can be fetched (got ${url.protocol.slice(0, 20)}).`,
      true,
    );
  }
  if (url.username || url.password) {
    return fail('The URL includes credentials: send them in a header instead.');
  }
  url.hash = '';
  if (typeof request.method !== 'string' || !tokenPattern.test(request.method)) {
    return fail('The request method is not a valid HTTP method.');
  }
  const upper = request.method.toUpperCase();
  if (forbiddenMethods.includes(upper)) return fail(`The ${upper} method is not allowed.`, true);
  const method = normalizedMethods.includes(upper) ? upper : request.method;
  const redirect = request.redirect ?? 'follow';
  if (redirect !== 'follow' && redirect !== 'manual' && redirect !== 'error') {
    return fail("The redirect mode must be 'follow', 'manual' or 'error'.");
  }
  let body: Buffer | undefined;
  if (request.body !== undefined && request.body !== null) {
    if (typeof request.body !== 'string') return fail('The request body is not base64 text.');
    if (method === 'GET' || method === 'HEAD')
      return fail(`A ${method} request cannot have a body.`);
    const padding = request.body.endsWith('==') ? 2 : request.body.endsWith('=') ? 1 : 0;
    const bytes = Math.floor((request.body.length * 3) / 4) - padding;
    if (bytes > limits.maxRequestBytes) {
      return fail(
        `The request body is ${bytes} bytes, more than the ${limits.maxRequestBytes} a request may send (maxRequestBytes).`,
        true,
      );
    }
    if (request.body.length % 4 !== 0 || !base64Pattern.test(request.body)) {
      return fail('The request body is not valid base64.');
    }
    body = Buffer.from(request.body, 'base64');
  }
  const headers = prepareRequestHeaders(request.headers ?? []);
  if (!headers.ok) return fail(headers.message);
  return { ok: true, method, url, headers: headers.headers, body, redirect };
}
