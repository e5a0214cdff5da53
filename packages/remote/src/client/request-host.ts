import { SandboxError } from '@code-interpreter/core';
import { type NatsConnection, PermissionViolationError } from '@nats-io/transport-node';
import { decodeMessage, encodeMessage, type HostReply } from '../protocol/messages';

/** A request's outcome: the host's reply, or why none came. */
export type HostAnswer =
  | HostReply
  | { t: 'no-responders' }
  | { t: 'timeout'; message: string }
  | { t: 'denied'; operation: 'publish' | 'subscription'; subject: string };

/** Sends one request and returns the host's reply, or `no-responders` / `timeout` instead of throwing. */
export async function requestHost(
  nc: NatsConnection,
  subject: string,
  message: unknown,
  timeoutMs: number,
): Promise<HostAnswer> {
  const data = encodeMessage(message);
  const maxPayload = nc.info?.max_payload;
  if (maxPayload !== undefined && data.length > maxPayload)
    return tooLarge(data.length, maxPayload);
  try {
    const reply = await nc.request(subject, data, { timeout: timeoutMs });
    return decodeMessage<HostReply>(reply.data);
  } catch (error) {
    // The client wraps the server's refusal in a RequestError whose cause it is.
    const refusal = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    if (refusal instanceof PermissionViolationError) {
      return { t: 'denied', operation: refusal.operation, subject: refusal.subject };
    }
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

/** The error for a request the NATS server refused: this client's user lacks a permission. */
export function deniedError(answer: Extract<HostAnswer, { t: 'denied' }>): SandboxError {
  const what = answer.operation === 'publish' ? 'publish to' : 'subscribe to';
  return new SandboxError({
    message: `The NATS server does not let this client ${what} ${answer.subject}: give its user that permission (see "Securing NATS" in the @code-interpreter/remote README), or connect with the credentials of a user that has it.`,
  });
}

/**
 * The answer for a request the NATS server would refuse for its size: only files make a request
 * that large, so it is the workspace's "file too big" (`WorkspaceError` `EFBIG`) with the limit.
 */
function tooLarge(bytes: number, maxPayload: number): HostAnswer {
  return {
    t: 'error',
    hostId: 'none (not sent)',
    error: {
      kind: 'workspace',
      code: 'EFBIG',
      syscall: 'write',
      message: `EFBIG: the files make this request ${bytes} bytes, more than the NATS server's max_payload (${maxPayload} bytes): send smaller files, or raise max_payload on the NATS server, write`,
    },
  };
}
