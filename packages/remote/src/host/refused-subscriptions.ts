import { type NatsConnection, PermissionViolationError } from '@nats-io/transport-node';

/**
 * Records the subscriptions the NATS server refuses on `nc` (a permissions violation arrives as
 * an error after the fact, not from `subscribe`). `stop()` waits until the status events already
 * received have been read, stops watching and returns the refused subjects.
 */
export function watchRefusedSubscriptions(nc: NatsConnection): { stop(): Promise<string[]> } {
  const refused: string[] = [];
  const status = nc.status() as AsyncIterable<unknown> & { stop?: () => void };
  void (async () => {
    for await (const event of status) {
      const error = (event as { type?: string; error?: unknown }).error;
      if (error instanceof PermissionViolationError && error.operation === 'subscription') {
        refused.push(error.queue ? `${error.subject} (queue ${error.queue})` : error.subject);
      }
    }
  })();
  return {
    async stop() {
      // The events are queued before the flush's PONG is handled; let the loop above read them.
      for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      status.stop?.();
      return refused;
    },
  };
}
