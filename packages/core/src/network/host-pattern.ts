import { domainToASCII } from 'node:url';
import {
  formatIpAddress,
  type IpAddress,
  type IpRange,
  ipRangeContains,
  parseIpAddress,
  parseIpRange,
} from './ip-address';

/**
 * The ports a host pattern covers: one port, every port (`'any'`, written `:*`), or the default
 * port of the request's scheme (`'default'`: 80 for http, 443 for https), which is what an allow
 * entry without a port means.
 */
export type PortRule = number | 'any' | 'default';

/** One parsed entry of `allow`, `deny` or `secrets`; `text` is the entry as written. */
export type HostPattern =
  | { readonly kind: 'any'; readonly port: PortRule; readonly text: string }
  | { readonly kind: 'name'; readonly name: string; readonly port: PortRule; readonly text: string }
  | {
      readonly kind: 'subdomains';
      /** `'.example.org'` for `*.example.org`. */
      readonly suffix: string;
      readonly port: PortRule;
      readonly text: string;
    }
  | {
      readonly kind: 'ip';
      readonly range: IpRange;
      readonly port: PortRule;
      readonly text: string;
    };

/** Where one request goes: its host as the URL has it (normalized) and its port. */
export interface Destination {
  /** Lowercase ASCII host name without a trailing dot, or an IP address's text. */
  readonly host: string;
  /** Set when the URL names an IP address rather than a host name. */
  readonly ip: IpAddress | undefined;
  readonly port: number;
  /** The scheme's default port: 80 for http, 443 for https. */
  readonly defaultPort: number;
}

const labelPattern = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Normalizes a host name (IDN to punycode, lowercase, no trailing dot); `undefined` if invalid. */
export function normalizeHostName(text: string): string | undefined {
  const withoutDot = text.endsWith('.') ? text.slice(0, -1) : text;
  const ascii = domainToASCII(withoutDot);
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  if (!labels.every((label) => labelPattern.test(label))) return undefined;
  // A name whose last label is a number is an IPv4 address in a form URLs rewrite (`127.1`).
  if (/^(0x[0-9a-f]*|[0-9]+)$/.test(labels[labels.length - 1] ?? '')) return undefined;
  return ascii;
}

function parsePort(text: string): PortRule | undefined {
  if (text === '*') return 'any';
  if (!/^[1-9][0-9]{0,4}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65_535 ? port : undefined;
}

/**
 * Parses one host pattern: `api.github.com`, `*.example.org` (subdomains at any depth, not the
 * apex), `*` (every host), an IP address (`203.0.113.7`, `[2001:db8::1]`, `2001:db8::1`) or a
 * CIDR range (`10.0.0.0/8`, `[fd00::]/8`), each optionally followed by `:port` or `:*` (a bare
 * IPv6 address takes no port: write it in brackets). `absentPort` is what no port means.
 * Returns a message saying what to write instead when the text is not a pattern.
 *
 * @example
 * parseHostPattern('*.example.org:8443', 'default'); // { kind: 'subdomains', suffix: '.example.org', port: 8443, ... }
 */
export function parseHostPattern(
  text: string,
  absentPort: PortRule,
): HostPattern | { error: string } {
  if (text.length === 0) return { error: "is empty: write a host such as 'api.github.com'" };
  if (text.length > 300) return { error: 'is longer than 300 characters' };
  if (/\s/.test(text)) return { error: 'contains spaces: write one host per entry' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let host = '';
    try {
      host = new URL(text).host;
    } catch {}
    return {
      error: `is a URL: write the host only${host ? ` ('${host}')` : ''}; a path cannot be allowed`,
    };
  }
  let hostText = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { error: "has '[' without ']'" };
    const rest = text.slice(close + 1);
    const match = /^(\/[0-9]+)?(?::(.*))?$/.exec(rest);
    if (!match) return { error: "has text after ']' that is neither '/prefix' nor ':port'" };
    hostText = text.slice(1, close) + (match[1] ?? '');
    portText = match[2];
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const colon = text.indexOf(':');
    hostText = text.slice(0, colon);
    portText = text.slice(colon + 1);
  }
  let port: PortRule = absentPort;
  if (portText !== undefined) {
    const parsed = parsePort(portText);
    if (parsed === undefined)
      return { error: "has a port that is not a number from 1 to 65535 or '*'" };
    port = parsed;
  }
  if (hostText === '*') return { kind: 'any', port, text };
  if (hostText.startsWith('*.')) {
    const name = normalizeHostName(hostText.slice(2));
    if (!name || name.includes('*'))
      return { error: "is not a valid wildcard: write '*.example.org'" };
    return { kind: 'subdomains', suffix: `.${name}`, port, text };
  }
  if (hostText.includes('*')) {
    return { error: "has a wildcard that is not the first label: write '*.example.org' or '*'" };
  }
  const slash = hostText.indexOf('/');
  if (slash >= 0 && !parseIpAddress(hostText.slice(0, slash))) {
    return { error: `has a path: write the host only ('${hostText.slice(0, slash)}')` };
  }
  if (hostText.includes(':') || slash >= 0 || parseIpAddress(hostText)) {
    const range = parseIpRange(hostText);
    if ('error' in range) return { error: `is not a valid IP address or range: ${range.error}` };
    return { kind: 'ip', range, port, text };
  }
  const name = normalizeHostName(hostText);
  if (!name) {
    return {
      error: /^[0-9.]+$/.test(hostText)
        ? "is not an IP address: write four numbers from 0 to 255 such as '203.0.113.7'"
        : "is not a valid host name: write a name such as 'api.github.com'",
    };
  }
  return { kind: 'name', name, port, text };
}

/** True when `rule` covers `port` (`'default'`: only the scheme's default port). */
export function portMatches(rule: PortRule, port: number, defaultPort: number): boolean {
  if (rule === 'any') return true;
  if (rule === 'default') return port === defaultPort;
  return rule === port;
}

/** True when the pattern covers the URL's host and port (IP patterns match only IP URLs). */
export function patternMatchesDestination(pattern: HostPattern, destination: Destination): boolean {
  if (!portMatches(pattern.port, destination.port, destination.defaultPort)) return false;
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'name':
      return destination.ip === undefined && destination.host === pattern.name;
    case 'subdomains':
      return (
        destination.ip === undefined &&
        destination.host.length > pattern.suffix.length &&
        destination.host.endsWith(pattern.suffix)
      );
    case 'ip':
      return destination.ip !== undefined && ipRangeContains(pattern.range, destination.ip);
  }
}

/** True when an IP pattern covers an address the destination resolved to (never a name pattern). */
export function patternCoversAddress(
  pattern: HostPattern,
  address: IpAddress,
  destination: Destination,
): boolean {
  return (
    pattern.kind === 'ip' &&
    portMatches(pattern.port, destination.port, destination.defaultPort) &&
    ipRangeContains(pattern.range, address)
  );
}

/** The destination of a parsed http(s) URL. */
export function destinationOf(url: URL): Destination {
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  const port = url.port ? Number(url.port) : defaultPort;
  const ip = parseIpAddress(url.hostname);
  if (ip) return { host: formatIpAddress(ip), ip, port, defaultPort };
  const host = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  return { host, ip: undefined, port, defaultPort };
}

/** `host:port` for messages, with IPv6 in brackets. */
export function describeDestination(destination: Destination): string {
  const host = destination.ip?.version === 6 ? `[${destination.host}]` : destination.host;
  return `${host}:${destination.port}`;
}
