import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server the network tests start (test support, not shipped). */
export interface EchoServer {
  /** `127.0.0.1:<port>`, as an allow entry names it. */
  readonly host: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The requests it received, in order. */
  readonly received: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 that answers every request with `{ method, path }` as JSON. */
export async function startEchoServer(): Promise<EchoServer> {
  const received: EchoServer['received'] = [];
  const server = http.createServer((request, response) => {
    received.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
    });
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ method: request.method, path: request.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
