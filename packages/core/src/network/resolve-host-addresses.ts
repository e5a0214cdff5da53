import { lookup as dnsLookup } from 'node:dns/promises';
import { type IpAddress, parseIpAddress } from './ip-address';
import type { NetworkLookup } from './network-policy';

/** Addresses of one host name kept from a lookup. */
export const maxHostAddresses = 32;

/** A host name could not be resolved; the message names the host only. */
export class HostLookupError extends Error {}

/** Every address of a name from the system resolver (`dns.promises.lookup`, all, verbatim order). */
export const systemLookup: NetworkLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, order: 'verbatim' })).map((entry) => entry.address);

/**
 * Resolves a host name with `lookup` (the system resolver when unset), giving up when `signal`
 * aborts (rejecting with its reason). Throws {@link HostLookupError} when the lookup fails or
 * answers anything but a non-empty list of IP addresses; keeps the first {@link maxHostAddresses}.
 * The lookup's own error is never passed on.
 *
 * @example
 * await resolveHostAddresses('api.test', async () => ['127.0.0.1'], signal); // [{ version: 4, ... }]
 */
export async function resolveHostAddresses(
  hostname: string,
  lookup: NetworkLookup | undefined,
  signal: AbortSignal,
): Promise<IpAddress[]> {
  const failure = new HostLookupError(`The host name ${hostname} could not be resolved.`);
  const answer = await new Promise<unknown>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(() => (lookup ?? systemLookup)(hostname))
      .then(resolve, () => reject(failure))
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
  if (!Array.isArray(answer) || answer.length === 0) throw failure;
  const addresses: IpAddress[] = [];
  for (const text of answer.slice(0, maxHostAddresses)) {
    const address = typeof text === 'string' ? parseIpAddress(text) : undefined;
    if (!address) throw failure;
    addresses.push(address);
  }
  return addresses;
}
