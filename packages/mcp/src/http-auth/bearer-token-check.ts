import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { BearerTokenVerifier } from './http-auth-options';

/** Shortest token a static list may hold: shorter ones are guessable. */
export const minimumTokenLength = 16;

/** What an `Authorization` header proves. */
export type BearerTokenOutcome =
  /** A good token: who it is, and the key its quotas are counted under (never the token). */
  | { kind: 'authorized'; authInfo: AuthInfo; quotaKey: string }
  /** No bearer token at all: a 401 without an error code (RFC 6750 §3.1). */
  | { kind: 'missing' }
  /** A token that is not good (unknown, expired, malformed header): 401 `invalid_token`. */
  | { kind: 'invalid' };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Makes the check of an `Authorization` header against a static token list or a verifier. Listed
 * tokens are compared as SHA-256 digests with `timingSafeEqual`, every one of them each time, so
 * neither the time taken nor an early exit tells how much of a guess was right.
 * Throws a `TypeError` for a list with no token, or a token that is short or holds whitespace.
 */
export function createBearerTokenCheck(
  tokens: readonly string[] | BearerTokenVerifier,
): (authorization: string | undefined) => Promise<BearerTokenOutcome> {
  const verify = typeof tokens === 'function' ? tokens : verifierOfList(tokens);
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') return { kind: 'missing' };
    const match = /^Bearer +([^\s]+) *$/i.exec(authorization);
    const token = match?.[1];
    if (token === undefined) return { kind: 'invalid' };
    const authInfo = await verify(token);
    if (authInfo === undefined) return { kind: 'invalid' };
    if (typeof authInfo.expiresAt === 'number' && authInfo.expiresAt * 1000 <= Date.now()) {
      return { kind: 'invalid' };
    }
    const quotaKey = authInfo.clientId
      ? `client:${authInfo.clientId}`
      : `token:${sha256(token).toString('hex')}`;
    return { kind: 'authorized', authInfo, quotaKey };
  };
}

function verifierOfList(tokens: readonly string[]): BearerTokenVerifier {
  if (tokens.length === 0) {
    throw new TypeError('auth.tokens is empty: give at least one token, or a verify function.');
  }
  tokens.forEach((token, index) => {
    if (typeof token !== 'string' || token.length < minimumTokenLength || /\s/.test(token)) {
      throw new TypeError(
        `auth.tokens[${index}] is not a usable token: it must be at least ${minimumTokenLength} characters without whitespace.`,
      );
    }
  });
  const digests = tokens.map(sha256);
  return async (token) => {
    const digest = sha256(token);
    let found = -1;
    digests.forEach((known, index) => {
      if (timingSafeEqual(known, digest) && found === -1) found = index;
    });
    return found === -1 ? undefined : { token, clientId: `token-${found + 1}`, scopes: [] };
  };
}
