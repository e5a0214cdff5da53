import type { HostPattern } from './host-pattern';
import type { ResolvedNetworkPolicy } from './network-policy';

const listedEntries = 30;

function describePattern(pattern: HostPattern): string {
  if (pattern.kind === 'any') {
    return pattern.port === 'any'
      ? 'any public host'
      : `any public host${typeof pattern.port === 'number' ? ` on port ${pattern.port}` : ''}`;
  }
  return pattern.text;
}

function describeList(patterns: ReadonlyArray<HostPattern>): string {
  const shown = patterns.slice(0, listedEntries).map(describePattern).join(', ');
  return patterns.length > listedEntries
    ? `${shown} and ${patterns.length - listedEntries} more`
    : shown;
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
    : `${bytes} bytes`;
}

/**
 * One paragraph for a model about what its code may reach over the network (for a tool
 * description): the allowed hosts of each layer, the denied ones, and the limits. Secrets are not
 * mentioned beyond the fact that the host adds some headers (the names of hosts that get them
 * are not listed).
 *
 * @example
 * describeNetworkPolicy(resolveNetworkPolicy({ allow: ['api.github.com'] }, 'network'));
 * // 'The code can make HTTP requests (fetch) to: api.github.com. An entry without a port ...'
 */
export function describeNetworkPolicy(policy: ResolvedNetworkPolicy): string {
  const lists = policy.layers.flatMap((layer) => (layer.allow === undefined ? [] : [layer.allow]));
  if (lists.length === 0 || lists.some((list) => list.length === 0)) {
    return 'The code has no network access.';
  }
  const allowed =
    lists.length === 1
      ? `to: ${describeList(lists[0] ?? [])}`
      : `to hosts on every one of these lists: ${lists.map((list) => `(${describeList(list)})`).join(' and ')}`;
  const denied = policy.layers.flatMap((layer) => layer.deny);
  const { maxRequests, maxResponseBytes, timeoutMs } = policy.limits;
  return [
    `The code can make HTTP requests (fetch) ${allowed}.`,
    'An entry without a port allows ports 80 (http) and 443 (https); private, loopback and cloud metadata addresses are refused unless listed by IP.',
    denied.length > 0 ? `Refused: ${describeList(denied)}.` : '',
    policy.secrets.length > 0
      ? 'The host adds credentials to some requests itself: do not send your own.'
      : '',
    `At most ${maxRequests} requests per run, ${megabytes(maxResponseBytes)} per response, ${timeoutMs / 1000} s per request.`,
  ]
    .filter((sentence) => sentence !== '')
    .join(' ');
}
