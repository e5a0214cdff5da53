import { type IpAddress, type IpRange, ipRangeContains, parseIpRange } from './ip-address';

/**
 * Why an address is special: sandboxed code may reach it only when an allow entry names it by IP
 * or by a range that covers it (a host name entry never unlocks one).
 *
 * - `metadata`: cloud instance metadata endpoints (169.254.169.254, 169.254.170.2, 100.100.100.200,
 *   fd00:ec2::254), which hand out credentials of the machine.
 * - `loopback`: 127.0.0.0/8, ::1. `private`: 10/8, 172.16/12, 192.168/16, NAT64 local 64:ff9b:1::/48.
 * - `shared`: carrier-grade NAT 100.64.0.0/10. `link-local`: 169.254/16, fe80::/10.
 * - `unique-local`: fc00::/7. `multicast`: 224/4, ff00::/8. `unspecified`: 0.0.0.0/8, ::.
 * - `broadcast`: 255.255.255.255. `documentation`: 192.0.2/24, 198.51.100/24, 203.0.113/24,
 *   2001:db8::/32, 3fff::/20.
 * - `reserved`: everything else IANA sets aside (192.0.0/24, 198.18/15, 240/4, 192.88.99/24, the
 *   IETF 2001::/23 block, deprecated site-local fec0::/10, IPv4-compatible ::/96) and every IPv6
 *   address outside global unicast 2000::/3.
 */
export type SpecialAddressKind =
  | 'metadata'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

function ranges(
  entries: Array<[string, SpecialAddressKind]>,
): Array<[IpRange, SpecialAddressKind]> {
  return entries.map(([text, kind]) => {
    const range = parseIpRange(text);
    if ('error' in range) throw new Error(`bad built-in range ${text}`);
    return [range, kind];
  });
}

/** Checked in order: the first range that contains an address gives its kind. */
const specialRanges = ranges([
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['fd00:ec2::254', 'metadata'],
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved'],
  ['64:ff9b:1::/48', 'private'],
  ['2001:db8::/32', 'documentation'],
  ['2001::/23', 'reserved'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'reserved'],
  ['ff00::/8', 'multicast'],
]);

/** IPv6 ranges that carry an IPv4 address: [range, offset of the IPv4 bytes]. */
const embeddingRanges = ranges([
  ['64:ff9b::/96', 'reserved'], // NAT64: the IPv4 address in the last 4 bytes
  ['2002::/16', 'reserved'], // 6to4: the IPv4 address in bytes 2–5
]).map(([range], index): [IpRange, number] => [range, index === 0 ? 12 : 2]);

const globalUnicast = ranges([['2000::/3', 'reserved']])[0]?.[0] as IpRange;

/**
 * The kind of a special address, or `undefined` for an ordinary public one. An IPv6 address that
 * carries an IPv4 address (NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) has the kind of that address.
 *
 * @example
 * specialAddressKind(parseIpAddress('::ffff:169.254.169.254')!); // 'metadata'
 * specialAddressKind(parseIpAddress('93.184.215.14')!); // undefined
 */
export function specialAddressKind(address: IpAddress): SpecialAddressKind | undefined {
  for (const [range, kind] of specialRanges) if (ipRangeContains(range, address)) return kind;
  if (address.version === 4) return undefined;
  for (const [range, offset] of embeddingRanges) {
    if (ipRangeContains(range, address)) {
      return specialAddressKind({ version: 4, bytes: address.bytes.slice(offset, offset + 4) });
    }
  }
  return ipRangeContains(globalUnicast, address) ? undefined : 'reserved';
}

const kindNames: Record<SpecialAddressKind, string> = {
  metadata: 'a cloud metadata address',
  loopback: 'a loopback address',
  private: 'a private address',
  shared: 'a carrier-grade NAT address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  documentation: 'a documentation address',
  reserved: 'a reserved address',
};

/** The kind in words for messages: `'a private address'`. */
export function describeSpecialAddressKind(kind: SpecialAddressKind): string {
  return kindNames[kind];
}
