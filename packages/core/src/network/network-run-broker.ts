import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { ConcurrencySlots } from '../tools/concurrency-slots';
import { checkAddresses, checkDestination } from './check-destination';
import { combinePolicies } from './combine-policies';
import { type Destination, describeDestination, destinationOf } from './host-pattern';
import { type AbortKind, requestFailureMessage } from './network-error-message';
import type { ResolvedNetworkPolicy } from './network-policy';
import { sendPinnedRequest } from './pinned-request';
import { type PreparedRequest, prepareSandboxRequest } from './prepare-sandbox-request';
import { acceptedEncodings, readResponseBody } from './read-response-body';
import { bodyHeaderNames, crossOriginDroppedNames } from './request-headers';
import { resolveHostAddresses } from './resolve-host-addresses';
import type { NetworkRecord, SandboxHttpAnswer, SandboxHttpRequest } from './sandbox-http';
import { scrubSecrets, secretFragments, secretHeadersFor } from './secret-headers';

/** Requests of one run in flight at once; the rest wait in order (bounds buffered bodies). */
export const maxConcurrentRequests = 16;
/** Recorded URLs are cut to this many characters. */
const recordedUrlLength = 2_000;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** Response headers not passed on: they describe the connection, not the resource. */
const connectionHeaders = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
]);

/** Options of {@link NetworkRunBroker}. */
export interface NetworkRunBrokerOptions {
  /** The run's time limit in milliseconds, from now: requests still in flight then are aborted. */
  timeoutMs: number;
  /** PEM certificates trusted besides Node's root store (tests, private certificate authorities). */
  trustedCertificates?: ReadonlyArray<string>;
}

/** One request of the code while it is handled: its current hop, and whether it is recorded. */
interface RequestState {
  method: string;
  url: string;
  hopStart: number;
  /** It got a slot (else it is waiting for one). */
  started: boolean;
  /** Its outcome is recorded: nothing more is recorded for it. */
  settled: boolean;
}

/**
 * The host's side of one run's network: performs the HTTP requests of the run's code under its
 * policy and records each one. For every hop (redirects are followed here, each hop checked
 * anew): only http and https; the host and port against deny and allow; the host name resolved on
 * the host (the policy's `lookup`) and EVERY address checked, the request refused if any is
 * denied or special without an IP allow entry; the connection then pinned to the checked
 * addresses, so a DNS answer cannot change between check and connect while TLS still verifies
 * the host name. Secret headers are added after the checks, per hop, only where their pattern
 * matches (over https unless the secret allows http), and scrubbed from everything the code or
 * the record gets back except a response body: a server that echoes a secret in its body hands
 * it to the code.
 *
 * Limits: `maxRequests` per run (refused ones count; beyond it only the first refusal is
 * recorded), `maxRequestBytes`, `maxResponseBytes` (decoded; gzip, deflate and br are decoded
 * under the same cap), `timeoutMs` per request (redirects and body included), `maxRedirects`,
 * the run's own deadline, and {@link maxConcurrentRequests} at once. No proxy is used.
 *
 * @example
 * const broker = new NetworkRunBroker(resolveNetworkPolicy({ allow: ['api.github.com'] }, 'network'), { timeoutMs: 30_000 });
 * const answer = await broker.fetch({ method: 'GET', url: 'https://api.github.com/zen', headers: [] });
 * const records = broker.finish();
 */
export class NetworkRunBroker {
  private readonly policy: ResolvedNetworkPolicy;
  private readonly records: NetworkRecord[] = [];
  private readonly controller = new AbortController();
  private readonly deadline: NodeJS.Timeout;
  private readonly fragments: string[];
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly slots: ConcurrencySlots;
  private readonly pending = new Set<RequestState>();
  private requests = 0;
  private finished = false;

  constructor(
    policy: ResolvedNetworkPolicy | ReadonlyArray<ResolvedNetworkPolicy>,
    options: NetworkRunBrokerOptions,
  ) {
    this.slots = new ConcurrencySlots(maxConcurrentRequests);
    this.policy = Array.isArray(policy)
      ? combinePolicies(policy)
      : (policy as ResolvedNetworkPolicy);
    this.fragments = secretFragments(this.policy.secrets);
    const agentOptions = { keepAlive: true, maxSockets: maxConcurrentRequests };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent({
      ...agentOptions,
      ...(options.trustedCertificates
        ? { ca: [...rootCertificates, ...options.trustedCertificates] }
        : {}),
    });
    this.deadline = setTimeout(
      () => this.controller.abort('deadline' satisfies AbortKind),
      options.timeoutMs,
    );
    this.deadline.unref?.();
  }

  /** Requests the run's code made (refused ones included; redirect hops not counted). */
  get requestCount(): number {
    return this.requests;
  }

