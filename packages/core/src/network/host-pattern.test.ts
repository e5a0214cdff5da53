import { describe, expect, it } from 'vitest';
import {
  destinationOf,
  type HostPattern,
  parseHostPattern,
  patternCoversAddress,
  patternMatchesDestination,
} from './host-pattern';
import { parseIpAddress } from './ip-address';

const pattern = (text: string, absentPort: 'default' | 'any' = 'default'): HostPattern => {
  const parsed = parseHostPattern(text, absentPort);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
};
const matches = (text: string, url: string) =>
  patternMatchesDestination(pattern(text), destinationOf(new URL(url)));

describe('parseHostPattern', () => {
  it('parses names, wildcards, IPs, ranges and ports', () => {
    expect(pattern('API.GitHub.com')).toEqual({
      kind: 'name',
      name: 'api.github.com',
      port: 'default',
      text: 'API.GitHub.com',
    });
    expect(pattern('*.example.org:8443')).toMatchObject({
      kind: 'subdomains',
      suffix: '.example.org',
      port: 8443,
    });
    expect(pattern('*')).toMatchObject({ kind: 'any', port: 'default' });
    expect(pattern('*:*')).toMatchObject({ kind: 'any', port: 'any' });
    expect(pattern('bücher.example')).toMatchObject({
      kind: 'name',
      name: 'xn--bcher-kva.example',
    });
    expect(pattern('example.com.')).toMatchObject({ name: 'example.com' });
    expect(pattern('203.0.113.7:8080')).toMatchObject({
      kind: 'ip',
      range: { version: 4, prefixLength: 32 },
      port: 8080,
    });
    expect(pattern('[2001:db8::1]:443')).toMatchObject({
      kind: 'ip',
      range: { version: 6, prefixLength: 128 },
      port: 443,
    });
    expect(pattern('2001:db8::1')).toMatchObject({ kind: 'ip', port: 'default' });
    expect(pattern('10.0.0.0/8:*')).toMatchObject({
      kind: 'ip',
      range: { prefixLength: 8 },
      port: 'any',
    });
    expect(pattern('[fd00::]/8')).toMatchObject({
      kind: 'ip',
      range: { version: 6, prefixLength: 8 },
    });
    expect(pattern('fd00::/8', 'any')).toMatchObject({ kind: 'ip', port: 'any' });
  });

  it.each([
    ['', "is empty: write a host such as 'api.github.com'"],
    [
      'https://api.github.com/repos',
      "is a URL: write the host only ('api.github.com'); a path cannot be allowed",
    ],
    ['api.github.com/repos', "has a path: write the host only ('api.github.com')"],
    ['api.*.com', "has a wildcard that is not the first label: write '*.example.org' or '*'"],
    ['*example.org', "has a wildcard that is not the first label: write '*.example.org' or '*'"],
    ['*.', "is not a valid wildcard: write '*.example.org'"],
    ['api.github.com:0', "has a port that is not a number from 1 to 65535 or '*'"],
    ['api.github.com:70000', "has a port that is not a number from 1 to 65535 or '*'"],
    ['api.github.com:', "has a port that is not a number from 1 to 65535 or '*'"],
    ['a b', 'contains spaces: write one host per entry'],
    ['1.2.3', "is not an IP address: write four numbers from 0 to 255 such as '203.0.113.7'"],
    ['300.1.1.1', "is not an IP address: write four numbers from 0 to 255 such as '203.0.113.7'"],
    [
      '10.0.0.1/8',
      "is not a valid IP address or range: it has bits set past the prefix length: write '10.0.0.0/8'",
    ],
    ['bad_host!', "is not a valid host name: write a name such as 'api.github.com'"],
    ['[::1', "has '[' without ']'"],
  ])('%j: %s', (text, error) => {
    expect(parseHostPattern(text, 'default')).toEqual({ error });
  });
});

describe('patternMatchesDestination', () => {
  it('an entry without a port covers the scheme default port only; :port and :* as written', () => {
    expect(matches('api.test', 'http://api.test/')).toBe(true);
    expect(matches('api.test', 'https://api.test/')).toBe(true);
    expect(matches('api.test', 'http://api.test:443/')).toBe(false);
    expect(matches('api.test', 'http://api.test:8080/')).toBe(false);
    expect(matches('api.test:8080', 'http://api.test:8080/')).toBe(true);
    expect(matches('api.test:8080', 'http://api.test/')).toBe(false);
    expect(matches('api.test:*', 'https://api.test:9999/')).toBe(true);
  });

  it('a wildcard covers subdomains at any depth, not the apex nor look-alikes', () => {
    expect(matches('*.example.org', 'https://a.example.org/')).toBe(true);
    expect(matches('*.example.org', 'https://a.b.example.org/')).toBe(true);
    expect(matches('*.example.org', 'https://example.org/')).toBe(false);
    expect(matches('*.example.org', 'https://badexample.org/')).toBe(false);
    expect(matches('*.example.org', 'https://example.org.evil.test/')).toBe(false);
  });

  it('names match case-insensitively and with a trailing dot; IDNs by punycode', () => {
    expect(matches('api.test', 'http://API.Test./')).toBe(true);
    expect(matches('bücher.example', 'http://xn--bcher-kva.example/')).toBe(true);
    expect(matches('xn--bcher-kva.example', 'http://bücher.example/')).toBe(true);
  });

  it('IP entries match only IP URLs (in any spelling the URL parser accepts); names never do', () => {
    expect(matches('127.0.0.1:*', 'http://127.0.0.1:9/')).toBe(true);
    expect(matches('127.0.0.1:*', 'http://2130706433:9/')).toBe(true);
    expect(matches('127.0.0.1:*', 'http://0x7f.1:9/')).toBe(true);
    expect(matches('127.0.0.1:*', 'http://[::ffff:127.0.0.1]:9/')).toBe(true);
    expect(matches('10.0.0.0/8', 'http://10.1.2.3/')).toBe(true);
    expect(matches('[2001:db8::]/32', 'http://[2001:db8::5]/')).toBe(true);
    expect(matches('localhost', 'http://127.0.0.1/')).toBe(false);
    expect(matches('*', 'http://127.0.0.1/')).toBe(true);
  });
});

describe('patternCoversAddress', () => {
  it('only IP entries cover a resolved address, with their port rule', () => {
    const destination = destinationOf(new URL('http://api.test:8080/'));
    const loopback = parseIpAddress('127.0.0.1');
    if (!loopback) throw new Error('unreachable');
    expect(patternCoversAddress(pattern('127.0.0.0/8:*'), loopback, destination)).toBe(true);
    expect(patternCoversAddress(pattern('127.0.0.1:8080'), loopback, destination)).toBe(true);
    expect(patternCoversAddress(pattern('127.0.0.1'), loopback, destination)).toBe(false);
    expect(patternCoversAddress(pattern('api.test:*'), loopback, destination)).toBe(false);
    expect(patternCoversAddress(pattern('*:*'), loopback, destination)).toBe(false);
  });
});
