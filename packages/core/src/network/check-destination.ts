import { describeSpecialAddressKind, specialAddressKind } from './address-ranges';
import {
  type Destination,
  describeDestination,
  type HostPattern,
  patternCoversAddress,
  patternMatchesDestination,
} from './host-pattern';
import { formatIpAddress, type IpAddress } from './ip-address';
import type { NetworkPolicyLayer, ResolvedNetworkPolicy } from './network-policy';

/**
 * The outcome of a policy check. `message` goes to the sandboxed code; `detail` (for the run's
 * record) may add what the code must not learn, such as the address a name resolved to.
 */
export type PolicyDecision = { ok: true } | { ok: false; message: string; detail: string };

const listedEntries = 10;

function describeAllowList(layer: NetworkPolicyLayer): string {
  const texts = (layer.allow ?? []).map((pattern) => pattern.text);
  if (texts.length === 0) return 'no host is allowed';
  const shown = texts.slice(0, listedEntries).join(', ');
  const more = texts.length > listedEntries ? ` and ${texts.length - listedEntries} more` : '';
  return `allowed: ${shown}${more}`;
}

function refuse(message: string, detail = message): PolicyDecision {
  return { ok: false, message, detail };
}

function matchesIgnoringPort(pattern: HostPattern, destination: Destination): boolean {
  return patternMatchesDestination({ ...pattern, port: 'any' }, destination);
}

/**
 * Checks a request's host and port (before any name is resolved) against every layer: no deny
 * entry may match, and an allow entry must match in each layer that has an allow list. An IP
 * address in the URL is then checked as {@link checkAddresses} does.
 */
export function checkDestination(
  policy: ResolvedNetworkPolicy,
  destination: Destination,
): PolicyDecision {
  const where = describeDestination(destination);
  if (!policy.layers.some((layer) => layer.allow !== undefined)) {
    return refuse(`Network access to ${where} was refused: the network policy allows no host.`);
  }
  for (const layer of policy.layers) {
    const denied = layer.deny.find((pattern) => patternMatchesDestination(pattern, destination));
    if (denied) {
      return refuse(
        `Network access to ${where} was refused: the network policy denies it.`,
        `Network access to ${where} was refused: denied by '${denied.text}'.`,
      );
    }
  }
  for (const layer of policy.layers) {
    if (layer.allow === undefined) continue;
    if (layer.allow.some((pattern) => patternMatchesDestination(pattern, destination))) continue;
    const portOnly = layer.allow.some((pattern) => matchesIgnoringPort(pattern, destination));
    const reason = portOnly
      ? `port ${destination.port} is not allowed for ${destination.host} (an entry without a port allows 80 for http and 443 for https)`
      : `it is not on the network allowlist`;
    return refuse(
      `Network access to ${where} was refused: ${reason} (${describeAllowList(layer)}).`,
    );
  }
  return destination.ip ? checkAddresses(policy, destination, [destination.ip]) : { ok: true };
}

/**
 * Checks the addresses a request would connect to (what its host name resolved to, or the IP
 * address in its URL). Every address must pass every layer, else the request is refused: an
 * address covered by an IP entry in `deny` is refused; a special address (loopback, private,
 * metadata...) needs an IP entry in `allow` that covers it, in each layer that has an allow list.
 */
export function checkAddresses(
  policy: ResolvedNetworkPolicy,
  destination: Destination,
  addresses: ReadonlyArray<IpAddress>,
): PolicyDecision {
  const where = describeDestination(destination);
  const named = destination.ip === undefined;
  for (const address of addresses) {
    const text = formatIpAddress(address);
    const via = named ? `${destination.host} resolves to ${text}` : `${text}`;
    for (const layer of policy.layers) {
      const denied = layer.deny.find((pattern) =>
        patternCoversAddress(pattern, address, destination),
      );
      if (denied) {
        return refuse(
          named
            ? `Network access to ${where} was refused: the host resolves to an address the network policy denies.`
            : `Network access to ${where} was refused: the network policy denies it.`,
          `Network access to ${where} was refused: ${via}, denied by '${denied.text}'.`,
        );
      }
    }
    const kind = specialAddressKind(address);
    if (kind === undefined) continue;
    for (const layer of policy.layers) {
      if (layer.allow === undefined) continue;
      if (layer.allow.some((pattern) => patternCoversAddress(pattern, address, destination)))
        continue;
      const what = describeSpecialAddressKind(kind);
      return refuse(
        named
          ? `Network access to ${where} was refused: the host resolves to ${what}, which the network policy refuses unless the application allows that address by IP.`
          : `Network access to ${where} was refused: it is ${what}, which the network policy refuses unless the application allows that address by IP.`,
        `Network access to ${where} was refused: ${via}, ${what}, and no allow entry covers it by IP.`,
      );
    }
  }
  return { ok: true };
}
