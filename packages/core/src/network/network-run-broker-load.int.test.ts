import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LoopbackTestServer,
  startLoopbackTestServer,
  testLookup,
} from './loopback-test-server';
import { NetworkRunBroker } from './network-run-broker';
import { resolveNetworkPolicy } from './resolve-network-policy';
import type { SandboxHttpRequest } from './sandbox-http';

const lookup = testLookup({ 'api.test': ['127.0.0.1'] });
let server: LoopbackTestServer;
let port: number;

beforeAll(async () => {
  server = await startLoopbackTestServer();
  port = server.port;
});
afterAll(() => server.close());

const broker = (limits: Record<string, number> = {}, timeoutMs = 10_000) =>
  new NetworkRunBroker(
    resolveNetworkPolicy(
      { lookup, allow: [`api.test:${port}`, `127.0.0.1:${port}`], ...limits },
      'network',
    ),
    { timeoutMs },
  );
const get = (path: string): SandboxHttpRequest => ({
  method: 'GET',
  url: `http://api.test:${port}${path}`,
  headers: [],
});

describe('NetworkRunBroker under load', () => {
  it('keeps the counters right for 1,000 requests from 20 concurrent runs', async () => {
    const before = server.received.length;
    const brokers = Array.from({ length: 20 }, () => broker({ maxRequests: 50 }));
    const answers = await Promise.all(
      brokers.map((network, run) =>
        Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            network.fetch(get(`/echo?run=${run}&i=${index}`)),
          ),
        ),
      ),
    );
    expect(answers.flat().filter((answer) => answer.ok && answer.status === 200)).toHaveLength(
      1_000,
    );
    expect(server.received.length - before).toBe(1_000);
    brokers.forEach((network, run) => {
      expect(network.requestCount).toBe(50);
      const records = network.finish();
      expect(records).toHaveLength(50);
      expect(new Set(records.map((record) => record.url)).size).toBe(50);
      expect(
        records.every((record) => record.url.includes(`run=${run}&`) && record.status === 200),
      ).toBe(true);
    });
  });
});
