import type { ExecutionResult } from '@code-interpreter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRemoteCodeInterpreter,
  type RemoteCodeInterpreter,
  type RemoteCodeInterpreterSession,
  SandboxHostLostError,
} from '../dist/index.js';
import { type HostProcess, startHostProcess } from './test-support/host-processes';
import { startNatsServer, type TestNatsServer } from './test-support/nats-server';

/** A host SIGKILLed mid-run: exactly its runs and sessions fail with SandboxHostLostError. */
let nats: TestNatsServer;
const hosts: HostProcess[] = [];
let client: RemoteCodeInterpreter;

beforeAll(async () => {
  nats = await startNatsServer();
  hosts.push(
    ...(await Promise.all(
      [1, 2].map((n) =>
        startHostProcess({
          servers: nats.url,
          name: `host-${n}`,
          workers: 1,
          maxConcurrentRuns: 4,
          warmSandboxes: { javascript: 1, python: 0 },
        }),
      ),
    )),
  );
  client = await createRemoteCodeInterpreter({
    servers: nats.url,
    heartbeatIntervalMs: 200,
    hostLostAfterMs: 1_500,
  });
});

afterAll(async () => {
  await client?.close();
  await Promise.allSettled(hosts.map((host) => host.stop()));
  await nats?.stop();
});

const slow = (label: string) => ({
  language: 'javascript' as const,
  code: `await new Promise((r) => setTimeout(r, 2500)); '${label}'`,
});

describe('a sandbox host killed mid-run', () => {
  it('fails exactly the runs and sessions it held, and nothing else', async () => {
    const [victim, survivor] = hosts as [HostProcess, HostProcess];
    // Sessions until each host holds at least one.
    const sessions: RemoteCodeInterpreterSession[] = [];
    while (
      !sessions.some((s) => s.hostId === victim.id) ||
      !sessions.some((s) => s.hostId === survivor.id)
    ) {
      const session = client.createSession();
      await session.run({ language: 'javascript', code: 'var kept = 1' });
      sessions.push(session);
      expect(sessions.length).toBeLessThan(20);
    }
    type Outcome = { host: string | undefined; result?: ExecutionResult; error?: unknown };
    const settle = (host: () => string | undefined, run: Promise<ExecutionResult>) =>
      run.then(
        (result): Outcome => ({ host: host(), result }),
        (error): Outcome => ({ host: error?.hostId ?? host(), error }),
      );
    const sessionRuns = sessions.map((session) =>
      settle(() => session.hostId, session.run(slow(session.id))),
    );
    const statelessRuns = Array.from({ length: 6 }, (_, n) =>
      settle(() => undefined, client.run(slow(`run-${n}`))),
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
    victim.child.kill('SIGKILL');
    await victim.exited;

    for (const [index, outcome] of (await Promise.all(sessionRuns)).entries()) {
      const session = sessions[index] as RemoteCodeInterpreterSession;
      if (session.hostId === victim.id) {
        expect(SandboxHostLostError.isInstance(outcome.error)).toBe(true);
        expect((outcome.error as SandboxHostLostError).sessionId).toBe(session.id);
        expect((outcome.error as Error).message).toMatch(/state .* are lost/);
        // The session stays lost.
        await expect(session.run({ language: 'javascript', code: 'kept' })).rejects.toSatisfy(
          SandboxHostLostError.isInstance,
        );
      } else {
        expect(outcome.result?.value).toBe(`'${session.id}'`);
        expect((await session.run({ language: 'javascript', code: 'kept' })).value).toBe('1');
      }
    }
    for (const outcome of await Promise.all(statelessRuns)) {
      if (outcome.error) {
        expect(SandboxHostLostError.isInstance(outcome.error)).toBe(true);
        expect((outcome.error as SandboxHostLostError).hostId).toBe(victim.id);
        expect((outcome.error as SandboxHostLostError).sessionId).toBeUndefined();
      } else {
        expect(outcome.result?.success).toBe(true);
      }
    }
    // New work goes to the host that is left.
    const after = await Promise.all(
      Array.from({ length: 4 }, (_, n) => client.run({ language: 'javascript', code: `${n} + 1` })),
    );
    expect(after.map((result) => result.value)).toEqual(['1', '2', '3', '4']);
    await Promise.all(sessions.map((session) => session.close()));
  });
});
