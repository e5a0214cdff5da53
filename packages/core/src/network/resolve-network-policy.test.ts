import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error';
import { defaultNetworkLimits } from './network-policy';
import { resolveNetworkPolicy } from './resolve-network-policy';

const issuesOf = (value: unknown) => {
  try {
    resolveNetworkPolicy(value, 'network');
  } catch (error) {
    if (!InvalidInputError.isInstance(error)) throw error;
    return error.issues;
  }
  throw new Error('expected InvalidInputError');
};

describe('resolveNetworkPolicy', () => {
  it('parses a policy into one layer with defaults for unset limits', () => {
    const lookup = async () => ['127.0.0.1'];
    const policy = resolveNetworkPolicy(
      {
        allow: ['api.github.com', '*.example.org:8443'],
        deny: ['evil.example.org'],
        maxRequests: 5,
        lookup,
      },
      'network',
    );
    expect(policy.layers).toHaveLength(1);
    expect(policy.layers[0]?.allow?.map((pattern) => pattern.text)).toEqual([
      'api.github.com',
      '*.example.org:8443',
    ]);
    // In deny, an entry without a port covers every port.
    expect(policy.layers[0]?.deny[0]).toMatchObject({
      kind: 'name',
      name: 'evil.example.org',
      port: 'any',
    });
    expect(policy.limits).toEqual({ ...defaultNetworkLimits, maxRequests: 5 });
    expect(policy.lookup).toBe(lookup);
  });

  it('has the documented defaults', () => {
    expect(resolveNetworkPolicy({}, 'network').limits).toEqual({
      maxRequests: 100,
      maxRequestBytes: 10_485_760,
      maxResponseBytes: 10_485_760,
      timeoutMs: 30_000,
      maxRedirects: 10,
    });
    expect(resolveNetworkPolicy({}, 'network').layers[0]?.allow).toBeUndefined();
  });

  it('converts the AI SDK shape: entries cover every port, deniedCIDRs deny', () => {
    const allowAll = resolveNetworkPolicy({ mode: 'allow-all' }, 'network');
    expect(allowAll.layers[0]?.allow).toEqual([{ kind: 'any', port: 'any', text: '*' }]);
    expect(resolveNetworkPolicy({ mode: 'deny-all' }, 'network').layers[0]?.allow).toEqual([]);
    const custom = resolveNetworkPolicy(
      {
        mode: 'custom',
        allowedHosts: ['api.github.com', '*.example.org'],
        allowedCIDRs: ['10.0.0.0/8'],
        deniedCIDRs: ['169.254.169.254/32'],
        maxRequests: 3,
      },
      'network',
    );
    expect(custom.layers[0]?.allow).toMatchObject([
      { kind: 'name', name: 'api.github.com', port: 'any' },
      { kind: 'subdomains', suffix: '.example.org', port: 'any' },
      { kind: 'ip', range: { prefixLength: 8 }, port: 'any' },
    ]);
    expect(custom.layers[0]?.deny).toMatchObject([
      { kind: 'ip', range: { prefixLength: 32 }, port: 'any' },
    ]);
    expect(custom.limits.maxRequests).toBe(3);
  });

  it('keeps secret values out of logs and JSON', () => {
    const policy = resolveNetworkPolicy(
      {
        allow: ['api.test'],
        secrets: { 'api.test': { headers: { Authorization: 'Bearer s3cr3t-token' } } },
      },
      'network',
    );
    expect(policy.secrets[0]?.headers.entries()).toEqual([
      ['authorization', 'Bearer s3cr3t-token'],
    ]);
    expect(JSON.stringify(policy)).not.toContain('s3cr3t');
    expect(inspect(policy, { depth: 10 })).not.toContain('s3cr3t');
    expect(String(policy.secrets[0]?.headers)).toBe('[secret headers]');
  });

  it('says what to write instead, for every problem at once', () => {
    expect(
      issuesOf({
        allow: ['https://api.github.com/repos', 'api.*.com', 42],
        deny: 'evil.test',
        maxRequests: -1,
        timeoutMs: 1.5,
        maxRedirects: 21,
        lookup: 'dns',
        allowedHosts: ['x'],
        extra: true,
      }),
    ).toEqual([
      {
        path: 'network.allowedHosts',
        message: "belongs to the AI SDK shape, which needs mode: 'custom'",
      },
      {
        path: 'network.extra',
        message:
          'is not an option (known: allow, deny, secrets, lookup, maxRequests, maxRequestBytes, maxResponseBytes, timeoutMs, maxRedirects)',
      },
      {
        path: 'network.allow[0]',
        message: `"https://api.github.com/repos" is a URL: write the host only ('api.github.com'); a path cannot be allowed`,
      },
      {
        path: 'network.allow[1]',
        message: `"api.*.com" has a wildcard that is not the first label: write '*.example.org' or '*'`,
      },
      {
        path: 'network.allow[2]',
        message: "must be a string such as 'api.github.com' (got number)",
      },
      {
        path: 'network.deny',
        message: "must be an array of host patterns, such as ['api.github.com', '*.example.org']",
      },
      { path: 'network.maxRequests', message: 'must be an integer from 0 to 1000000 (got -1)' },
      { path: 'network.timeoutMs', message: 'must be an integer from 1 to 86400000 (got 1.5)' },
      { path: 'network.maxRedirects', message: 'must be an integer from 0 to 20 (got 21)' },
      {
        path: 'network.lookup',
        message: 'must be a function (hostname) => Promise<string[]> of IP addresses',
      },
    ]);
  });

  it('checks the AI SDK shape', () => {
    expect(issuesOf({ mode: 'open' })).toEqual([
      { path: 'network.mode', message: "must be 'allow-all', 'deny-all' or 'custom'" },
    ]);
    expect(issuesOf({ mode: 'custom', deniedCIDRs: ['10.0.0.0/8'] })).toEqual([
      {
        path: 'network',
        message:
          "mode 'custom' needs allowedHosts or allowedCIDRs; for no network write { mode: 'deny-all' }",
      },
    ]);
    expect(
      issuesOf({
        mode: 'custom',
        allowedHosts: ['a.test'],
        allowedCIDRs: ['a.test'],
        allow: ['b.test'],
      }),
    ).toEqual([
      {
        path: 'network.allow',
        message:
          'cannot be used with mode: use allowedHosts/allowedCIDRs/deniedCIDRs, or drop mode',
      },
      {
        path: 'network.allowedCIDRs[0]',
        message: '"a.test" is not a CIDR range: put host names in allowedHosts',
      },
    ]);
    expect(issuesOf({ mode: 'deny-all', allowedHosts: ['a.test'] })).toEqual([
      {
        path: 'network.allowedHosts',
        message: "applies to mode 'custom' only: write { mode: 'custom', allowedHosts: [...] }",
      },
    ]);
  });

  it('checks secrets without ever echoing a value', () => {
    const issues = issuesOf({
      allow: ['*'],
      secrets: {
        '*': { headers: { authorization: 'Bearer sekret-one' } },
        'api.test': {
          headers: { authorization: 'Bearer sekret-two\r\nx-injected: 1' },
          allowHttp: 'yes',
        },
        'b.test': { headers: { 'content-length': '5', 'bad name': 'x' }, extra: 1 },
        'c.test': { authorization: 'Bearer sekret-three' },
        'https://d.test': { headers: { a: 'b' } },
      },
    });
    expect(issues).toEqual([
      {
        path: 'network.secrets["*"]',
        message: "'*' would send the secret to every host: name the hosts it is for",
      },
      { path: 'network.secrets["api.test"].allowHttp', message: 'must be true or false' },
      {
        path: 'network.secrets["api.test"].headers.authorization',
        message: 'contains a line break or NUL character: remove it',
      },
      {
        path: 'network.secrets["b.test"].extra',
        message: 'is not an option (known: headers, allowHttp)',
      },
      {
        path: 'network.secrets["b.test"].headers.content-length',
        message: 'is set by the host and cannot be a secret',
      },
      { path: 'network.secrets["b.test"].headers.bad name', message: 'is not a valid header name' },
      { path: 'network.secrets["c.test"]', message: "must be { headers: { name: 'value' } }" },
      {
        path: 'network.secrets["https://d.test"]',
        message: `the host pattern "https://d.test" is a URL: write the host only ('d.test'); a path cannot be allowed`,
      },
    ]);
    expect(JSON.stringify(issues)).not.toMatch(/sekret|injected/);
  });

  it('refuses a value that is not a plain object', () => {
    for (const value of [null, 'api.test', ['api.test'], new Map()]) {
      expect(issuesOf(value)).toEqual([
        {
          path: 'network',
          message:
            "must be an object such as { allow: ['api.github.com'] } or { mode: 'deny-all' }",
        },
      ]);
    }
  });
});
