import type { IncomingMessage, ServerResponse } from 'node:http';

/** Host names of the loopback interface, as they appear in a Host header. */
export const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'];
/** True for a loopback listen address. */
export const isLoopback = (host: string) =>
  ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host);

/** The host name of a Host header value, without its port (`[::1]` keeps its brackets). */
export function hostnameOf(hostHeader: string): string {
  return hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':')[0] ?? '');
}

/** The `host:port` of an Origin header value, or '' when it is not a URL. */
export function originHost(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return '';
  }
}

/** Answers with a JSON-RPC error object (and `headers`), unless headers went out already. */
export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  {
    id = null,
    headers = {},
  }: { id?: string | number | null; headers?: Record<string, string> } = {},
) {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id }));
}

/** Reads and parses a JSON body of at most `maxBytes`; errors carry the HTTP `status` to answer. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw Object.assign(new Error('body is not JSON'), { status: 400 });
  }
}

type JsonRpcId = string | number;

const messagesOf = (body: unknown): unknown[] => (Array.isArray(body) ? body : [body]);

/** The ids of the JSON-RPC requests in `body` (one message or a batch) that call tool `toolName`. */
export function toolCallIdsIn(body: unknown, toolName: string): JsonRpcId[] {
  return messagesOf(body).flatMap((message) => {
    const { method, id, params } = (message ?? {}) as {
      method?: unknown;
      id?: unknown;
      params?: { name?: unknown };
    };
    const call = method === 'tools/call' && params?.name === toolName;
    return call && (typeof id === 'string' || typeof id === 'number') ? [id] : [];
  });
}

/** The request ids that `notifications/cancelled` messages in `body` cancel. */
export function cancelledRequestIdsIn(body: unknown): JsonRpcId[] {
  return messagesOf(body).flatMap((message) => {
    const { method, params } = (message ?? {}) as {
      method?: unknown;
      params?: { requestId?: unknown };
    };
    const id = params?.requestId;
    return method === 'notifications/cancelled' &&
      (typeof id === 'string' || typeof id === 'number')
      ? [id]
      : [];
  });
}
