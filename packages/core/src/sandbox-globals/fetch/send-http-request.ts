import type { SandboxHttpAnswer, SandboxHttpRequest } from '../../network/sandbox-http';

/** One HTTP request as the sandbox hands it to the host (the host's own type: only strings and plain arrays cross). */
export type HttpRequestMessage = Omit<SandboxHttpRequest, 'redirect'>;

/** The host's answer to one request (after it followed any redirects): a successful `SandboxHttpAnswer` without its `ok`. */
export type HttpResponseMessage = Omit<Extract<SandboxHttpAnswer, { ok: true }>, 'ok'>;

/**
 * Sends one request to the host, which enforces the network policy and performs it. Rejects with
 * an Error whose message says why (denied by the policy, too large, timed out); fetch then
 * rejects with `TypeError('fetch failed', { cause })`, as undici does, the cause carrying that
 * message.
 */
export type SendHttpRequest = (request: HttpRequestMessage) => Promise<HttpResponseMessage>;
