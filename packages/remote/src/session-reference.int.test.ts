import { InterpreterClosedError, InvalidInputError } from '@code-interpreter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRemoteCodeInterpreter,
  type RemoteCodeInterpreter,
  SandboxHostLostError,
} from '../dist/index.js';
import { type HostProcess, startHostProcess } from './test-support/host-processes';
import { startNatsServer, type TestNatsServer } from './test-support/nats-server';

/**
 * Two clients on one NATS server and one sandbox host: a session created by one is reached by the
 * other through its reference, and the host ends sessions idle past its bound.
 */
const idleMs = 3_000;
let nats: TestNatsServer;
let host: HostProcess;
let clientA: RemoteCodeInterpreter;
let clientB: RemoteCodeInterpreter;

beforeAll(async () => {
  nats = await startNatsServer();
  host = await startHostProcess({
    servers: nats.url,
    workers: 1,
    sessionIdleTimeoutMs: idleMs,
    warmSandboxes: { javascript: 1, python: 0 },
  });
  clientA = await createRemoteCodeInterpreter({ servers: nats.url });
  clientB = await createRemoteCodeInterpreter({ servers: nats.url });
});

afterAll(async () => {
  await clientA?.close();
  await clientB?.close();
  await host?.stop();
  await nats?.stop();
});

describe('sessionReference and attachSession', () => {
  it('lets a second client read the state the first one set', async () => {
    const session = clientA.createSession();
    await session.run({ language: 'javascript', code: 'globalThis.kept = 41' });
    await session.files.write('note.txt', 'from A');
    const reference = await clientA.sessionReference(session);
    expect(reference).toBe(`cir1.${host.id}.${session.id}`);
    expect(JSON.parse(JSON.stringify({ reference })).reference).toBe(reference);

    const attached = clientB.attachSession(reference);
    expect(attached.id).toBe(session.id);
    expect(attached.hostId).toBe(host.id);
    const result = await attached.run({ language: 'javascript', code: 'console.log(kept + 1)' });
    expect(result.success).toBe(true);
    expect(result.stdout).toBe('42\n');
    expect(await attached.files.readText('note.txt')).toBe('from A');

    // Closed by B, the session is closed for A too: the session-closed error, nothing runs.
    await attached.close();
    const error = await session
      .run({ language: 'javascript', code: 'kept' })
      .catch((e: unknown) => e as Error & { hostId?: string });
    expect(InterpreterClosedError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/session/);
  });

  it("fails a closed session's reference with the session-closed error", async () => {
    const session = clientA.createSession();
    await session.run({ language: 'javascript', code: '1' });
    const reference = await clientA.sessionReference(session);
    await session.close();
    const attached = clientB.attachSession(reference);
    const error = await attached
      .run({ language: 'javascript', code: '1' })
      .catch((e: unknown) => e as Error & { hostId?: string });
    expect(InterpreterClosedError.isInstance(error)).toBe(true);
    const filesError = await attached.files
      .exists('x')
      .catch((e: unknown) => e as Error & { hostId?: string });
    expect(InterpreterClosedError.isInstance(filesError)).toBe(true);
  });

  it('fails a reference to a host that is not there with SandboxHostLostError', async () => {
    const attached = clientB.attachSession('cir1.NOSUCHHOST0000000000.NOSUCHSESSION000000000');
    const error = await attached
      .run({ language: 'javascript', code: '1' })
      .catch((e: unknown) => e as Error & { hostId?: string });
    expect(SandboxHostLostError.isInstance(error)).toBe(true);
    expect((error as { hostId?: string }).hostId).toBe('NOSUCHHOST0000000000');
  });

  it('refuses a string that is not a reference before sending anything', () => {
    for (const bad of [
      '',
      'cir1.a',
      'cir1.*.x',
      'cir1.>.x',
      'cir1.a.b.c',
      'cis1.a.b',
      'cir1.a b.c',
    ]) {
      expect(() => clientB.attachSession(bad)).toThrow(InvalidInputError);
    }
    const foreign = { id: 'x', run: async () => ({}) } as never;
    return expect(clientA.sessionReference(foreign)).rejects.toThrow(TypeError);
  });

  it("does not end a referenced session when its creator's interpreter closes", async () => {
    const creator = await createRemoteCodeInterpreter({ servers: nats.url });
    const session = creator.createSession();
    await session.run({ language: 'javascript', code: 'globalThis.survives = "yes"' });
    const reference = await creator.sessionReference(session);
    await creator.close();
    const attached = clientB.attachSession(reference);
    const result = await attached.run({ language: 'javascript', code: 'console.log(survives)' });
    expect(result.stdout).toBe('yes\n');
    await attached.close();
  });
});

describe('sessionIdleTimeoutMs', () => {
  it('ends a session idle past the bound, and not one in use', async () => {
    const idle = clientA.createSession();
    const busy = clientA.createSession();
    await Promise.all([
      idle.run({ language: 'javascript', code: 'var a = 1' }),
      busy.run({ language: 'javascript', code: 'var b = 1' }),
    ]);
    // A run longer than the bound keeps its session alive; the other session goes idle meanwhile.
    const long = await busy.run({
      language: 'javascript',
      code: `await new Promise((r) => setTimeout(r, ${idleMs + 2_000})); console.log(b + 1)`,
      timeout: 20_000,
    });
    expect(long.stdout).toBe('2\n');
    const error = await idle
      .run({ language: 'javascript', code: 'a' })
      .catch((e: unknown) => e as Error & { hostId?: string });
    expect(InterpreterClosedError.isInstance(error)).toBe(true);
    const after = await busy.run({ language: 'javascript', code: 'console.log(b)' });
    expect(after.stdout).toBe('1\n');
    await busy.close();
  }, 60_000);
});
