import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxError } from '@code-interpreter/core';
import {
  AuthorizationError,
  connect,
  type NatsConnection,
  nkeys,
  PermissionViolationError,
  TimeoutError,
} from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRemoteCodeInterpreter,
  type NatsTlsOptions,
  type SandboxHost,
  serveSandboxHost,
} from '../dist/index.js';
import { startNatsServer, type TestNatsServer } from './test-support/nats-server';
import {
  clientPermissions,
  hostPermissions,
  secureNatsConfig,
} from './test-support/secure-nats-config';
import { makeTestCertificates, type TestCertificates } from './test-support/test-certificates';

/**
 * A NATS server that requires TLS (client certificates verified) and a user, each user with the
 * permissions the README recommends: a host (an NKey), clients alice and bob (each with its own
 * inbox prefix), and mallory, a user with no permission on the sandbox hosts' subjects.
 */
let folder: string;
let certificates: TestCertificates;
let nats: TestNatsServer;
let host: SandboxHost;
const hostKey = nkeys.createUser();
const password = (name: string) => `${name}-password-0123456789`;
let tls: NatsTlsOptions;
const open: NatsConnection[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'nats-security-'));
  certificates = makeTestCertificates(folder);
  tls = {
    caFile: certificates.caFile,
    certFile: certificates.clientCertFile,
    keyFile: certificates.clientKeyFile,
  };
  nats = await startNatsServer({
    configFile: (port) => {
      const file = join(folder, 'nats.conf');
      writeFileSync(
        file,
        secureNatsConfig(port, certificates, [
          { nkey: hostKey.getPublicKey(), permissions: hostPermissions() },
          { user: 'alice', password: password('alice'), permissions: clientPermissions('alice') },
          { user: 'bob', password: password('bob'), permissions: clientPermissions('bob') },
          {
            user: 'mallory',
            password: password('mallory'),
            permissions: { publish: ['elsewhere.>'], subscribe: ['_INBOX.mallory.>'] },
          },
        ]),
      );
      return file;
    },
  });
  host = await serveSandboxHost({
    servers: nats.url,
    credentials: { nkeySeed: new TextDecoder().decode(hostKey.getSeed()) },
    tls,
    workers: 1,
    warmSandboxes: { javascript: 1, python: 0 },
  });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(open.map((nc) => nc.close()));
  await host?.close();
  await nats?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const client = (name: string) => ({
  servers: nats.url,
  credentials: { user: name, password: password(name) },
  tls,
  inboxPrefix: `_INBOX.${name}`,
  queueTimeoutMs: 5_000,
});

async function rawConnection(name: string): Promise<NatsConnection> {
  const nc = await connect({
    servers: nats.url,
    user: name,
    pass: password(name),
    tls: { caFile: tls.caFile, certFile: tls.certFile, keyFile: tls.keyFile },
    inboxPrefix: `_INBOX.${name}`,
  } as Parameters<typeof connect>[0]);
  open.push(nc);
  return nc;
}

