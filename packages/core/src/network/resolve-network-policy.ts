import { type InputIssue, InvalidInputError } from '../errors/invalid-input-error';
import { policyFromLayers } from './combine-policies';
import { type HostPattern, type PortRule, parseHostPattern } from './host-pattern';
import type {
  NetworkLimits,
  NetworkLookup,
  NetworkPolicyLayer,
  ResolvedNetworkPolicy,
} from './network-policy';
import { type NetworkSecretRule, SecretHeaders } from './secret-headers';

const limitBounds: Record<keyof NetworkLimits, [number, number]> = {
  maxRequests: [0, 1_000_000],
  maxRequestBytes: [0, 256 * 1024 * 1024],
  maxResponseBytes: [0, 256 * 1024 * 1024],
  timeoutMs: [1, 86_400_000],
  maxRedirects: [0, 20],
};

const policyKeys = ['allow', 'deny', 'secrets', 'lookup', ...Object.keys(limitBounds)];
const aiSdkKeys = ['mode', 'allowedHosts', 'allowedCIDRs', 'deniedCIDRs'];
const secretKeys = ['headers', 'allowHttp'];

/** Headers a secret may not set: the host computes them, or they change how the bytes flow. */
const reservedHeaderNames = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'accept-encoding',
]);

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const maxIssues = 20;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

class IssueList {
  readonly issues: InputIssue[] = [];
  add(path: string, message: string): void {
    if (this.issues.length < maxIssues) this.issues.push({ path, message });
  }
}

function parsePatterns(
  value: unknown,
  path: string,
  absentPort: PortRule,
  issues: IssueList,
  only?: 'ip',
): HostPattern[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.add(
      path,
      "must be an array of host patterns, such as ['api.github.com', '*.example.org']",
    );
    return [];
  }
  if (value.length > 1_000) issues.add(path, 'has more than 1000 entries');
  const patterns: HostPattern[] = [];
  value.slice(0, 1_000).forEach((entry, index) => {
    const entryPath = `${path}[${index}]`;
    if (typeof entry !== 'string') {
      issues.add(entryPath, `must be a string such as 'api.github.com' (got ${typeof entry})`);
      return;
    }
    const pattern = parseHostPattern(entry, absentPort);
    if ('error' in pattern) issues.add(entryPath, `${quote(entry)} ${pattern.error}`);
    else if (only === 'ip' && pattern.kind !== 'ip') {
      issues.add(entryPath, `${quote(entry)} is not a CIDR range: put host names in allowedHosts`);
    } else patterns.push(pattern);
  });
  return patterns;
}

function parseSecrets(value: unknown, path: string, issues: IssueList): NetworkSecretRule[] {
  if (value === undefined) return [];
  if (!isPlainObject(value)) {
    issues.add(
      path,
      "must be an object such as { 'api.github.com': { headers: { authorization: 'Bearer …' } } }",
    );
    return [];
  }
  const rules: NetworkSecretRule[] = [];
  for (const [host, secret] of Object.entries(value)) {
    const secretPath = `${path}[${quote(host)}]`;
    const pattern = parseHostPattern(host, 'default');
    if ('error' in pattern) {
      issues.add(secretPath, `the host pattern ${quote(host)} ${pattern.error}`);
      continue;
    }
    if (pattern.kind === 'any') {
      issues.add(secretPath, "'*' would send the secret to every host: name the hosts it is for");
      continue;
    }
    if (!isPlainObject(secret) || !isPlainObject(secret.headers)) {
      issues.add(secretPath, "must be { headers: { name: 'value' } }");
      continue;
    }
    for (const key of Object.keys(secret)) {
      if (!secretKeys.includes(key))
        issues.add(`${secretPath}.${key}`, `is not an option (known: ${secretKeys.join(', ')})`);
    }
    if (secret.allowHttp !== undefined && typeof secret.allowHttp !== 'boolean') {
      issues.add(`${secretPath}.allowHttp`, 'must be true or false');
    }
    const entries: Array<[string, string]> = [];
    for (const [name, headerValue] of Object.entries(secret.headers)) {
      const headerPath = `${secretPath}.headers.${name}`;
      const lower = name.toLowerCase();
      if (!tokenPattern.test(name)) issues.add(headerPath, 'is not a valid header name');
      else if (reservedHeaderNames.has(lower) || lower.startsWith('proxy-')) {
        issues.add(headerPath, 'is set by the host and cannot be a secret');
      } else if (typeof headerValue !== 'string') {
        issues.add(headerPath, 'must be a string');
      } else if (/[\r\n\0]/.test(headerValue)) {
        // Never echo the value: it is a secret.
        issues.add(headerPath, 'contains a line break or NUL character: remove it');
      } else if (headerValue.length > 8_192) {
        issues.add(headerPath, 'is longer than 8192 characters');
      } else entries.push([lower, headerValue.trim()]);
    }
    if (entries.length === 0 && Object.keys(secret.headers).length === 0) {
      issues.add(`${secretPath}.headers`, 'is empty: give at least one header');
    }
    rules.push({
      pattern,
      headers: new SecretHeaders(entries),
      allowHttp: secret.allowHttp === true,
    });
  }
  return rules;
}

