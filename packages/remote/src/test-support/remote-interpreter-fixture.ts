import { afterAll, beforeAll } from 'vitest';
import { createRemoteCodeInterpreter } from '../../dist/index.js';
import { type HostProcess, startHostProcess } from './host-processes';
import { startNatsServer, type TestNatsServer } from './nats-server';

/**
 * For an adapter's suite run over `createRemoteCodeInterpreter`: starts one nats-server and one
 * sandbox host process (one prewarmed worker, the local suites' interpreter options) before the
 * file's tests and stops both after; returns what makes a remote interpreter on them.
 */
export function useRemoteInterpreters(): () => ReturnType<typeof createRemoteCodeInterpreter> {
  let nats: TestNatsServer | undefined;
  let host: HostProcess | undefined;
  beforeAll(async () => {
    nats = await startNatsServer();
    host = await startHostProcess({ servers: nats.url, workers: 1, prewarm: true });
  });
  afterAll(async () => {
    await host?.stop();
    await nats?.stop();
  });
  return () => {
    if (!nats) throw new Error('useRemoteInterpreters: nats-server has not started');
    // A loaded machine can keep the one host busy for long: wait for it rather than fail.
    return createRemoteCodeInterpreter({ servers: nats.url, queueTimeoutMs: 120_000 });
  };
}
