import { createHash } from 'node:crypto';
import { nkeys } from '@nats-io/transport-node';

type KeyPair = ReturnType<typeof nkeys.createOperator>;

/**
 * NATS decentralized auth for tests, without `nsc`: an operator, an account it signs and users
 * the account signs, as JWTs (header `ed25519-nkey`, signed by the issuer's NKey), a server
 * config for operator mode with the accounts preloaded, and `.creds` files as `nsc` writes them.
 */
const base64url = (data: Uint8Array | string) => Buffer.from(data).toString('base64url');

function signJwt(issuer: KeyPair, subject: string, name: string, nats: object): string {
  const claims: Record<string, unknown> = {
    iat: Math.floor(Date.now() / 1000),
    iss: issuer.getPublicKey(),
    name,
    sub: subject,
    nats: { ...nats, version: 2 },
  };
  claims.jti = createHash('sha256').update(JSON.stringify(claims)).digest('base64url');
  const signed = `${base64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }))}.${base64url(JSON.stringify(claims))}`;
  return `${signed}.${base64url(issuer.sign(new TextEncoder().encode(signed)))}`;
}

const unlimited = { subs: -1, data: -1, payload: -1 };

export interface TestOperator {
  operatorJwt: string;
  /** Creates an account signed by the operator (preload it with `serverConfig`). */
  account(name: string): TestAccount;
  /** A nats-server config for operator mode on 127.0.0.1:port, with these accounts preloaded. */
  serverConfig(port: number, accounts: TestAccount[]): string;
}

export interface TestAccount {
  publicKey: string;
  jwt: string;
  /** A user of this account with these permissions, as the text of its `.creds` file. */
  userCreds(name: string, permissions?: { pub?: object; sub?: object }): string;
}

export function createTestOperator(): TestOperator {
  const operator = nkeys.createOperator();
  const operatorJwt = signJwt(operator, operator.getPublicKey(), 'test-operator', {
    type: 'operator',
  });
  return {
    operatorJwt,
    account(name) {
      const account = nkeys.createAccount();
      const jwt = signJwt(operator, account.getPublicKey(), name, {
        type: 'account',
        limits: { ...unlimited, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 },
        default_permissions: { pub: {}, sub: {} },
      });
      return {
        publicKey: account.getPublicKey(),
        jwt,
        userCreds(userName, permissions = {}) {
          const user = nkeys.createUser();
          const userJwt = signJwt(account, user.getPublicKey(), userName, {
            type: 'user',
            pub: permissions.pub ?? {},
            sub: permissions.sub ?? {},
            ...unlimited,
          });
          const seed = new TextDecoder().decode(user.getSeed());
          return [
            '-----BEGIN NATS USER JWT-----',
            userJwt,
            '------END NATS USER JWT------',
            '',
            '************************* IMPORTANT *************************',
            'NKEY Seed printed below can be used to sign and prove identity.',
            'NKEYs are sensitive and should be treated as secrets.',
            '',
            '-----BEGIN USER NKEY SEED-----',
            seed,
            '------END USER NKEY SEED------',
            '',
            '*************************************************************',
            '',
          ].join('\n');
        },
      };
    },
    serverConfig(port, accounts) {
      const preload = accounts.map((account) => `  ${account.publicKey}: "${account.jwt}"`);
      return [
        `listen: 127.0.0.1:${port}`,
        `operator: "${operatorJwt}"`,
        'resolver: MEMORY',
        'resolver_preload: {',
        ...preload,
        '}',
        '',
      ].join('\n');
    },
  };
}
