import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed handle says: the session it names and whose it is. */
export interface SignedHandlePayload {
  /** The session's reference (for a fleet: its host and its id there). */
  reference: string;
  /** Digest of the caller who minted it ('' without authentication). */
  owner: string;
}

const prefix = 'cis1.';
/** Domain separation: a MAC over a handle is never a MAC over anything else signed with the key. */
const context = 'code-interpreter/mcp-session-handle/v1\0';

/** The key as bytes; refuses a key too short to resist guessing. */
export function signingKeyBytes(key: string | Uint8Array): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (bytes.length < 32) {
    throw new TypeError(
      `sessionHandles.shared.signingKey has ${bytes.length} bytes; give at least 32 random bytes (e.g. \`openssl rand -base64 48\`), the same to every front end.`,
    );
  }
  return bytes;
}

function mac(key: Buffer, body: string): Buffer {
  return createHmac('sha256', key).update(context).update(body).digest();
}

/**
 * A self-describing handle: `cis1.<payload>.<HMAC-SHA256>` (base64url), so any front end holding
 * the key can tell which session it names and whose it is, with nothing kept in memory.
 */
export function signHandle(key: Buffer, payload: SignedHandlePayload): string {
  const body = Buffer.from(JSON.stringify({ r: payload.reference, o: payload.owner })).toString(
    'base64url',
  );
  return `${prefix}${body}.${mac(key, body).toString('base64url')}`;
}

/** The payload of a handle this key signed; `undefined` for a forged, altered or foreign one. */
export function verifyHandle(key: Buffer, handle: string): SignedHandlePayload | undefined {
  if (!handle.startsWith(prefix)) return undefined;
  const [body, signature, ...rest] = handle.slice(prefix.length).split('.');
  if (body === undefined || signature === undefined || rest.length > 0) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, body);
  // Compare in constant time, and only equal-length buffers (timingSafeEqual throws otherwise).
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      r?: unknown;
      o?: unknown;
    };
    if (typeof parsed.r !== 'string' || typeof parsed.o !== 'string') return undefined;
    return { reference: parsed.r, owner: parsed.o };
  } catch {
    return undefined;
  }
}
