import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** What the test server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback HTTP server for the network tests (test support, not shipped). */
export interface LoopbackTestServer {
  port: number;
  received: ReceivedRequest[];
  /** Sockets the server saw closed (to check that cancelled requests were cut). */
  closedSockets: () => number;
  close(): Promise<void>;
}

const gzipBomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));

/**
 * Routes (query parameters in brackets):
 * - `/echo`: 200 with the request as JSON in the body, and its `authorization` and all headers
 *   echoed in response headers `x-echo-authorization` and `x-echo-headers`;
 * - `/redirect` [to, status]: a redirect to `to`;
 * - `/chunked` [bytes]: that many bytes without a content-length; `/sized` [bytes]: with one;
 * - `/gzip`: a gzip-encoded text; `/gzip-bomb`: 20 MB of zeros as a 20 KB gzip body;
 * - `/slow`: never answers; `/slow-body`: sends the head and one chunk, then nothing.
 */
export async function startLoopbackTestServer(): Promise<LoopbackTestServer> {
  const received: ReceivedRequest[] = [];
  let closed = 0;
  const handle = (request: IncomingMessage, response: ServerResponse, body: string) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const bytes = Number(url.searchParams.get('bytes') ?? '0');
    switch (url.pathname) {
      case '/echo': {
        response.setHeader('x-echo-authorization', request.headers.authorization ?? '');
        response.setHeader('x-echo-headers', JSON.stringify(request.headers));
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            method: request.method,
            url: request.url,
            headers: request.headers,
            body,
          }),
        );
        return;
      }
      case '/redirect':
        response.writeHead(Number(url.searchParams.get('status') ?? '302'), {
          location: url.searchParams.get('to') ?? '/echo',
        });
        response.end('moved');
        return;
      case '/chunked':
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let sent = 0; sent < bytes; sent += 65_536)
          response.write(Buffer.alloc(Math.min(65_536, bytes - sent), 97));
        response.end();
        return;
      case '/sized':
        response.writeHead(200, { 'content-length': String(bytes) });
        response.end(Buffer.alloc(bytes, 97));
        return;
      case '/gzip':
        response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
        response.end(gzipSync(Buffer.from('hello, compressed world')));
        return;
      case '/gzip-bomb':
        response.writeHead(200, { 'content-encoding': 'gzip' });
        response.end(gzipBomb);
        return;
      case '/slow':
        return;
      case '/slow-body':
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('first chunk');
        return;
      default:
        response.writeHead(404);
        response.end('not found');
    }
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      });
      handle(request, response, body);
    });
  });
  server.on('connection', (socket) => socket.on('close', () => closed++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    closedSockets: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `lookup` for tests: test host names to fixed addresses. */
export function testLookup(
  table: Record<string, string[]>,
): (hostname: string) => Promise<string[]> {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses;
  };
}
