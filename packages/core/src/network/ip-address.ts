/**
 * An IP address as bytes: 4 for IPv4, 16 for IPv6. An IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`) is parsed as the IPv4 address it maps to, so that every check that holds
 * for an IPv4 address holds for its mapped form too.
 */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly bytes: Uint8Array;
}

/** A range of IP addresses in CIDR form: the first `prefixLength` bits of `bytes` are fixed. */
export interface IpRange {
  readonly version: 4 | 6;
  readonly bytes: Uint8Array;
  readonly prefixLength: number;
}

/** Strict dotted-quad IPv4 (no leading zeros, no shortened forms such as `127.1`). */
function parseIpv4Bytes(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let index = 0; index < 4; index++) {
    const part = parts[index] ?? '';
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[index] = value;
  }
  return bytes;
}

/** IPv6 in any RFC 4291 text form (`::`, a trailing dotted quad, a `%zone` which is ignored). */
function parseIpv6Bytes(input: string): Uint8Array | undefined {
  let text = input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (text.length === 0 || text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let embedded: Uint8Array | undefined;
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    embedded = parseIpv4Bytes(text.slice(lastColon + 1));
    if (!embedded) return undefined;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  if (embedded) bytes.set(embedded, 12);
  return bytes;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let index = 0; index < 10; index++) if (bytes[index] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * Parses an IPv4 address (`203.0.113.7`) or an IPv6 address (`2001:db8::1`, with or without
 * brackets); returns `undefined` for anything else, host names included.
 *
 * @example
 * parseIpAddress('::ffff:10.0.0.1'); // { version: 4, bytes: [10, 0, 0, 1] }
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const v4 = parseIpv4Bytes(text);
  if (v4) return { version: 4, bytes: v4 };
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v6 = parseIpv6Bytes(bare);
  if (!v6) return undefined;
  if (isIpv4Mapped(v6)) return { version: 4, bytes: v6.slice(12) };
  return { version: 6, bytes: v6 };
}

/** Text of an address: dotted quad for IPv4, RFC 5952 short form for IPv6 (without brackets). */
export function formatIpAddress(address: IpAddress): string {
  const { bytes } = address;
  if (address.version === 4) return Array.from(bytes).join('.');
  const groups: number[] = [];
  for (let index = 0; index < 16; index += 2) {
    groups.push(((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0));
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/**
 * Parses a CIDR range (`10.0.0.0/8`, `2001:db8::/32`, `[fd00::]/8`) or a single address (a /32
 * or /128 range). Returns a message saying what to write instead when the text is not one, for
 * instance when bits past the prefix are set (`10.0.0.1/8`: write `10.0.0.0/8`).
 */
export function parseIpRange(text: string): IpRange | { error: string } {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (!address) return { error: `'${addressText}' is not an IP address` };
  const mapped = address.version === 4 && addressText.includes(':');
  const maxPrefix = address.version === 4 && !mapped ? 32 : 128;
  if (slash < 0) return { ...address, prefixLength: maxPrefix };
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > maxPrefix) {
    return { error: `the prefix length must be a number from 0 to ${maxPrefix}` };
  }
  let prefixLength = Number(prefixText);
  // A mapped address (`::ffff:10.0.0.0/104`) was turned into IPv4: its prefix counts 96 bits less.
  if (mapped) {
    if (prefixLength < 96) return { error: 'write the IPv4 range instead of an IPv4-mapped one' };
    prefixLength -= 96;
  }
  const masked = maskBytes(address.bytes, prefixLength);
  if (!masked.every((byte, index) => byte === address.bytes[index])) {
    const suggestion = `${formatIpAddress({ version: address.version, bytes: masked })}/${prefixLength}`;
    return { error: `it has bits set past the prefix length: write '${suggestion}'` };
  }
  return { version: address.version, bytes: address.bytes, prefixLength };
}

function maskBytes(bytes: Uint8Array, prefixLength: number): Uint8Array {
  const masked = new Uint8Array(bytes.length);
  for (let index = 0; index < bytes.length; index++) {
    const bitsHere = Math.max(0, Math.min(8, prefixLength - index * 8));
    masked[index] = (bytes[index] ?? 0) & ((0xff << (8 - bitsHere)) & 0xff);
  }
  return masked;
}

/** True when `address` lies in `range` (an IPv4 address never lies in an IPv6 range). */
export function ipRangeContains(range: IpRange, address: IpAddress): boolean {
  if (range.version !== address.version) return false;
  const fullBytes = range.prefixLength >> 3;
  for (let index = 0; index < fullBytes; index++) {
    if (range.bytes[index] !== address.bytes[index]) return false;
  }
  const restBits = range.prefixLength & 7;
  if (restBits === 0) return true;
  const mask = (0xff << (8 - restBits)) & 0xff;
  return ((range.bytes[fullBytes] ?? 0) & mask) === ((address.bytes[fullBytes] ?? 0) & mask);
}
