/** One HTTP request as the sandbox hands it to the host. Only strings and plain arrays. */
export interface HttpRequestMessage {
  /** Normalized method (`GET`, `POST`, `patch` stays as written, as in undici). */
  method: string;
  /** Absolute `http:` or `https:` URL, without fragment. */
  url: string;
  /** Header pairs in the order first set, names as first written, repeated names combined. */
  headers: Array<[string, string]>;
  /** The body, Base64-encoded; absent when the request has none. */
  body?: string;
}

/** The host's answer to one request (after it followed any redirects). */
export interface HttpResponseMessage {
  status: number;
  statusText: string;
  /** Header pairs as received (`set-cookie` once per cookie). */
  headers: Array<[string, string]>;
  /** The final URL, after redirects. */
  url: string;
  redirected: boolean;
  /** The body, Base64-encoded ('' for none). */
  body: string;
}

/**
 * Sends one request to the host, which enforces the network policy and performs it. Rejects with
 * an Error whose message says why (denied by the policy, too large, timed out); fetch then
 * rejects with `TypeError('fetch failed', { cause })`, as undici does, the cause carrying that
 * message.
 */
export type SendHttpRequest = (request: HttpRequestMessage) => Promise<HttpResponseMessage>;
