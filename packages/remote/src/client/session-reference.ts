import { InvalidInputError } from '@code-interpreter/core';

const prefix = 'cir1';
/** A NATS subject token the protocol makes ids from (nuid: letters and digits). */
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** What a session reference names: the host that holds the session, and its id there. */
export interface SessionAddress {
  hostId: string;
  sessionId: string;
}

/** `cir1.<hostId>.<sessionId>`: ASCII, JSON-safe, no secret in it. */
export function formatSessionReference(address: SessionAddress): string {
  return `${prefix}.${address.hostId}.${address.sessionId}`;
}

/**
 * The address a reference names. A reference that is not one (or whose ids could make a
 * wildcard or another subject) is refused before anything is sent.
 */
export function parseSessionReference(reference: unknown): SessionAddress {
  const parts = typeof reference === 'string' ? reference.split('.') : [];
  const [tag, hostId, sessionId] = parts;
  if (
    parts.length !== 3 ||
    tag !== prefix ||
    hostId === undefined ||
    sessionId === undefined ||
    !idPattern.test(hostId) ||
    !idPattern.test(sessionId)
  ) {
    throw new InvalidInputError({
      issues: [
        {
          path: 'reference',
          message: `not a session reference (expected ${prefix}.<hostId>.<sessionId>, as sessionReference(session) returns)`,
        },
      ],
    });
  }
  return { hostId, sessionId };
}