describe('a sandbox host behind NATS credentials and TLS', () => {
  it('serves a client with credentials, over TLS, on its own inbox prefix', async () => {
    const interpreter = await createRemoteCodeInterpreter(client('alice'));
    try {
      const result = await interpreter.run({ language: 'javascript', code: '6 * 7' });
      expect(result.value).toBe('42');
      const session = interpreter.createSession();
      await session.run({ language: 'javascript', code: 'var kept = "alice"' });
      expect((await session.run({ language: 'javascript', code: 'kept' })).value).toBe("'alice'");
      expect(session.hostId).toBe(host.id);
      // Code mode: the host sends the call to alice's inbox, alice answers on the host's subject.
      const withTool = await interpreter.run(
        { language: 'javascript', code: 'await tools.double({ n: 21 })' },
        { tools: { double: { inputSchema: {}, execute: ({ n }: { n: number }) => n * 2 } } },
      );
      expect(withTool.value).toBe('42');
    } finally {
      await interpreter.close();
    }
  });

  it('refuses a client without credentials: the server closes the connection', async () => {
    const attempt = createRemoteCodeInterpreter({ servers: nats.url, tls, queueTimeoutMs: 2_000 });
    await expect(attempt).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('refuses a wrong password', async () => {
    const attempt = createRemoteCodeInterpreter({
      ...client('alice'),
      credentials: { user: 'alice', password: password('bob') },
    });
    await expect(attempt).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('refuses a user without permission on the hosts’ subjects, at once and saying which', async () => {
    const started = Date.now();
    const attempt = createRemoteCodeInterpreter(client('mallory'));
    await expect(attempt).rejects.toSatisfy(SandboxError.isInstance);
    await expect(attempt).rejects.toThrow(
      'The NATS server does not let this client publish to code-interpreter.capabilities',
    );
    // Not after queueTimeoutMs (5 s) of retries.
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('refuses to serve as a host with a client’s credentials', async () => {
    const attempt = serveSandboxHost({
      servers: nats.url,
      credentials: { user: 'alice', password: password('alice') },
      tls,
      workers: 1,
      warmSandboxes: { javascript: 0, python: 0 },
    });
    await expect(attempt).rejects.toThrow(
      /^The NATS server does not let this sandbox host subscribe to .*code-interpreter\.run \(queue sandbox-hosts\)/,
    );
  });

  it('a client cannot take the hosts’ requests, read another client’s inbox or publish to it', async () => {
    const alice = await rawConnection('alice');
    const bob = await rawConnection('bob');
    // Bob's inbox: whatever reaches it is recorded.
    const reachedBob: string[] = [];
    bob.subscribe('_INBOX.bob.>', {
      callback: (_error, msg) => {
        reachedBob.push(msg.subject);
      },
    });
    await bob.flush();

    const asHost = alice.subscribe('code-interpreter.run', { queue: 'sandbox-hosts' });
    const asHostSession = alice.subscribe(`code-interpreter.host.${host.id}.session-run`);
    const bobsInbox = alice.subscribe('_INBOX.bob.>');
    const everyInbox = alice.subscribe('_INBOX.>');
    for (const [subscription, subject] of [
      [asHost, 'code-interpreter.run'],
      [asHostSession, `code-interpreter.host.${host.id}.session-run`],
      [bobsInbox, '_INBOX.bob.>'],
      [everyInbox, '_INBOX.>'],
    ] as const) {
      const closedWith = await subscription.closed;
      expect(closedWith).toBeInstanceOf(PermissionViolationError);
      expect((closedWith as PermissionViolationError).operation).toBe('subscription');
      expect((closedWith as PermissionViolationError).subject).toBe(subject);
    }

    // A forged result on bob's inbox, as a host would send one: refused, bob gets nothing.
    const refusals: string[] = [];
    void (async () => {
      for await (const status of alice.status()) {
        const error = (status as { error?: unknown }).error;
        if (error instanceof PermissionViolationError) refusals.push(error.subject);
      }
    })();
    alice.publish('_INBOX.bob.forged.1', '{"t":"result"}');
    alice.publish('$SRV.PING', '');
    await alice.flush();
    await bob.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(refusals).toEqual(['_INBOX.bob.forged.1', '$SRV.PING']);
    expect(reachedBob).toEqual([]);
    // The host still serves alice's real client.
    const interpreter = await createRemoteCodeInterpreter(client('alice'));
    expect((await interpreter.run({ language: 'javascript', code: '1 + 1' })).value).toBe('2');
    await interpreter.close();
  });

  it('connects over TLS only with the right CA', async () => {
    for (const caFile of [undefined, certificates.otherCaFile]) {
      const attempt = createRemoteCodeInterpreter({
        ...client('alice'),
        tls: { ...tls, caFile },
      });
      await expect(attempt).rejects.toThrow(/certificate/i);
    }
  });

  it('refuses a client without a client certificate (the server verifies them)', async () => {
    const attempt = createRemoteCodeInterpreter({
      ...client('alice'),
      tls: { caFile: certificates.caFile },
      connectionOptions: { timeout: 3_000 },
    });
    // The server ends the TLS session after the handshake; the client never gets its INFO.
    await expect(attempt).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('a NATS server that takes a token', () => {
  let tokenNats: TestNatsServer;
  const token = 'sandbox-fleet-token-0123456789abcdef';
  beforeAll(async () => {
    tokenNats = await startNatsServer({
      configFile: (port) => {
        const file = join(folder, 'token.conf');
        writeFileSync(
          file,
          JSON.stringify({ listen: `127.0.0.1:${port}`, authorization: { token } }),
        );
        return file;
      },
    });
  });
  afterAll(async () => {
    await tokenNats?.stop();
  });

  it('serves with the token and refuses without it', async () => {
    const tokenHost = await serveSandboxHost({
      servers: tokenNats.url,
      credentials: { token },
      workers: 1,
      warmSandboxes: { javascript: 1, python: 0 },
    });
    try {
      const interpreter = await createRemoteCodeInterpreter({
        servers: tokenNats.url,
        credentials: { token },
      });
      expect((await interpreter.run({ language: 'javascript', code: '"ok"' })).value).toBe("'ok'");
      await interpreter.close();
      await expect(
        createRemoteCodeInterpreter({
          servers: tokenNats.url,
          credentials: { token: `${token}x` },
        }),
      ).rejects.toBeInstanceOf(AuthorizationError);
      await expect(
        serveSandboxHost({ servers: tokenNats.url, warmSandboxes: { javascript: 0, python: 0 } }),
      ).rejects.toBeInstanceOf(AuthorizationError);
    } finally {
      await tokenHost.close();
    }
  });
});