  /**
   * Performs one request of the run's code; never rejects. `signal` is the code's own abort
   * signal: aborting it cancels the request (the answer then has `aborted: true`).
   */
  async fetch(
    request: SandboxHttpRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<SandboxHttpAnswer> {
    if (this.finished) return { ok: false, message: 'The run that made this request has ended.' };
    this.requests++;
    const state: RequestState = {
      method: typeof request?.method === 'string' ? request.method.slice(0, 20) : '?',
      url: typeof request?.url === 'string' ? request.url : '',
      hopStart: performance.now(),
      started: false,
      settled: false,
    };
    const { maxRequests } = this.policy.limits;
    if (this.requests > maxRequests) {
      const message = `This run already made ${maxRequests} network requests, the most one run may make (maxRequests): make fewer requests, or do the rest in a later run.`;
      if (this.requests === maxRequests + 1) this.settle(state, { denied: message });
      return { ok: false, message, denied: true };
    }
    const prepared = prepareSandboxRequest(request, this.policy.limits);
    if (!prepared.ok) {
      this.settle(
        state,
        prepared.denied ? { denied: prepared.message } : { error: prepared.message },
      );
      return {
        ok: false,
        message: this.clean(prepared.message),
        ...(prepared.denied ? { denied: true } : {}),
      };
    }
    state.method = prepared.method;
    state.url = prepared.url.href;
    this.pending.add(state);
    await this.slots.take();
    try {
      if (this.finished || this.controller.signal.aborted) {
        const message = this.finished
          ? 'The request was not started: the run ended.'
          : 'The request was not started: the run reached its time limit.';
        this.settle(state, { error: message });
        return { ok: false, message };
      }
      state.started = true;
      return await this.perform(prepared, state, options.signal);
    } finally {
      this.pending.delete(state);
      this.slots.release();
    }
  }

  /**
   * Ends the run's network: requests in flight are aborted and recorded as cancelled, later ones
   * refused. Returns every record; none is added afterwards.
   */
  finish(): NetworkRecord[] {
    if (!this.finished) {
      for (const state of this.pending) {
        this.settle(state, {
          error: state.started
            ? 'The request was cancelled: the run ended.'
            : 'The request was not started: the run ended.',
        });
      }
      this.finished = true;
      clearTimeout(this.deadline);
      if (!this.controller.signal.aborted) this.controller.abort('ended' satisfies AbortKind);
      this.slots.releaseWaiting();
      this.httpAgent.destroy();
      this.httpsAgent.destroy();
    }
    return this.records;
  }

  /** Follows the request through its redirects; answers and records every hop. */
  private async perform(
    prepared: PreparedRequest,
    state: RequestState,
    callerSignal: AbortSignal | undefined,
  ): Promise<SandboxHttpAnswer> {
    const { limits } = this.policy;
    const cancel = new AbortController();
    const abort = (kind: AbortKind) => {
      if (!cancel.signal.aborted) cancel.abort(kind);
    };
    const onRunAbort = () => abort(this.controller.signal.reason as AbortKind);
    const onCallerAbort = () => abort('caller');
    const timer = setTimeout(() => abort('timeout'), limits.timeoutMs);
    this.controller.signal.addEventListener('abort', onRunAbort, { once: true });
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    if (this.controller.signal.aborted) onRunAbort();
    if (callerSignal?.aborted) onCallerAbort();

    let { method, url, body } = prepared;
    const headers = new Map(prepared.headers);
    let redirects = 0;
    let destination: Destination = destinationOf(url);
    let status: number | undefined;
    try {
      for (;;) {
        state.method = method;
        state.url = url.href;
        state.hopStart = performance.now();
        status = undefined;
        destination = destinationOf(url);
        const where = describeDestination(destination);
        const allowed = checkDestination(this.policy, destination);
        if (!allowed.ok) return this.deny(state, allowed.message, allowed.detail);
        const addresses = destination.ip
          ? [destination.ip]
          : await resolveHostAddresses(destination.host, this.policy.lookup, cancel.signal);
        const vetted = checkAddresses(this.policy, destination, addresses);
        if (!vetted.ok) return this.deny(state, vetted.message, vetted.detail);
        const https = url.protocol === 'https:';
        const response = await sendPinnedRequest({
          url,
          method,
          headers: this.outgoingHeaders(headers, method, body, destination, https),
          body,
          addresses,
          agent: https ? this.httpsAgent : this.httpAgent,
          signal: cancel.signal,
        });
        status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (
          !redirectStatuses.has(status) ||
          location === undefined ||
          prepared.redirect === 'manual'
        ) {
          return await this.answer(response, state, url, redirects > 0, cancel.signal);
        }
        response.destroy();
        const fail = (message: string): SandboxHttpAnswer => {
          this.settle(state, { status, error: message });
          return { ok: false, message: this.clean(message) };
        };
        if (prepared.redirect === 'error') {
          return fail(
            `The response from ${where} was a redirect, and the request's redirect mode is 'error'.`,
          );
        }
        if (redirects >= limits.maxRedirects) {
          return fail(
            `The request was redirected more than ${limits.maxRedirects} times (maxRedirects).`,
          );
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return fail(`The response from ${where} redirected to an invalid URL.`);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          return fail(
            `The response from ${where} redirected to a ${next.protocol.slice(0, 20)} URL; only http and https can be fetched.`,
          );
        }
        if (next.username || next.password) {
          return fail(`The response from ${where} redirected to a URL with credentials.`);
        }
        this.record({
          method,
          url: url.href,
          status,
          bytes: 0,
          ms: performance.now() - state.hopStart,
        });
        next.hash = '';
        const toGet =
          ((status === 301 || status === 302) && method === 'POST') ||
          (status === 303 && method !== 'GET' && method !== 'HEAD');
        if (toGet) {
          method = 'GET';
          body = undefined;
          for (const name of bodyHeaderNames) headers.delete(name);
        }
        if (next.origin !== url.origin)
          for (const name of crossOriginDroppedNames) headers.delete(name);
        url = next;
        redirects++;
      }
    } catch (error) {
      const where = describeDestination(destination);
      const kind = cancel.signal.aborted ? (cancel.signal.reason as AbortKind) : undefined;
      const message = requestFailureMessage(error, kind, where, limits.timeoutMs);
      this.settle(state, { ...(status === undefined ? {} : { status }), error: message });
      return {
        ok: false,
        message: this.clean(message),
        ...(kind === 'caller' ? { aborted: true } : {}),
      };
    } finally {
      clearTimeout(timer);
      this.controller.signal.removeEventListener('abort', onRunAbort);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** Reads the final response's body and builds the code's answer. */
  private async answer(
    response: IncomingMessage,
    state: RequestState,
    url: URL,
    redirected: boolean,
    signal: AbortSignal,
  ): Promise<SandboxHttpAnswer> {
    const status = response.statusCode ?? 0;
    const { body, decoded } = await readResponseBody(response, {
      contentEncoding: response.headers['content-encoding'],
      contentLength: response.headers['content-length'],
      maxBytes: this.policy.limits.maxResponseBytes,
      signal,
    });
    const headers: Array<[string, string]> = [];
    const raw = response.rawHeaders;
    for (let index = 0; index + 1 < raw.length; index += 2) {
      const name = (raw[index] ?? '').toLowerCase();
      if (connectionHeaders.has(name)) continue;
      if (decoded && (name === 'content-encoding' || name === 'content-length')) continue;
      headers.push([name, this.clean(raw[index + 1] ?? '')]);
    }
    this.settle(state, { status, bytes: body.length });
    return {
      ok: true,
      status,
      statusText: this.clean(response.statusMessage ?? ''),
      headers,
      url: this.clean(url.href),
      redirected,
      body: body.toString('base64'),
    };
  }

  /** The headers sent on one hop: the code's, defaults, then the secrets for this hop. */
  private outgoingHeaders(
    headers: Map<string, string>,
    method: string,
    body: Buffer | undefined,
    destination: Destination,
    https: boolean,
  ): Record<string, string> {
    const outgoing: Record<string, string> = { accept: '*/*', 'user-agent': 'code-interpreter' };
    for (const [name, value] of headers) outgoing[name] = value;
    outgoing['accept-encoding'] = acceptedEncodings;
    if (body !== undefined) outgoing['content-length'] = String(body.length);
    else if (method === 'POST' || method === 'PUT') outgoing['content-length'] = '0';
    for (const [name, value] of secretHeadersFor(this.policy.secrets, destination, https))
      outgoing[name] = value;
    return outgoing;
  }

  private deny(state: RequestState, message: string, detail: string): SandboxHttpAnswer {
    this.settle(state, { denied: detail });
    return { ok: false, message: this.clean(message), denied: true };
  }

  private clean(text: string): string {
    return scrubSecrets(text, this.fragments);
  }

  /** Records a request's outcome at its current hop, once; nothing after `finish()`. */
  private settle(state: RequestState, outcome: Partial<NetworkRecord>): void {
    if (state.settled) return;
    state.settled = true;
    this.record({
      method: state.method,
      url: state.url,
      bytes: 0,
      ms: performance.now() - state.hopStart,
      ...outcome,
    });
  }

  private record(entry: NetworkRecord): void {
    if (this.finished) return;
    const url = this.clean(entry.url);
    entry.url = url.length > recordedUrlLength ? `${url.slice(0, recordedUrlLength)}…` : url;
    entry.ms = Math.round(entry.ms * 100) / 100;
    if (entry.denied !== undefined) entry.denied = this.clean(entry.denied);
    if (entry.error !== undefined) entry.error = this.clean(entry.error);
    this.records.push(entry);
  }
}