function parseLimits(value: Record<string, unknown>, path: string, issues: IssueList) {
  const limits: Partial<NetworkLimits> = {};
  for (const key of Object.keys(limitBounds) as Array<keyof NetworkLimits>) {
    const limit = value[key];
    if (limit === undefined) continue;
    const [min, max] = limitBounds[key];
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < min || limit > max) {
      issues.add(
        `${path}.${key}`,
        `must be an integer from ${min} to ${max} (got ${String(limit).slice(0, 40)})`,
      );
    } else limits[key] = limit;
  }
  return limits;
}

function parseAiSdkRules(value: Record<string, unknown>, path: string, issues: IssueList) {
  const anyHost = parseHostPattern('*', 'any') as HostPattern;
  switch (value.mode) {
    case 'allow-all':
    case 'deny-all':
      for (const key of ['allowedHosts', 'allowedCIDRs', 'deniedCIDRs']) {
        if (value[key] !== undefined) {
          issues.add(
            `${path}.${key}`,
            `applies to mode 'custom' only: write { mode: 'custom', ${key}: [...] }`,
          );
        }
      }
      return { allow: value.mode === 'allow-all' ? [anyHost] : [], deny: [] };
    case 'custom': {
      const hosts = parsePatterns(value.allowedHosts, `${path}.allowedHosts`, 'any', issues);
      const cidrs = parsePatterns(value.allowedCIDRs, `${path}.allowedCIDRs`, 'any', issues, 'ip');
      const denied = parsePatterns(value.deniedCIDRs, `${path}.deniedCIDRs`, 'any', issues, 'ip');
      if (hosts === undefined && cidrs === undefined) {
        issues.add(
          path,
          "mode 'custom' needs allowedHosts or allowedCIDRs; for no network write { mode: 'deny-all' }",
        );
      }
      return { allow: [...(hosts ?? []), ...(cidrs ?? [])], deny: denied ?? [] };
    }
    default:
      issues.add(`${path}.mode`, "must be 'allow-all', 'deny-all' or 'custom'");
      return { allow: [], deny: [] };
  }
}

/**
 * Checks a `network` option (a {@link NetworkPolicy} or the AI SDK's policy shape) and parses it
 * into a one-layer policy. Throws `InvalidInputError` listing every problem, each under its path
 * (`path` is the option's own, e.g. `'network'`), with what to write instead. Secret values never
 * appear in a message.
 *
 * @example
 * const policy = resolveNetworkPolicy({ allow: ['api.github.com'] }, 'network');
 * const fromAiSdk = resolveNetworkPolicy({ mode: 'custom', allowedHosts: ['*.example.org'] }, 'network');
 */
export function resolveNetworkPolicy(value: unknown, path: string): ResolvedNetworkPolicy {
  const issues = new IssueList();
  if (!isPlainObject(value)) {
    throw new InvalidInputError({
      issues: [
        {
          path,
          message:
            "must be an object such as { allow: ['api.github.com'] } or { mode: 'deny-all' }",
        },
      ],
    });
  }
  const aiSdk = 'mode' in value;
  const known = aiSdk
    ? [...aiSdkKeys, ...policyKeys.filter((key) => key !== 'allow' && key !== 'deny')]
    : policyKeys;
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const hint =
      aiSdk && (key === 'allow' || key === 'deny')
        ? `cannot be used with mode: use allowedHosts/allowedCIDRs/deniedCIDRs, or drop mode`
        : !aiSdk && aiSdkKeys.includes(key)
          ? `belongs to the AI SDK shape, which needs mode: 'custom'`
          : `is not an option (known: ${known.join(', ')})`;
    issues.add(`${path}.${key}`, hint);
  }
  const rules = aiSdk
    ? parseAiSdkRules(value, path, issues)
    : {
        allow: parsePatterns(value.allow, `${path}.allow`, 'default', issues),
        deny: parsePatterns(value.deny, `${path}.deny`, 'any', issues) ?? [],
      };
  const secrets = parseSecrets(value.secrets, `${path}.secrets`, issues);
  const limits = parseLimits(value, path, issues);
  if (value.lookup !== undefined && typeof value.lookup !== 'function') {
    issues.add(
      `${path}.lookup`,
      'must be a function (hostname) => Promise<string[]> of IP addresses',
    );
  }
  if (issues.issues.length > 0) throw new InvalidInputError({ issues: issues.issues });
  const layer: NetworkPolicyLayer = {
    allow: rules.allow,
    deny: rules.deny,
    limits,
    secrets,
    lookup: value.lookup as NetworkLookup | undefined,
  };
  return policyFromLayers([layer]);
}
