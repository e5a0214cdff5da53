import type { TestCertificates } from './test-certificates';

/** The publish/subscribe permissions the README recommends for a sandbox host. */
export function hostPermissions(prefix = 'code-interpreter') {
  return { publish: ['_INBOX.>'], subscribe: [`${prefix}.>`, '$SRV.>'] };
}

/** The permissions the README recommends for client `name` (its inbox prefix `_INBOX.<name>`). */
export function clientPermissions(name: string, prefix = 'code-interpreter') {
  const host = `${prefix}.host.*`;
  return {
    publish: [
      `${prefix}.run`,
      `${prefix}.session.create`,
      `${prefix}.capabilities`,
      `${host}.session-run`,
      `${host}.session-exec`,
      `${host}.session-files`,
      `${host}.session-close`,
      `${host}.cancel`,
      `${host}.tool-answer`,
    ],
    subscribe: [`_INBOX.${name}.>`],
  };
}

export type TestUser =
  | { user: string; password: string; permissions: object }
  | { nkey: string; permissions: object };

/**
 * A nats-server configuration (JSON is valid NATS config) for 127.0.0.1:`port`: TLS with the
 * test CA, client certificates verified, and only `users` may connect, each with its permissions.
 */
export function secureNatsConfig(
  port: number,
  certificates: TestCertificates,
  users: TestUser[],
): string {
  return JSON.stringify(
    {
      listen: `127.0.0.1:${port}`,
      tls: {
        cert_file: certificates.serverCertFile,
        key_file: certificates.serverKeyFile,
        ca_file: certificates.caFile,
        verify: true,
        timeout: 2,
      },
      authorization: { users },
    },
    null,
    2,
  );
}
