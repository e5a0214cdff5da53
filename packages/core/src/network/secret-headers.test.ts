import { describe, expect, it } from 'vitest';
import { destinationOf } from './host-pattern';
import { resolveNetworkPolicy } from './resolve-network-policy';
import { scrubSecrets, secretFragments, secretHeadersFor } from './secret-headers';

const secretsOf = (secrets: unknown) =>
  resolveNetworkPolicy({ allow: ['*'], secrets }, 'network').secrets;
const headersFor = (secrets: unknown, url: string) => {
  const parsed = new URL(url);
  return Object.fromEntries(
    secretHeadersFor(secretsOf(secrets), destinationOf(parsed), parsed.protocol === 'https:'),
  );
};

describe('secretHeadersFor', () => {
  it('adds headers only where the pattern matches, over https unless http is allowed', () => {
    const secrets = {
      'api.test': { headers: { authorization: 'Bearer a' } },
      'plain.test:8080': { headers: { authorization: 'Bearer p' }, allowHttp: true },
    };
    expect(headersFor(secrets, 'https://api.test/')).toEqual({ authorization: 'Bearer a' });
    expect(headersFor(secrets, 'http://api.test:443/')).toEqual({});
    expect(headersFor(secrets, 'http://api.test/')).toEqual({});
    expect(headersFor(secrets, 'https://api.test:8443/')).toEqual({});
    expect(headersFor(secrets, 'https://other.test/')).toEqual({});
    expect(headersFor(secrets, 'http://plain.test:8080/')).toEqual({ authorization: 'Bearer p' });
  });

  it('the more specific pattern wins within a layer', () => {
    const secrets = {
      '*.example.org': { headers: { authorization: 'wide', 'x-team': 'all' } },
      'api.example.org': { headers: { authorization: 'exact' } },
      '*.eu.example.org': { headers: { authorization: 'eu' } },
    };
    expect(headersFor(secrets, 'https://api.example.org/')).toEqual({
      authorization: 'exact',
      'x-team': 'all',
    });
    expect(headersFor(secrets, 'https://x.eu.example.org/')).toEqual({
      authorization: 'eu',
      'x-team': 'all',
    });
    expect(headersFor(secrets, 'https://example.org/')).toEqual({});
  });
});

describe('scrubSecrets', () => {
  it('replaces whole values and their long parts, longest first', () => {
    const fragments = secretFragments(
      secretsOf({ 'api.test': { headers: { authorization: 'Bearer tok-123456789' } } }),
    );
    expect(fragments).toEqual(['Bearer tok-123456789', 'tok-123456789']);
    expect(scrubSecrets('echo: Bearer tok-123456789; again tok-123456789', fragments)).toBe(
      'echo: [secret]; again [secret]',
    );
    expect(scrubSecrets('Bearer realm="x"', fragments)).toBe('Bearer realm="x"');
  });
});
