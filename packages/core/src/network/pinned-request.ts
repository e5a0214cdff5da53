import http, { type Agent, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { formatIpAddress, type IpAddress } from './ip-address';

/** One HTTP exchange to addresses the policy has already vetted. */
export interface PinnedRequest {
  url: URL;
  method: string;
  /** Lowercase name to value; `host` and `content-length` are computed here. */
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** The vetted addresses of `url`'s host, in the order to try them (at least one). */
  addresses: ReadonlyArray<IpAddress>;
  /** An `http.Agent` for http URLs, an `https.Agent` for https ones. */
  agent: Agent;
  signal: AbortSignal;
}

/**
 * A `lookup` for `net.connect` that answers with the vetted addresses whatever name it is asked
 * for, so the connection goes to an address the policy checked (DNS cannot change it between the
 * check and the connect) while the URL's host name stays the TLS server name and `Host` header.
 */
export function pinnedLookup(addresses: ReadonlyArray<IpAddress>): LookupFunction {
  const answers = addresses.map((address) => ({
    address: formatIpAddress(address),
    family: address.version,
  }));
  return ((
    _hostname: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    const first = answers[0];
    if (!first) {
      callback(Object.assign(new Error('no vetted address'), { code: 'ENOTFOUND' }));
      return;
    }
    if (options?.all) callback(null, answers);
    else callback(null, first.address, first.family);
  }) as LookupFunction;
}

/**
 * Sends the request with Node's `http`/`https` client, connecting only to the vetted addresses
 * (tried in turn by Node's happy-eyeballs when there are several); TLS still verifies the
 * certificate against the URL's host name. Resolves when the response head arrives; the body is
 * the caller's to read or destroy.
 */
export function sendPinnedRequest(request: PinnedRequest): Promise<IncomingMessage> {
  const { url } = request;
  const client = url.protocol === 'https:' ? https : http;
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return new Promise((resolve, reject) => {
    const outgoing = client.request({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: request.headers,
      agent: request.agent,
      signal: request.signal,
      lookup: pinnedLookup(request.addresses),
    });
    outgoing.once('response', resolve);
    // Kept for the request's whole life: an abort while the body is read must not go unhandled.
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
