import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { natsConnectionOptions } from './nats-connection-options';

const folder = mkdtempSync(join(tmpdir(), 'nats-options-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const user = nkeys.createUser();
const seed = new TextDecoder().decode(user.getSeed());
const nonce = 'server-nonce-1';
const verifies = (sig: string | undefined) =>
  nkeys
    .fromPublic(user.getPublicKey())
    .verify(new TextEncoder().encode(nonce), Buffer.from(sig ?? '', 'base64url'));

function authOf(options: ReturnType<typeof natsConnectionOptions>) {
  const authenticator = options.authenticator;
  if (typeof authenticator !== 'function') throw new Error('no authenticator');
  return authenticator(nonce) as unknown as Record<string, string | undefined>;
}

describe('natsConnectionOptions', () => {
  it('passes a token and a user/password through the NATS authenticators', () => {
    expect(authOf(natsConnectionOptions({ credentials: { token: 't0ken' } }))).toEqual({
      auth_token: 't0ken',
    });
    expect(
      authOf(natsConnectionOptions({ credentials: { user: 'alice', password: 'secret' } })),
    ).toEqual({ user: 'alice', pass: 'secret' });
  });

  it('signs the server nonce with an NKey seed, sending only the public key', () => {
    const auth = authOf(natsConnectionOptions({ credentials: { nkeySeed: `${seed}\n` } }));
    expect(auth.nkey).toBe(user.getPublicKey());
    expect(verifies(auth.sig)).toBe(true);
    expect(JSON.stringify(auth)).not.toContain(seed);
  });

  it('reads a .creds file: the JWT is sent, the nonce signed with its seed', () => {
    const file = join(folder, 'user.creds');
    writeFileSync(
      file,
      `-----BEGIN NATS USER JWT-----\neyJ0eXAiOiJKV1QifQ.test.jwt\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n`,
    );
    const auth = authOf(natsConnectionOptions({ credentials: { credsFile: file } }));
    expect(auth.jwt).toBe('eyJ0eXAiOiJKV1QifQ.test.jwt');
    expect(verifies(auth.sig)).toBe(true);
  });

  it('says what is wrong with credentials it cannot use', () => {
    expect(() =>
      natsConnectionOptions({ credentials: { token: 'a', user: 'b' } as never }),
    ).toThrow(
      'credentials must hold exactly one of token, user (with password), nkeySeed, credsFile or creds; got token, user.',
    );
    expect(() => natsConnectionOptions({ credentials: { nkeySeed: 'SAxxxx' } })).toThrow(
      'credentials.nkeySeed must be a user NKey seed (it starts with SU).',
    );
    const missing = join(folder, 'missing.creds');
    expect(() => natsConnectionOptions({ credentials: { credsFile: missing } })).toThrow(
      `Could not read the NATS credentials file (credentials.credsFile) ${missing} (ENOENT): check the path and its permissions.`,
    );
    const notCreds = join(folder, 'not.creds');
    writeFileSync(notCreds, 'hello');
    expect(() => natsConnectionOptions({ credentials: { credsFile: notCreds } })).toThrow(
      `${notCreds} is not a NATS .creds file`,
    );
  });

  it('reads TLS files and refuses a certificate without its key', () => {
    const ca = join(folder, 'ca.pem');
    writeFileSync(ca, 'CA PEM');
    expect(natsConnectionOptions({ tls: { caFile: ca } }).tls).toEqual({ ca: 'CA PEM' });
    expect(natsConnectionOptions({ tls: {} }).tls).toEqual({});
    expect(() => natsConnectionOptions({ tls: { cert: 'CERT' } })).toThrow(
      'tls: a client certificate needs its key, and a key its certificate.',
    );
    expect(() => natsConnectionOptions({ tls: { caFile: join(folder, 'none.pem') } })).toThrow(
      /^Could not read the CA certificate file .*none\.pem \(ENOENT\)/,
    );
  });

  it('keeps the other connection options and leaves them alone without security', () => {
    const base = { reconnectTimeWait: 100, tls: { caFile: 'x' } };
    expect(natsConnectionOptions({}, base)).toEqual(base);
    expect(natsConnectionOptions({ credentials: { token: 't' } }, base).reconnectTimeWait).toBe(
      100,
    );
  });
});
