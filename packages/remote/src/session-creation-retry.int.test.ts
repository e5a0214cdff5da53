import { SandboxError } from '@code-interpreter/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRemoteCodeInterpreter, type RemoteCodeInterpreter } from '../dist/index.js';
import { type HostProcess, startHostProcess } from './test-support/host-processes';
import { startNatsServer, type TestNatsServer } from './test-support/nats-server';

/**
 * A session no host took (none was up within queueTimeoutMs) holds no state yet: its next call
 * asks the hosts again instead of failing for good.
 */
let nats: TestNatsServer;
const hosts: HostProcess[] = [];
let client: RemoteCodeInterpreter;
const hostOptions = () => ({
  servers: nats.url,
  workers: 1,
  languages: ['javascript'],
  warmSandboxes: { javascript: 1 },
});

beforeAll(async () => {
  nats = await startNatsServer();
  hosts.push(await startHostProcess(hostOptions()));
  client = await createRemoteCodeInterpreter({ servers: nats.url, queueTimeoutMs: 500 });
});

afterAll(async () => {
  await client?.close();
  await Promise.allSettled(hosts.map((host) => host.stop()));
  await nats?.stop();
});

it('a session no host took is asked for again at its next call, and then keeps its state', async () => {
  await hosts[0]?.stop();
  const session = client.createSession();
  const first = session.run({ language: 'javascript', code: 'var kept = 41' });
  await expect(first).rejects.toSatisfy(
    (error: unknown) =>
      SandboxError.isInstance(error) && /No sandbox host took the session/.test(error.message),
  );
  expect(session.hostId).toBeUndefined();

  const host = await startHostProcess(hostOptions());
  hosts.push(host);
  expect((await session.run({ language: 'javascript', code: 'var kept = 41' })).success).toBe(true);
  expect(session.hostId).toBe(host.id);
  expect((await session.run({ language: 'javascript', code: 'kept + 1' })).value).toBe('42');
  expect(await client.sessionReference(session)).toBe(`cir1.${host.id}.${session.id}`);
  await session.close();
});
