import { createList, StringCtor } from '../primordials';

/**
 * A parsed URL (the URL Standard's URL record). `host` is kept serialized (`example.com`,
 * `1.2.3.4`, `[::1]`, `''` for an empty host, null for none). `path` is a list of segments, or a
 * string for an opaque path (`mailto:a@b`, `data:...`).
 */
export interface UrlRecord {
  scheme: string;
  username: string;
  password: string;
  host: string | null;
  port: number | null;
  path: string[] | string;
  query: string | null;
  fragment: string | null;
}

/** Special schemes and their default ports (`file` has none). */
export function defaultPort(scheme: string): number | null | undefined {
  switch (scheme) {
    case 'http':
    case 'ws':
      return 80;
    case 'https':
    case 'wss':
      return 443;
    case 'ftp':
      return 21;
    case 'file':
      return null;
    default:
      return undefined;
  }
}

export function isSpecialScheme(scheme: string): boolean {
  return defaultPort(scheme) !== undefined;
}

export function hasOpaquePath(url: UrlRecord): url is UrlRecord & { path: string } {
  return typeof url.path === 'string';
}

export function includesCredentials(url: UrlRecord): boolean {
  return url.username !== '' || url.password !== '';
}

export function cannotHaveUsernamePasswordPort(url: UrlRecord): boolean {
  return url.host === null || url.host === '' || url.scheme === 'file';
}

export function serializePath(url: UrlRecord): string {
  const path = url.path;
  if (typeof path === 'string') return path;
  let output = '';
  for (let i = 0; i < path.length; i++) output += `/${path[i]}`;
  return output;
}

/** The URL serializer (`href`), optionally without the fragment. */
export function serializeUrl(url: UrlRecord, excludeFragment = false): string {
  let output = `${url.scheme}:`;
  if (url.host !== null) {
    output += '//';
    if (url.username !== '' || url.password !== '') {
      output += url.username;
      if (url.password !== '') output += `:${url.password}`;
      output += '@';
    }
    output += url.host;
    if (url.port !== null) output += `:${StringCtor(url.port)}`;
  }
  if (
    url.host === null &&
    typeof url.path !== 'string' &&
    url.path.length > 1 &&
    url.path[0] === ''
  ) {
    output += '/.';
  }
  output += serializePath(url);
  if (url.query !== null) output += `?${url.query}`;
  if (!excludeFragment && url.fragment !== null) output += `#${url.fragment}`;
  return output;
}

/** A copy of a record whose path list can be changed without touching the original. */
export function copyUrlRecord(url: UrlRecord): UrlRecord {
  const path = url.path;
  let pathCopy: string[] | string = path;
  if (typeof path !== 'string') {
    const list = createList<string>();
    for (let i = 0; i < path.length; i++) list[i] = path[i] as string;
    pathCopy = list;
  }
  return {
    scheme: url.scheme,
    username: url.username,
    password: url.password,
    host: url.host,
    port: url.port,
    path: pathCopy,
    query: url.query,
    fragment: url.fragment,
  };
}
