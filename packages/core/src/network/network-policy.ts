import type { HostPattern } from './host-pattern';
import type { NetworkSecretRule } from './secret-headers';

/**
 * Headers the host adds to requests to some hosts, such as an API token. The sandboxed code
 * never sees them: they are added after the policy check, only to a request whose host and port
 * the entry's pattern covers (never to a redirect target on another host), replace headers of
 * the same name the code set, and are scrubbed from response headers, status texts, URLs,
 * messages and records. A server that echoes request headers in a response *body* does expose
 * them to the code: give a secret only to hosts that do not.
 */
export interface NetworkSecret {
  /** Header name to value, e.g. `{ authorization: 'Bearer …' }`. */
  headers: Record<string, string>;
  /**
   * Also add the headers to plain `http:` requests, where they cross the network unencrypted.
   * Without it they are added to `https:` requests only.
   * @default false
   */
  allowHttp?: boolean;
}

/** Resolves a host name to IP addresses (IPv4 or IPv6 text). */
export type NetworkLookup = (hostname: string) => Promise<string[]>;

/**
 * What sandboxed code may reach over the network. With no policy there is no network. Every
 * request is checked on the host, at each redirect hop: its scheme (http or https only), its host
 * and port against `deny` then `allow`, then every address the host name resolves to.
 *
 * Host patterns: `api.github.com`; `*.example.org` (subdomains at any depth, not `example.org`
 * itself); `*` (every host); IP addresses `203.0.113.7`, `[2001:db8::1]`; CIDR ranges
 * `10.0.0.0/8`, `[fd00::]/8`. Each may end in `:port` or `:*` (every port). In `allow` and
 * `secrets` an entry without a port covers the default port of the request's scheme only (80 for
 * http, 443 for https); in `deny` it covers every port.
 *
 * Special addresses (loopback, private, carrier-grade NAT, link-local, unique-local, multicast,
 * unspecified, broadcast, documentation, reserved, cloud metadata such as 169.254.169.254) are
 * refused unless an allow entry names them by IP or by a range covering them: a host name entry
 * or `*` never unlocks them. A host name is refused if ANY of its addresses is refused.
 */
export interface NetworkPolicy {
  /**
   * Hosts the code may reach. A request must match an entry.
   * @default [] (no host)
   */
  allow?: string[];
  /** Hosts refused even when `allow` matches; IP entries also refuse what a name resolves to. */
  deny?: string[];
  /** Headers added by the host per host pattern (same syntax as `allow`); see {@link NetworkSecret}. */
  secrets?: Record<string, NetworkSecret>;
  /**
   * Requests per run (refused ones included; a redirect hop is not a new request).
   * @default 100
   */
  maxRequests?: number;
  /**
   * Largest request body in bytes.
   * @default 10485760 (10 MB)
   */
  maxRequestBytes?: number;
  /**
   * Largest response body in bytes, after decompression; a larger one fails the request.
   * @default 10485760 (10 MB)
   */
  maxResponseBytes?: number;
  /**
   * Time for one request in milliseconds, redirects and reading the body included. The run's
   * own deadline also ends it.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Redirects followed per request; one more fails the request.
   * @default 10
   */
  maxRedirects?: number;
  /**
   * Resolves host names (tests, split-horizon DNS).
   * @default all addresses from `dns.promises.lookup`
   */
  lookup?: NetworkLookup;
}

/**
 * The AI SDK's sandbox network policy (`HarnessV1NetworkPolicy`, as passed to
 * `setNetworkPolicy`), also accepted. `'allow-all'` allows every public host (special addresses
 * still need an IP entry: there is none in this shape, so `allowedCIDRs` of `'custom'` is the way
 * to unlock them); `'deny-all'` allows none; `'custom'` allows `allowedHosts` and `allowedCIDRs`
 * with `deniedCIDRs` winning. Entries in this shape cover every port unless they name one. The
 * limits, `secrets` and `lookup` of {@link NetworkPolicy} may be set beside `mode`.
 */
export type AiSdkNetworkPolicy =
  | { mode: 'allow-all' }
  | { mode: 'deny-all' }
  | {
      mode: 'custom';
      allowedHosts?: ReadonlyArray<string>;
      allowedCIDRs?: ReadonlyArray<string>;
      deniedCIDRs?: ReadonlyArray<string>;
    };

/** What the `network` option accepts. */
export type NetworkPolicyOption =
  | NetworkPolicy
  | (AiSdkNetworkPolicy & Omit<NetworkPolicy, 'allow' | 'deny'>);

/** The numeric limits of a policy. */
export interface NetworkLimits {
  maxRequests: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

/** The limits when no layer sets them. */
export const defaultNetworkLimits: Readonly<NetworkLimits> = {
  maxRequests: 100,
  maxRequestBytes: 10 * 1024 * 1024,
  maxResponseBytes: 10 * 1024 * 1024,
  timeoutMs: 30_000,
  maxRedirects: 10,
};

/** One policy as given (interpreter, session or run), parsed. */
export interface NetworkPolicyLayer {
  /** `undefined` when the layer gave no allow list: it then narrows nothing by host. */
  readonly allow: ReadonlyArray<HostPattern> | undefined;
  readonly deny: ReadonlyArray<HostPattern>;
  /** Only the limits this layer set. */
  readonly limits: Readonly<Partial<NetworkLimits>>;
  readonly secrets: ReadonlyArray<NetworkSecretRule>;
  readonly lookup: NetworkLookup | undefined;
}

/**
 * A checked policy, possibly several layers combined (see `combinePolicies`). A request must pass
 * every layer: match an allow entry of each layer that has an allow list (at least one must),
 * and no deny entry of any.
 */
export interface ResolvedNetworkPolicy {
  readonly layers: ReadonlyArray<NetworkPolicyLayer>;
  /** Effective limits: the smallest any layer set, else the default. */
  readonly limits: Readonly<NetworkLimits>;
  /** Every layer's secrets in layer order; a later layer's header wins over an earlier one's. */
  readonly secrets: ReadonlyArray<NetworkSecretRule & { readonly layer: number }>;
  /** The first layer's `lookup` that is set (the outermost), else the system resolver. */
  readonly lookup: NetworkLookup | undefined;
}
