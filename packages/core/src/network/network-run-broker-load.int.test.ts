import { describe, expect, it } from 'vitest';
import { useBrokerFixture } from './broker-test-fixture';

const net = useBrokerFixture();
const { broker, get } = net;

describe('NetworkRunBroker under load', () => {
  it('keeps the counters right for 1,000 requests from 20 concurrent runs', async () => {
    const before = net.server.received.length;
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
    expect(net.server.received.length - before).toBe(1_000);
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
