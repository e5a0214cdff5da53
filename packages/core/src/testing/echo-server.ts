import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server for testing an application's network policy (`network` option): it
 * answers every request with `{ method, path }` as JSON and records what it received (headers
 * included, so a test can check that a secret header reached it).
 */
export interface EchoServer {
  /** `127.0.0.1:<port>`, as an allow entry names it. */
  readonly host: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The requests it received, in order. */
  readonly received: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/**
 * Starts an {@link EchoServer} on 127.0.0.1 (an ephemeral port); `close()` when done.
 *
 * @example
 * ```ts
 * const server = await startEchoServer();
 * const interpreter = createCodeInterpreter({ network: { allow: [server.host] } });
 * await interpreter.run({ language: 'javascript', code: `(await fetch('${server.origin}/x')).status` });
 * server.received; // [{ method: 'GET', url: '/x', headers: { ... } }]
 * ```
 */
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
