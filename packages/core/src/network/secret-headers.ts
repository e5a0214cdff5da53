import { inspect } from 'node:util';
import { type Destination, type HostPattern, patternMatchesDestination } from './host-pattern';

/**
 * Header values of one `secrets` entry, kept out of logs: `JSON.stringify`, `util.inspect` and
 * `console.log` show `[secret headers]`, and the values are reachable only through `entries()`.
 */
export class SecretHeaders {
  readonly #entries: ReadonlyArray<readonly [string, string]>;

  /** `entries` are [lowercase header name, value] pairs. */
  constructor(entries: ReadonlyArray<readonly [string, string]>) {
    this.#entries = entries;
  }

  /** The [lowercase name, value] pairs to add to a request. */
  entries(): ReadonlyArray<readonly [string, string]> {
    return this.#entries;
  }

  toJSON(): string {
    return '[secret headers]';
  }

  toString(): string {
    return '[secret headers]';
  }

  [inspect.custom](): string {
    return '[secret headers]';
  }
}

/** One resolved `secrets` entry. */
export interface NetworkSecretRule {
  readonly pattern: HostPattern;
  readonly headers: SecretHeaders;
  /** Whether the headers may go over plain http too (else https only). */
  readonly allowHttp: boolean;
}

/** Higher for a narrower pattern: an exact name beats a wildcard, a longer suffix a shorter one. */
function specificity(pattern: HostPattern): number {
  const portBonus = typeof pattern.port === 'number' ? 1 : 0;
  switch (pattern.kind) {
    case 'name':
      return 2 * 1_000_000 + portBonus;
    case 'subdomains':
      return 2 * (1_000 + pattern.suffix.length) + portBonus;
    case 'ip':
      return 2 * pattern.range.prefixLength + portBonus;
    case 'any':
      return portBonus;
  }
}

/**
 * The secret headers for one hop: those of every rule whose pattern covers the hop's host and
 * port, over https (or http where the rule allows it). When several rules set the same header,
 * a later layer's rule wins over an earlier layer's, and within a layer the more specific
 * pattern wins. `rules` holds each layer's rules in layer order, as `ResolvedNetworkPolicy.secrets`.
 */
export function secretHeadersFor(
  rules: ReadonlyArray<NetworkSecretRule & { readonly layer: number }>,
  destination: Destination,
  https: boolean,
): Map<string, string> {
  const matching = rules
    .filter(
      (rule) => (https || rule.allowHttp) && patternMatchesDestination(rule.pattern, destination),
    )
    .map((rule, order) => ({ rule, order, rank: specificity(rule.pattern) }))
    .sort((a, b) => a.rule.layer - b.rule.layer || a.rank - b.rank || a.order - b.order);
  const headers = new Map<string, string>();
  for (const { rule } of matching) {
    for (const [name, value] of rule.headers.entries()) headers.set(name, value);
  }
  return headers;
}

/** Parts of a secret value shorter than this are not scrubbed on their own (`Bearer`, `Basic`). */
const minimumPartLength = 8;
/** Whole values shorter than this are not scrubbed (they would blank ordinary text). */
const minimumValueLength = 4;

/** The strings to scrub for a set of rules: each value, and each long space-separated part of it. */
export function secretFragments(rules: ReadonlyArray<NetworkSecretRule>): string[] {
  const fragments = new Set<string>();
  for (const rule of rules) {
    for (const [, value] of rule.headers.entries()) {
      if (value.length >= minimumValueLength) fragments.add(value);
      for (const part of value.split(/\s+/)) {
        if (part.length >= minimumPartLength) fragments.add(part);
      }
    }
  }
  // Longest first, so a whole value is replaced before a part of it.
  return [...fragments].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of a secret fragment in `text` with `[secret]`. Catches a server that
 * echoes a secret verbatim in a header, status text or redirect URL; not one that encodes,
 * hashes or splits it, and never a response body (which is passed on as it came).
 */
export function scrubSecrets(text: string, fragments: ReadonlyArray<string>): string {
  let scrubbed = text;
  for (const fragment of fragments) {
    if (scrubbed.includes(fragment)) scrubbed = scrubbed.split(fragment).join('[secret]');
  }
  return scrubbed;
}
