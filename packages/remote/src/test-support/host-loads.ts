import { Svcm } from '@nats-io/services';
import { connect } from '@nats-io/transport-node';
import type { SandboxHostLoad } from '../../dist/index.js';
import { sandboxHostServiceName } from '../../dist/index.js';

/** Each running host's load and request counts, asked through the services framework's stats. */
export async function hostLoads(
  url: string,
): Promise<Map<string, SandboxHostLoad & { requests: Record<string, number> }>> {
  const nc = await connect({ servers: url });
  try {
    const client = new Svcm(nc as unknown as ConstructorParameters<typeof Svcm>[0]).client({
      strategy: 'timer',
      // Every host answers; on a loaded machine one can take more than a second to.
      maxWait: 2_000,
    });
    const loads = new Map<string, SandboxHostLoad & { requests: Record<string, number> }>();
    for await (const stats of await client.stats(sandboxHostServiceName)) {
      const requests = Object.fromEntries(
        (stats.endpoints ?? []).map((endpoint) => [endpoint.name, endpoint.num_requests]),
      );
      loads.set(stats.id, { ...(stats.endpoints?.[0]?.data as SandboxHostLoad), requests });
    }
    return loads;
  } finally {
    await nc.close();
  }
}
