import { readFileSync } from 'node:fs';
import {
  credsAuthenticator,
  type NodeConnectionOptions,
  nkeyAuthenticator,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
} from '@nats-io/transport-node';
import type { NatsCredentials, NatsSecurityOptions, NatsTlsOptions } from './nats-security-options';

/**
 * The `@nats-io/transport-node` connection options for `security`, on top of `base` (whose own
 * `authenticator`/`tls` are replaced only when `security` sets them). Files are read here, so a
 * missing or unreadable file fails at once with its path.
 */
export function natsConnectionOptions(
  security: NatsSecurityOptions,
  base: Omit<NodeConnectionOptions, 'servers'> = {},
): Omit<NodeConnectionOptions, 'servers'> {
  const options = { ...base };
  if (security.credentials !== undefined) {
    options.authenticator = authenticatorFor(security.credentials);
  }
  if (security.tls !== undefined) options.tls = tlsFor(security.tls);
  return options;
}

function authenticatorFor(credentials: NatsCredentials) {
  const kinds = (['token', 'user', 'nkeySeed', 'credsFile', 'creds'] as const).filter(
    (kind) => kind in credentials,
  );
  if (kinds.length !== 1) {
    throw new TypeError(
      `credentials must hold exactly one of token, user (with password), nkeySeed, credsFile or creds; got ${kinds.length === 0 ? 'none' : kinds.join(', ')}.`,
    );
  }
  if ('token' in credentials) {
    if (!credentials.token) throw new TypeError('credentials.token is empty.');
    return tokenAuthenticator(credentials.token);
  }
  if ('user' in credentials) {
    if (typeof credentials.password !== 'string') {
      throw new TypeError('credentials.user needs credentials.password.');
    }
    return usernamePasswordAuthenticator(credentials.user, credentials.password);
  }
  if ('nkeySeed' in credentials) {
    const seed = bytesOf(credentials.nkeySeed);
    if (!new TextDecoder().decode(seed).trim().startsWith('SU')) {
      throw new TypeError('credentials.nkeySeed must be a user NKey seed (it starts with SU).');
    }
    return nkeyAuthenticator(bytesOf(new TextDecoder().decode(seed).trim()));
  }
  const creds =
    'credsFile' in credentials
      ? readPem(credentials.credsFile, 'the NATS credentials file (credentials.credsFile)')
      : bytesOf(credentials.creds);
  const text = new TextDecoder().decode(creds);
  if (!text.includes('BEGIN NATS USER JWT') || !text.includes('BEGIN USER NKEY SEED')) {
    throw new TypeError(
      `${'credsFile' in credentials ? `${credentials.credsFile} is` : 'credentials.creds is'} not a NATS .creds file (a user JWT and a user NKey seed, as 'nsc generate creds' writes).`,
    );
  }
  return credsAuthenticator(bytesOf(text));
}

function tlsFor(tls: NatsTlsOptions): NonNullable<NodeConnectionOptions['tls']> {
  const pem = (inline: string | undefined, file: string | undefined, what: string) => {
    if (inline !== undefined && file !== undefined) {
      throw new TypeError(`tls: give ${what} inline or as a file, not both.`);
    }
    return file === undefined
      ? inline
      : new TextDecoder().decode(readPem(file, `the ${what} file`));
  };
  const ca = pem(tls.ca, tls.caFile, 'CA certificate');
  const cert = pem(tls.cert, tls.certFile, 'client certificate');
  const key = pem(tls.key, tls.keyFile, 'client key');
  if ((cert === undefined) !== (key === undefined)) {
    throw new TypeError('tls: a client certificate needs its key, and a key its certificate.');
  }
  return {
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    ...(tls.handshakeFirst ? { handshakeFirst: true } : {}),
  };
}

function bytesOf(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}

function readPem(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new TypeError(
      `Could not read ${what} ${path} (${code}): check the path and its permissions.`,
    );
  }
}
