import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer, connect as tcpConnect } from 'node:net';

/** A nats-server child process on 127.0.0.1, for tests. */
export interface TestNatsServer {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  start(): Promise<void>;
}

/** Fails (never skips) when the `nats-server` Debian package is missing. */
export function requireNatsServer(): void {
  try {
    execFileSync('nats-server', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'nats-server is not installed: these tests need the Debian package `nats-server` (apt-get install -y nats-server; scripts/dev.sh installs it).',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts nats-server on a free port of 127.0.0.1. With `configFile`, the server reads that
 * configuration (made for the port it is given) instead of running open to everyone.
 */
export async function startNatsServer(
  options: { configFile?: (port: number) => string } = {},
): Promise<TestNatsServer> {
  requireNatsServer();
  const port = await freePort();
  const args = options.configFile
    ? ['-c', options.configFile(port)]
    : ['-a', '127.0.0.1', '-p', String(port)];
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('nats-server', args, { stdio: 'ignore' });
    const until = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (Date.now() > until || child.exitCode !== null) {
        throw new Error(`nats-server did not start on port ${port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return { port, url: `nats://127.0.0.1:${port}`, start, stop };
}
