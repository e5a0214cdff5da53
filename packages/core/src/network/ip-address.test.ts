import { describe, expect, it } from 'vitest';
import { formatIpAddress, ipRangeContains, parseIpAddress, parseIpRange } from './ip-address';

const ip = (text: string) => {
  const parsed = parseIpAddress(text);
  if (!parsed) throw new Error(`not an address: ${text}`);
  return parsed;
};
const range = (text: string) => {
  const parsed = parseIpRange(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
};

describe('parseIpAddress', () => {
  it('parses IPv4 strictly', () => {
    expect(Array.from(ip('203.0.113.7').bytes)).toEqual([203, 0, 113, 7]);
    for (const text of [
      '127.1',
      '010.0.0.1',
      '256.0.0.1',
      '1.2.3.4.5',
      '0x7f.0.0.1',
      '',
      'api.test',
      '1.2.3.',
    ]) {
      expect(parseIpAddress(text)).toBeUndefined();
    }
  });

  it('parses IPv6 forms, brackets and zones, and rejects malformed ones', () => {
    expect(formatIpAddress(ip('2001:0db8:0000:0000:0000:0000:0000:0001'))).toBe('2001:db8::1');
    expect(formatIpAddress(ip('[::1]'))).toBe('::1');
    expect(formatIpAddress(ip('::'))).toBe('::');
    expect(formatIpAddress(ip('fe80::1%eth0'))).toBe('fe80::1');
    expect(formatIpAddress(ip('64:ff9b::192.0.2.1'))).toBe('64:ff9b::c000:201');
    expect(formatIpAddress(ip('1:0:0:2:0:0:0:3'))).toBe('1:0:0:2::3');
    for (const text of [
      '1::2::3',
      ':1::',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'g::1',
      '1:2:3:4:5:6:7',
      '::1.2.3',
    ]) {
      expect(parseIpAddress(text)).toBeUndefined();
    }
  });

  it('turns IPv4-mapped IPv6 addresses into IPv4', () => {
    expect(ip('::ffff:127.0.0.1')).toEqual({ version: 4, bytes: new Uint8Array([127, 0, 0, 1]) });
    expect(ip('::ffff:a9fe:a9fe')).toEqual({
      version: 4,
      bytes: new Uint8Array([169, 254, 169, 254]),
    });
    expect(ip('[::FFFF:10.0.0.1]').version).toBe(4);
  });
});

describe('parseIpRange and ipRangeContains', () => {
  it('matches IPv4 and IPv6 ranges bit by bit', () => {
    expect(ipRangeContains(range('10.0.0.0/8'), ip('10.255.1.2'))).toBe(true);
    expect(ipRangeContains(range('10.0.0.0/8'), ip('11.0.0.0'))).toBe(false);
    expect(ipRangeContains(range('172.16.0.0/12'), ip('172.31.255.255'))).toBe(true);
    expect(ipRangeContains(range('172.16.0.0/12'), ip('172.32.0.0'))).toBe(false);
    expect(ipRangeContains(range('0.0.0.0/0'), ip('8.8.8.8'))).toBe(true);
    expect(ipRangeContains(range('0.0.0.0/0'), ip('::1'))).toBe(false);
    expect(ipRangeContains(range('2001:db8::/32'), ip('2001:db8:ffff::1'))).toBe(true);
    expect(ipRangeContains(range('[fc00::]/7'), ip('fdff::1'))).toBe(true);
    expect(ipRangeContains(range('fc00::/7'), ip('fe00::1'))).toBe(false);
    expect(ipRangeContains(range('203.0.113.7'), ip('203.0.113.7'))).toBe(true);
    expect(ipRangeContains(range('203.0.113.7'), ip('203.0.113.8'))).toBe(false);
  });

  it('covers mapped addresses with IPv4 ranges, and mapped ranges become IPv4 ones', () => {
    expect(ipRangeContains(range('127.0.0.0/8'), ip('::ffff:127.0.0.2'))).toBe(true);
    expect(range('::ffff:10.0.0.0/104')).toMatchObject({ version: 4, prefixLength: 8 });
  });

  it('says what to write instead', () => {
    expect(parseIpRange('10.0.0.1/8')).toEqual({
      error: "it has bits set past the prefix length: write '10.0.0.0/8'",
    });
    expect(parseIpRange('2001:db8::1/32')).toEqual({
      error: "it has bits set past the prefix length: write '2001:db8::/32'",
    });
    expect(parseIpRange('10.0.0.0/33')).toEqual({
      error: 'the prefix length must be a number from 0 to 32',
    });
    expect(parseIpRange('10.0.0/8')).toEqual({ error: "'10.0.0' is not an IP address" });
  });
});
