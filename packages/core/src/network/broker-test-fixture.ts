import { afterAll, beforeAll } from 'vitest';
import {
  type LoopbackTestServer,
  startLoopbackTestServer,
  testLookup,
} from './loopback-test-server';
import { NetworkRunBroker } from './network-run-broker';
import { resolveNetworkPolicy } from './resolve-network-policy';
import type { SandboxHttpRequest } from './sandbox-http';

/** What {@link useBrokerFixture} gives a test file (test support, not shipped). */
export interface BrokerFixture {
  /** The loopback server of the file (set once `beforeAll` ran). */
  server: LoopbackTestServer;
  port: number;
  /** A broker allowing `api.test` (resolved to 127.0.0.1) and 127.0.0.1 on the server's port. */
  broker(limits?: Record<string, number>, timeoutMs?: number): NetworkRunBroker;
  /** A GET of `path` on `api.test`. */
  get(path: string): SandboxHttpRequest;
}

/** Starts a loopback server for the file's tests and closes it after them. */
export function useBrokerFixture(): BrokerFixture {
  const lookup = testLookup({ 'api.test': ['127.0.0.1'] });
  const fixture: BrokerFixture = {
    server: undefined as unknown as LoopbackTestServer,
    port: 0,
    broker: (limits = {}, timeoutMs = 10_000) =>
      new NetworkRunBroker(
        resolveNetworkPolicy(
          { lookup, allow: [`api.test:${fixture.port}`, `127.0.0.1:${fixture.port}`], ...limits },
          'network',
        ),
        { timeoutMs },
      ),
    get: (path) => ({ method: 'GET', url: `http://api.test:${fixture.port}${path}`, headers: [] }),
  };
  beforeAll(async () => {
    fixture.server = await startLoopbackTestServer();
    fixture.port = fixture.server.port;
  });
  afterAll(() => fixture.server.close());
  return fixture;
}
