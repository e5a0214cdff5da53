import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizationError } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteCodeInterpreter, type SandboxHost, serveSandboxHost } from '../dist/index.js';
import { createTestOperator } from './test-support/nats-jwt';
import { startNatsServer, type TestNatsServer } from './test-support/nats-server';
import { clientPermissions, hostPermissions } from './test-support/secure-nats-config';

/**
 * A NATS server in operator mode (decentralized auth: an operator, an account it signs, users
 * with JWTs), as `nsc` sets one up: a host and a client connect with `.creds` files (credsFile
 * and inline creds), with the README's permissions in their user JWTs; a user of an account the
 * server does not know is refused.
 */
let folder: string;
let nats: TestNatsServer;
let host: SandboxHost;
const operator = createTestOperator();
const account = operator.account('sandboxes');
const stranger = createTestOperator().account('elsewhere');
const asJwtPermissions = (permissions: { publish: string[]; subscribe: string[] }) => ({
  pub: { allow: permissions.publish },
  sub: { allow: permissions.subscribe },
});

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'nats-creds-'));
  nats = await startNatsServer({
    configFile: (port) => {
      const file = join(folder, 'nats.conf');
      writeFileSync(file, operator.serverConfig(port, [account]));
      return file;
    },
  });
  const hostCreds = join(folder, 'host.creds');
  writeFileSync(hostCreds, account.userCreds('host', asJwtPermissions(hostPermissions())), {
    mode: 0o600,
  });
  host = await serveSandboxHost({
    servers: nats.url,
    credentials: { credsFile: hostCreds },
    workers: 1,
    languages: ['javascript'],
  });
});

afterAll(async () => {
  await host?.close();
  await nats?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('sandbox hosts and clients with .creds files (NATS operator mode)', () => {
  it('a client with its .creds runs code on the host, on its own inbox prefix', async () => {
    const creds = account.userCreds('alice', asJwtPermissions(clientPermissions('alice')));
    const interpreter = await createRemoteCodeInterpreter({
      servers: nats.url,
      credentials: { creds },
      inboxPrefix: '_INBOX.alice',
    });
    try {
      const result = await interpreter.run({ language: 'javascript', code: '6 * 7' });
      expect(result.value).toBe('42');
      expect(
        (
          await interpreter.run(
            { language: 'javascript', code: 'await tools.double({ n: 4 })' },
            { tools: { double: { inputSchema: {}, execute: ({ n }: { n: number }) => n * 2 } } },
          )
        ).value,
      ).toBe('8');
    } finally {
      await interpreter.close();
    }
  });

  it('a user of an account the server does not know is refused', async () => {
    const creds = stranger.userCreds('mallory');
    await expect(
      createRemoteCodeInterpreter({
        servers: nats.url,
        credentials: { creds },
        queueTimeoutMs: 2_000,
      }),
    ).rejects.toSatisfy((error: unknown) => error instanceof AuthorizationError);
  });

  it('a client whose JWT lacks the hosts’ subjects is told which permission it misses', async () => {
    const creds = account.userCreds('bob', {
      pub: { allow: ['elsewhere.>'] },
      sub: { allow: ['_INBOX.bob.>'] },
    });
    await expect(
      createRemoteCodeInterpreter({
        servers: nats.url,
        credentials: { creds },
        inboxPrefix: '_INBOX.bob',
        queueTimeoutMs: 2_000,
      }),
    ).rejects.toThrow(/does not let this client publish to code-interpreter\.capabilities/);
  });
});
