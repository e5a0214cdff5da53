import { describe, expect, it } from 'vitest';
import { signHandle, signingKeyBytes, verifyHandle } from './signed-handle';

const key = signingKeyBytes('k'.repeat(32));
const otherKey = signingKeyBytes('o'.repeat(32));
const payload = { reference: 'host-a/session-1', owner: 'abc' };

describe('signed session handles', () => {
  it('reads back what it signed, with the same key only', () => {
    const handle = signHandle(key, payload);
    expect(handle).toMatch(/^cis1\.[\w-]+\.[\w-]{43}$/);
    expect(verifyHandle(key, handle)).toEqual(payload);
    expect(verifyHandle(otherKey, handle)).toBeUndefined();
  });

  it('refuses a handle whose payload or signature was changed', () => {
    const handle = signHandle(key, payload);
    const [, body, signature] = handle.split('.') as [string, string, string];
    const otherBody = Buffer.from(JSON.stringify({ r: 'host-b/session-9', o: 'abc' })).toString(
      'base64url',
    );
    expect(verifyHandle(key, `cis1.${otherBody}.${signature}`)).toBeUndefined();
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyHandle(key, `cis1.${body}.${flipped}`)).toBeUndefined();
    expect(verifyHandle(key, `cis1.${body}.`)).toBeUndefined();
    expect(verifyHandle(key, `cis1.${body}.${signature}.x`)).toBeUndefined();
    expect(verifyHandle(key, `cis_${'0'.repeat(32)}`)).toBeUndefined();
  });

  it('refuses a key shorter than 32 bytes, saying how to make one', () => {
    expect(() => signingKeyBytes('short')).toThrow(/at least 32 random bytes/);
  });
});
