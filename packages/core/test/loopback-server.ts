import { connect, createServer } from 'node:net';

/** A TCP server on 127.0.0.1 that counts the connections it accepts (test helper). */
export interface LoopbackServer {
  port: number;
  /** Connections accepted so far, from anyone. */
  connections(): number;
  /**
   * Connects from the host and waits until the server has counted it: proves the counter can
   * fail, and (made after a sandbox's attempts) that any connection made before it has arrived.
   */
  connectFromHost(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link LoopbackServer} on a free port. */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    connections: () => accepted,
    async connectFromHost() {
      const before = accepted;
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end());
        socket.on('error', reject);
        socket.on('close', () => resolve());
      });
      const deadline = Date.now() + 5_000;
      while (accepted === before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      if (accepted === before)
        throw new Error('the loopback server did not count a host connection');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
