/** `RequestInit` conversion (WebIDL dictionary, members in lexicographic order) and methods. */
import type { AbortSignal } from '../abort-signal';
import { TypeErrorCtor } from '../primordials';
import { asciiUppercase, isToken } from './header-values';
import { isAbortSignal } from './signals';
import {
  isObject,
  requireEnumValue,
  toByteString,
  toDOMStringChecked,
  toUSVString,
  webidlError,
} from './webidl';

/** The members of a RequestInit that were given (undefined: absent). */
export interface RequestOptions {
  body: unknown;
  cache: string | undefined;
  credentials: string | undefined;
  duplex: string | undefined;
  headers: unknown;
  integrity: string | undefined;
  keepalive: boolean | undefined;
  method: string | undefined;
  mode: string | undefined;
  priority: string | undefined;
  redirect: string | undefined;
  referrer: string | undefined;
  referrerPolicy: string | undefined;
  /** null: given as null (the request then follows no signal). */
  signal: AbortSignal | null | undefined;
  window: unknown;
  /** Whether any member was given (the standard's "init is not empty"). */
  any: boolean;
}

const PREFIX = 'Request constructor';

export const referrerPolicies = [
  '',
  'no-referrer',
  'no-referrer-when-downgrade',
  'same-origin',
  'origin',
  'strict-origin',
  'origin-when-cross-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
] as const;
const modes = ['navigate', 'same-origin', 'no-cors', 'cors'] as const;
const credentialsModes = ['omit', 'same-origin', 'include'] as const;
const cacheModes = [
  'default',
  'no-store',
  'reload',
  'no-cache',
  'force-cache',
  'only-if-cached',
] as const;
const redirectModes = ['follow', 'manual', 'error'] as const;
const priorities = ['high', 'low', 'auto'] as const;

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'symbol') return 'Symbol()';
  if (isObject(value)) return typeof value === 'function' ? '[Function]' : '[object Object]';
  return `${value as string}`;
}

function enumMember(value: unknown, allowed: readonly string[], name: string): string | undefined {
  if (value === undefined) return undefined;
  return requireEnumValue(toDOMStringChecked(value, PREFIX, `init.${name}`), allowed, PREFIX);
}

/** Reads a RequestInit (undefined, null or an object), converting each member as undici does. */
export function readRequestInit(init: unknown): RequestOptions {
  if (init !== undefined && init !== null && !isObject(init)) {
    throw webidlError(PREFIX, `Expected ${describe(init)} to be one of: Null, Undefined, Object.`);
  }
  const source = (init ?? {}) as Record<string, unknown>;
  const body = init == null ? undefined : source.body;
  const cache = enumMember(init == null ? undefined : source.cache, cacheModes, 'cache');
  const credentials = enumMember(
    init == null ? undefined : source.credentials,
    credentialsModes,
    'credentials',
  );
  const duplex = enumMember(init == null ? undefined : source.duplex, ['half'], 'duplex');
  const headers = init == null ? undefined : source.headers;
  const integrityValue = init == null ? undefined : source.integrity;
  const integrity =
    integrityValue === undefined
      ? undefined
      : toDOMStringChecked(integrityValue, PREFIX, 'init.integrity');
  const keepaliveValue = init == null ? undefined : source.keepalive;
  const keepalive = keepaliveValue === undefined ? undefined : !!keepaliveValue;
  const methodValue = init == null ? undefined : source.method;
  const method =
    methodValue === undefined ? undefined : toByteString(methodValue, PREFIX, 'init.method');
  const mode = enumMember(init == null ? undefined : source.mode, modes, 'mode');
  const priority = enumMember(init == null ? undefined : source.priority, priorities, 'priority');
  const redirect = enumMember(
    init == null ? undefined : source.redirect,
    redirectModes,
    'redirect',
  );
  const referrerValue = init == null ? undefined : source.referrer;
  const referrer = referrerValue === undefined ? undefined : toUSVString(referrerValue);
  const referrerPolicy = enumMember(
    init == null ? undefined : source.referrerPolicy,
    referrerPolicies,
    'referrerPolicy',
  );
  const signalValue = init == null ? undefined : source.signal;
  if (signalValue !== undefined && signalValue !== null && !isAbortSignal(signalValue)) {
    throw new TypeErrorCtor(
      `RequestInit: Expected signal ("${describe(signalValue)}") to be an instance of AbortSignal.`,
    );
  }
  const signal = signalValue as AbortSignal | null | undefined;
  const window = init == null ? undefined : source.window;
  const any =
    body !== undefined ||
    cache !== undefined ||
    credentials !== undefined ||
    duplex !== undefined ||
    headers !== undefined ||
    integrity !== undefined ||
    keepalive !== undefined ||
    method !== undefined ||
    mode !== undefined ||
    priority !== undefined ||
    redirect !== undefined ||
    referrer !== undefined ||
    referrerPolicy !== undefined ||
    signal !== undefined ||
    window !== undefined;
  return {
    body,
    cache,
    credentials,
    duplex,
    headers,
    integrity,
    keepalive,
    method,
    mode,
    priority,
    redirect,
    referrer,
    referrerPolicy,
    signal,
    window,
    any,
  };
}

/**
 * Checks and normalizes a method as undici does: `get`, `post`, `put`, `delete`, `head` and
 * `options` (any case) are uppercased; others are kept as given (`patch` stays `patch`);
 * `CONNECT`, `TRACE` and `TRACK` are refused.
 */
export function normalizeMethod(method: string): string {
  if (!isToken(method)) throw new TypeErrorCtor(`'${method}' is not a valid HTTP method.`);
  const upper = asciiUppercase(method);
  if (upper === 'CONNECT' || upper === 'TRACE' || upper === 'TRACK') {
    throw new TypeErrorCtor(`'${method}' HTTP method is unsupported.`);
  }
  switch (upper) {
    case 'DELETE':
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
    case 'POST':
    case 'PUT':
      return upper;
    default:
      return method;
  }
}
