import { describe, expect, it } from 'vitest';
import { checkAddresses, checkDestination } from './check-destination';
import { combinePolicies } from './combine-policies';
import { destinationOf } from './host-pattern';
import { parseIpAddress } from './ip-address';
import { resolveNetworkPolicy } from './resolve-network-policy';

const resolve = (value: unknown) => resolveNetworkPolicy(value, 'network');
const check = (value: unknown, url: string) =>
  checkDestination(resolve(value), destinationOf(new URL(url)));
const vet = (value: unknown, url: string, addresses: string[]) =>
  checkAddresses(
    resolve(value),
    destinationOf(new URL(url)),
    addresses.map(
      (text) =>
        parseIpAddress(text) ??
        (() => {
          throw new Error(text);
        })(),
    ),
  );

describe('checkDestination', () => {
  it('refuses everything without an allow list, with a message saying so', () => {
    expect(check({}, 'https://api.test/')).toEqual({
      ok: false,
      message: 'Network access to api.test:443 was refused: the network policy allows no host.',
      detail: 'Network access to api.test:443 was refused: the network policy allows no host.',
    });
  });

  it('lists what is allowed, and says when only the port is wrong', () => {
    expect(check({ allow: ['api.test'] }, 'https://other.test/')).toMatchObject({
      ok: false,
      message:
        'Network access to other.test:443 was refused: it is not on the network allowlist (allowed: api.test).',
    });
    expect(check({ allow: ['api.test'] }, 'http://api.test:8080/')).toMatchObject({
      message:
        'Network access to api.test:8080 was refused: port 8080 is not allowed for api.test (an entry without a port allows 80 for http and 443 for https) (allowed: api.test).',
    });
    const many = Array.from({ length: 12 }, (_, index) => `h${index}.test`);
    expect(check({ allow: many }, 'https://x.test/')).toMatchObject({
      message: expect.stringContaining(
        '(allowed: h0.test, h1.test, h2.test, h3.test, h4.test, h5.test, h6.test, h7.test, h8.test, h9.test and 2 more)',
      ),
    });
  });

  it('deny wins over allow; the code is not told which entry matched, the record is', () => {
    expect(
      check(
        { allow: ['*.example.org'], deny: ['secret.example.org'] },
        'https://secret.example.org:8443/',
      ),
    ).toEqual({
      ok: false,
      message:
        'Network access to secret.example.org:8443 was refused: the network policy denies it.',
      detail:
        "Network access to secret.example.org:8443 was refused: denied by 'secret.example.org'.",
    });
    expect(
      check({ allow: ['*.example.org'], deny: ['secret.example.org'] }, 'https://a.example.org/')
        .ok,
    ).toBe(true);
  });

  it('checks an IP URL as an address: special ones need an IP entry, a name or * never unlocks them', () => {
    expect(check({ allow: ['*:*'] }, 'http://127.0.0.1:9/')).toMatchObject({
      ok: false,
      message:
        'Network access to 127.0.0.1:9 was refused: it is a loopback address, which the network policy refuses unless the application allows that address by IP.',
    });
    expect(check({ allow: ['*:*'] }, 'http://8.8.8.8/').ok).toBe(true);
    expect(check({ allow: ['127.0.0.1:*'] }, 'http://127.0.0.1:9/').ok).toBe(true);
    expect(check({ allow: ['127.0.0.1:9'] }, 'http://[::ffff:7f00:1]:9/').ok).toBe(true);
    expect(check({ allow: ['*:*'] }, 'http://[::ffff:169.254.169.254]/')).toMatchObject({
      message: expect.stringContaining('a cloud metadata address'),
    });
    expect(check({ mode: 'allow-all' }, 'http://169.254.169.254/').ok).toBe(false);
    expect(
      check({ mode: 'custom', allowedCIDRs: ['169.254.0.0/16'] }, 'http://169.254.169.254/').ok,
    ).toBe(true);
  });
});

describe('checkAddresses', () => {
  it('refuses a name that resolves to a special address; the address goes to the record only', () => {
    for (const [address, kind] of [
      ['10.0.0.1', 'a private address'],
      ['127.0.0.1', 'a loopback address'],
      ['169.254.169.254', 'a cloud metadata address'],
      ['::ffff:192.168.0.1', 'a private address'],
      ['fd00:ec2::254', 'a cloud metadata address'],
    ] as const) {
      const decision = vet({ allow: ['api.test'] }, 'https://api.test/', [address]);
      expect(decision).toEqual({
        ok: false,
        message: `Network access to api.test:443 was refused: the host resolves to ${kind}, which the network policy refuses unless the application allows that address by IP.`,
        detail: expect.stringContaining(
          `api.test resolves to ${parseIpAddress(address)?.version === 4 ? address.replace('::ffff:', '') : address}, ${kind}`,
        ),
      });
      expect(decision.ok || decision.message.includes(address.replace('::ffff:', ''))).toBe(false);
    }
  });

  it('refuses when ANY address is refused, and allows public ones', () => {
    expect(
      vet({ allow: ['api.test'] }, 'https://api.test/', ['93.184.215.14', '2606:4700::1111']).ok,
    ).toBe(true);
    expect(
      vet({ allow: ['api.test'] }, 'https://api.test/', ['93.184.215.14', '10.0.0.1']).ok,
    ).toBe(false);
  });

  it('an IP entry unlocks the address on its port; deny IP entries apply to resolved addresses', () => {
    expect(
      vet({ allow: ['api.test:8080', '10.0.0.0/8:8080'] }, 'http://api.test:8080/', ['10.1.2.3'])
        .ok,
    ).toBe(true);
    expect(
      vet({ allow: ['api.test:*', '10.0.0.0/8:8080'] }, 'http://api.test:9090/', ['10.1.2.3']).ok,
    ).toBe(false);
    expect(
      vet({ allow: ['api.test'], deny: ['93.184.0.0/16'] }, 'https://api.test/', ['93.184.215.14']),
    ).toMatchObject({
      ok: false,
      message:
        'Network access to api.test:443 was refused: the host resolves to an address the network policy denies.',
      detail:
        "Network access to api.test:443 was refused: api.test resolves to 93.184.215.14, denied by '93.184.0.0/16'.",
    });
  });

  it('a special address must be allowed by IP in every layer that has an allow list', () => {
    const outer = resolve({ allow: ['api.test:*', '127.0.0.1:*'] });
    const destination = destinationOf(new URL('http://api.test:9/'));
    const loopback = [
      parseIpAddress('127.0.0.1') ??
        (() => {
          throw new Error();
        })(),
    ];
    expect(
      checkAddresses(combinePolicies([outer, resolve({ maxRequests: 1 })]), destination, loopback)
        .ok,
    ).toBe(true);
    expect(
      checkAddresses(
        combinePolicies([outer, resolve({ allow: ['api.test:*'] })]),
        destination,
        loopback,
      ).ok,
    ).toBe(false);
  });
});
