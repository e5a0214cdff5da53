import { describe, expect, it } from 'vitest';
import { createBearerTokenCheck } from './bearer-token-check';

const alice = 'alice-token-0123456789';
const bob = 'bob-token-abcdefghijkl';

describe('createBearerTokenCheck', () => {
  it('accepts a listed token and names it by its place in the list', async () => {
    const check = createBearerTokenCheck([alice, bob]);
    const outcome = await check(`Bearer ${bob}`);
    expect(outcome).toMatchObject({
      kind: 'authorized',
      authInfo: { token: bob, clientId: 'token-2', scopes: [] },
    });
    expect(JSON.stringify((outcome as { quotaKey: string }).quotaKey)).not.toContain(bob);
    expect(await check(`bearer ${alice}`)).toMatchObject({ authInfo: { clientId: 'token-1' } });
  });

  it('tells a missing token from a wrong one', async () => {
    const check = createBearerTokenCheck([alice]);
    expect(await check(undefined)).toEqual({ kind: 'missing' });
    expect(await check('')).toEqual({ kind: 'missing' });
    expect(await check(`Bearer ${alice}x`)).toEqual({ kind: 'invalid' });
    expect(await check(`Bearer ${alice.slice(0, -1)}`)).toEqual({ kind: 'invalid' });
    expect(await check(`Basic ${alice}`)).toEqual({ kind: 'invalid' });
    expect(await check('Bearer')).toEqual({ kind: 'invalid' });
  });

  it('refuses an empty list and short or spaced tokens, without echoing them', () => {
    expect(() => createBearerTokenCheck([])).toThrow(/auth\.tokens is empty/);
    expect(() => createBearerTokenCheck([alice, 'short'])).toThrow(
      /auth\.tokens\[1\] is not a usable token: it must be at least 16 characters/,
    );
    let message = '';
    try {
      createBearerTokenCheck(['with space inside it']);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/auth\.tokens\[0\] is not a usable token/);
    expect(message).not.toContain('with space');
  });

  it('uses a verifier: its clientId keys the quotas, an expired token is invalid', async () => {
    const check = createBearerTokenCheck(async (token) =>
      token === 'good'
        ? { token, clientId: 'app-1', scopes: ['run'] }
        : token === 'old'
          ? { token, clientId: 'app-1', scopes: [], expiresAt: Date.now() / 1000 - 1 }
          : undefined,
    );
    expect(await check('Bearer good')).toMatchObject({
      kind: 'authorized',
      quotaKey: 'client:app-1',
    });
    expect(await check('Bearer old')).toEqual({ kind: 'invalid' });
    expect(await check('Bearer nope')).toEqual({ kind: 'invalid' });
  });
});
