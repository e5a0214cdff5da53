/**
 * Headers the sandboxed code may not set: the host computes them (`host`, `content-length`,
 * `accept-encoding`), they are hop-by-hop (`connection`, `keep-alive`, `te`, `trailer`,
 * `transfer-encoding`, `upgrade`, any `proxy-*`), or they change how the host talks to the server
 * (`expect`, `http2-settings`). Headers that `connection` names are dropped too.
 */
const droppedNames = new Set([
  'host',
  'content-length',
  'accept-encoding',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'http2-settings',
]);

/** Sandbox headers dropped when a redirect leaves the origin (as `fetch` does). */
export const crossOriginDroppedNames = ['authorization', 'cookie', 'proxy-authorization'];

/** Headers describing a body, dropped when a redirect turns the request into a GET. */
export const bodyHeaderNames = [
  'content-type',
  'content-encoding',
  'content-language',
  'content-location',
];

const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Most headers and total header bytes a request may carry. */
export const requestHeaderLimits = { count: 200, bytes: 64 * 1024 };

/**
 * Checks the code's request headers and returns those the host will send, by lowercase name
 * (repeated names joined with `, ` as `Headers` does), or a message saying what is wrong.
 *
 * @example
 * prepareRequestHeaders([['Accept', 'text/plain'], ['Host', 'evil.test']]);
 * // { ok: true, headers: Map { 'accept' => 'text/plain' } }
 */
export function prepareRequestHeaders(
  pairs: ReadonlyArray<readonly [string, string]>,
): { ok: true; headers: Map<string, string> } | { ok: false; message: string } {
  if (!Array.isArray(pairs)) return { ok: false, message: 'The request headers are not a list.' };
  if (pairs.length > requestHeaderLimits.count) {
    return {
      ok: false,
      message: `The request has ${pairs.length} headers, more than ${requestHeaderLimits.count}.`,
    };
  }
  const headers = new Map<string, string>();
  let bytes = 0;
  for (const pair of pairs) {
    const [name, rawValue] = Array.isArray(pair) ? pair : [];
    if (typeof name !== 'string' || typeof rawValue !== 'string') {
      return { ok: false, message: 'A request header is not a [name, value] pair of strings.' };
    }
    if (!tokenPattern.test(name)) {
      return {
        ok: false,
        message: `${JSON.stringify(name.slice(0, 100))} is not a valid header name.`,
      };
    }
    const value = rawValue.trim();
    if (/[\r\n\0]/.test(value)) {
      return {
        ok: false,
        message: `The value of header ${name} contains a line break or NUL character.`,
      };
    }
    bytes += name.length + value.length;
    if (bytes > requestHeaderLimits.bytes) {
      return {
        ok: false,
        message: `The request headers are larger than ${requestHeaderLimits.bytes} bytes.`,
      };
    }
    const lower = name.toLowerCase();
    const previous = headers.get(lower);
    headers.set(lower, previous === undefined ? value : `${previous}, ${value}`);
  }
  const named = (headers.get('connection') ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase());
  for (const name of [...headers.keys()]) {
    if (droppedNames.has(name) || name.startsWith('proxy-') || named.includes(name))
      headers.delete(name);
  }
  return { ok: true, headers };
}
