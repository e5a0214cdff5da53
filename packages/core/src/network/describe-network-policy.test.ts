import { describe, expect, it } from 'vitest';
import { combinePolicies } from './combine-policies';
import { describeNetworkPolicy } from './describe-network-policy';
import { resolveNetworkPolicy } from './resolve-network-policy';

const resolve = (value: unknown) => resolveNetworkPolicy(value, 'network');

describe('describeNetworkPolicy', () => {
  it('lists hosts, refusals and limits, and never a secret', () => {
    const text = describeNetworkPolicy(
      resolve({
        allow: ['api.github.com', '*.example.org:8443'],
        deny: ['private.example.org'],
        secrets: { 'api.github.com': { headers: { authorization: 'Bearer ghp_hidden' } } },
        maxRequests: 20,
      }),
    );
    expect(text).toBe(
      'The code can make HTTP requests (fetch) to: api.github.com, *.example.org:8443. An entry without a port allows ports 80 (http) and 443 (https); private, loopback and cloud metadata addresses are refused unless listed by IP. Refused: private.example.org. The host adds credentials to some requests itself: do not send your own. At most 20 requests per run, 10 MB per response, 30 s per request.',
    );
    expect(text).not.toContain('ghp_hidden');
  });

  it('says when there is no network, and lists each layer', () => {
    expect(describeNetworkPolicy(resolve({}))).toBe('The code has no network access.');
    expect(describeNetworkPolicy(resolve({ mode: 'deny-all' }))).toBe(
      'The code has no network access.',
    );
    expect(describeNetworkPolicy(resolve({ mode: 'allow-all' }))).toMatch(
      /^The code can make HTTP requests \(fetch\) to: any public host\./,
    );
    expect(
      describeNetworkPolicy(
        combinePolicies([resolve({ allow: ['a.test', 'b.test'] }), resolve({ allow: ['b.test'] })]),
      ),
    ).toMatch(
      /^The code can make HTTP requests \(fetch\) to hosts on every one of these lists: \(a\.test, b\.test\) and \(b\.test\)\./,
    );
  });
});
