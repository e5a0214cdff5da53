import type { NatsConnection } from '@nats-io/transport-node';
import { decodeMessage, encodeMessage, type HostReply } from '../protocol/messages';

/** A request's outcome: the host's reply, or why none came. */
export type HostAnswer = HostReply | { t: 'no-responders' } | { t: 'timeout'; message: string };

/** Sends one request and returns the host's reply, or `no-responders` / `timeout` instead of throwing. */
export async function requestHost(
  nc: NatsConnection,
  subject: string,
  message: unknown,
  timeoutMs: number,
): Promise<HostAnswer> {
  try {
    const reply = await nc.request(subject, encodeMessage(message), { timeout: timeoutMs });
    return decodeMessage<HostReply>(reply.data);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/no responders/i.test(text)) return { t: 'no-responders' };
    return { t: 'timeout', message: text };
  }
}

/** A short randomized backoff before a request is offered again: 5 ms doubling to 200 ms. */
export function backoffMs(attempt: number): number {
  return Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
