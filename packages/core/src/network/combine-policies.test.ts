import { describe, expect, it } from 'vitest';
import { checkDestination } from './check-destination';
import { combinePolicies } from './combine-policies';
import { destinationOf } from './host-pattern';
import { defaultNetworkLimits } from './network-policy';
import { resolveNetworkPolicy } from './resolve-network-policy';
import { secretHeadersFor } from './secret-headers';

const resolve = (value: unknown) => resolveNetworkPolicy(value, 'network');
const allows = (policy: ReturnType<typeof resolve>, url: string) =>
  checkDestination(policy, destinationOf(new URL(url))).ok;

describe('combinePolicies', () => {
  it('a request must pass every layer; a layer without allow narrows nothing by host', () => {
    const policy = combinePolicies([
      resolve({ allow: ['api.test', '*.example.org'] }),
      resolve({ maxRequests: 5 }),
      resolve({ allow: ['*.example.org', 'other.test'], deny: ['b.example.org'] }),
    ]);
    expect(allows(policy, 'https://a.example.org/')).toBe(true);
    expect(allows(policy, 'https://api.test/')).toBe(false); // not in the run's allow list
    expect(allows(policy, 'https://other.test/')).toBe(false); // not in the application's
    expect(allows(policy, 'https://b.example.org/')).toBe(false); // denied by the run
  });

  it('takes the smallest limit any layer set, not the defaults of layers that set none', () => {
    const policy = combinePolicies([
      resolve({ allow: ['*'], maxRequests: 1_000, timeoutMs: 5_000 }),
      resolve({ maxRequests: 20 }),
      resolve({ timeoutMs: 60_000 }),
    ]);
    expect(policy.limits).toEqual({ ...defaultNetworkLimits, maxRequests: 20, timeoutMs: 5_000 });
  });

  it('keeps every layer’s secrets: a later layer adds headers and wins for the same header', () => {
    const policy = combinePolicies([
      resolve({
        allow: ['*'],
        secrets: { 'api.test': { headers: { authorization: 'app', 'x-app': '1' } } },
      }),
      resolve({
        secrets: {
          'api.test': { headers: { authorization: 'user' } },
          'b.test': { headers: { 'x-b': '1' } },
        },
      }),
    ]);
    const headers = secretHeadersFor(
      policy.secrets,
      destinationOf(new URL('https://api.test/')),
      true,
    );
    expect(Object.fromEntries(headers)).toEqual({ authorization: 'user', 'x-app': '1' });
  });

  it('uses the outermost lookup; with no layers nothing is allowed', () => {
    const outer = async () => ['203.0.113.1'];
    const inner = async () => ['127.0.0.1'];
    expect(
      combinePolicies([
        resolve({ allow: ['*'] }),
        resolve({ lookup: outer }),
        resolve({ lookup: inner }),
      ]).lookup,
    ).toBe(outer);
    const none = combinePolicies([]);
    expect(allows(none, 'https://api.test/')).toBe(false);
    expect(
      combinePolicies([combinePolicies([resolve({ allow: ['a.test'] })]), resolve({})]).layers,
    ).toHaveLength(2);
  });
});
