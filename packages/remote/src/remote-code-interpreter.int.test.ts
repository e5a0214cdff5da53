import type { ExecutionResult } from '@code-interpreter/core';
import { InterpreterClosedError, InvalidInputError, RunAbortedError } from '@code-interpreter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteCodeInterpreter, type RemoteCodeInterpreter } from '../dist/index.js';
import { hostLoads } from './test-support/host-loads';
import { type HostProcess, startHostProcess } from './test-support/host-processes';
import { startNatsServer, type TestNatsServer } from './test-support/nats-server';

/**
 * One nats-server, three sandbox host processes and two clients (two NATS connections in this
 * process): mixed runs, sessions pinned to their host, streaming, abort, reconnect and close.
 * The load is small (90 runs; stateless Pyodide runs cost a snapshot restore each on 2 cores); the 2,000-run fleet test belongs to the load suite.
 */
let nats: TestNatsServer;
const hosts: HostProcess[] = [];
const clients: RemoteCodeInterpreter[] = [];
const fast = { reconnectTimeWait: 100 };

beforeAll(async () => {
  nats = await startNatsServer();
  hosts.push(
    ...(await Promise.all(
      [1, 2, 3].map((n) =>
        startHostProcess({
          servers: nats.url,
          name: `host-${n}`,
          workers: 1,
          maxConcurrentRuns: 3,
          warmSandboxes: { javascript: 1, python: 1 },
          connectionOptions: fast,
        }),
      ),
    )),
  );
  for (let i = 0; i < 2; i += 1) {
    clients.push(
      await createRemoteCodeInterpreter({
        servers: nats.url,
        connectionOptions: fast,
        queueTimeoutMs: 120_000,
      }),
    );
  }
});

afterAll(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
  await Promise.allSettled(hosts.map((host) => host.stop()));
  await nats?.stop();
});

function expected(n: number): { input: Parameters<RemoteCodeInterpreter['run']>[0]; want: string } {
  const kind = n % 6 === 5 ? 2 : n % 2;
  if (kind === 0)
    return { input: { language: 'javascript', code: `console.log(${n} * 2)` }, want: `${n * 2}` };
  if (kind === 1) {
    return {
      input: { language: 'typescript', code: `const x: number = ${n}; console.log(x + 1)` },
      want: `${n + 1}`,
    };
  }
  return { input: { language: 'python', code: `print(${n} ** 2)` }, want: `${n ** 2}` };
}

describe('a remote interpreter over three sandbox hosts', () => {
  it('reports the hosts’ capabilities', () => {
    expect(clients[0]?.capabilities.languages).toEqual(['javascript', 'typescript', 'python']);
    expect(clients[0]?.capabilities.maxTimeoutMs).toBe(30_000);
  });

  it('runs 90 mixed JavaScript, TypeScript and Python (1 in 6) runs from two clients, every output right, spread over the hosts', async () => {
    const before = await hostLoads(nats.url);
    // 12 runs in flight per client, more than the 9 the hosts take at once: some are answered busy.
    const results: { result: ExecutionResult; want: string }[] = [];
    let next = 0;
    const worker = async (client: RemoteCodeInterpreter) => {
      for (let n = next++; n < 90; n = next++) {
        const { input, want } = expected(n);
        results.push({ result: await client.run(input), want });
      }
    };
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => worker(clients[i % 2] as RemoteCodeInterpreter)),
    );
    expect(results).toHaveLength(90);
    for (const { result, want } of results) {
      expect(result.success, result.error).toBe(true);
      expect(result.stdout.trim()).toBe(want);
    }
    const after = await hostLoads(nats.url);
    const tookRuns = [...after].filter(
      ([id, load]) => (load.requests.run ?? 0) > (before.get(id)?.requests.run ?? 0),
    );
    expect(tookRuns.length).toBeGreaterThanOrEqual(2);
    for (const load of after.values()) expect(load.runsInFlight).toBe(0);
  }, 150_000);

  it('pins a session to the host that created it, with its state across runs', async () => {
    const client = clients[0] as RemoteCodeInterpreter;
    const session = client.createSession();
    await session.run({ language: 'python', code: 'total = 0' });
    for (let i = 1; i <= 5; i += 1) {
      const result = await session.run({ language: 'python', code: `total += ${i}\ntotal` });
      expect(result.value).toBe(String((i * (i + 1)) / 2));
    }
    expect(hosts.map((host) => host.id)).toContain(session.hostId);
    const loads = await hostLoads(nats.url);
    expect(loads.get(session.hostId as string)?.sessions).toBe(1);
    expect(loads.get(session.hostId as string)?.requests['session-run']).toBeGreaterThanOrEqual(6);
    await session.close();
    expect((await hostLoads(nats.url)).get(session.hostId as string)?.sessions).toBe(0);
    await expect(session.run({ language: 'python', code: '1' })).rejects.toSatisfy(
      InterpreterClosedError.isInstance,
    );
  });

  it('streams output while the program runs', async () => {
    const chunks: { text: string; at: number }[] = [];
    const result = await (clients[1] as RemoteCodeInterpreter).run(
      {
        language: 'javascript',
        code: `console.log('first'); await new Promise((r) => setTimeout(r, 700)); console.log('second')`,
      },
      { onOutput: (chunk) => chunks.push({ text: chunk.text, at: Date.now() }) },
    );
    const done = Date.now();
    expect(result.stdout).toBe('first\nsecond\n');
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('first\nsecond\n');
    expect(done - (chunks[0] as { at: number }).at).toBeGreaterThanOrEqual(500);
  });

  it('propagates abort to the host, which stops the run', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const started = Date.now();
    await expect(
      (clients[0] as RemoteCodeInterpreter).run(
        { language: 'javascript', code: 'while (true) {}', timeout: 30_000 },
        { signal: controller.signal },
      ),
    ).rejects.toSatisfy(RunAbortedError.isInstance);
    expect(Date.now() - started).toBeLessThan(5_000);
    const until = Date.now() + 5_000;
    let busy = 1;
    while (busy > 0 && Date.now() < until) {
      busy = [...(await hostLoads(nats.url)).values()].reduce(
        (n, load) => n + load.runsInFlight,
        0,
      );
    }
    expect(busy).toBe(0);
  });

  it('runs session commands and files on the session’s host', async () => {
    const session = (clients[0] as RemoteCodeInterpreter).createSession();
    await session.files.write('data.csv', 'a,b\n1,2\n');
    await session.files.write('bytes.bin', new Uint8Array([0, 1, 255]));
    expect(Array.from(await session.files.read('bytes.bin'))).toEqual([0, 1, 255]);
    const { stdout, exitCode } = await session.exec({ command: 'wc -l < data.csv' });
    expect({ stdout: stdout.trim(), exitCode }).toEqual({ stdout: '2', exitCode: 0 });
    const result = await session.run({
      language: 'python',
      code: "open('/workspace/out.txt', 'w').write('hi')",
    });
    expect(result.success).toBe(true);
    expect(await session.files.readText('out.txt')).toBe('hi');
    await session.close();
  });

  it('refuses a malformed tool and a function in another option with a clear error', async () => {
    const client = clients[0] as RemoteCodeInterpreter;
    const malformed = { add: { description: 'adds', inputSchema: {} } };
    await expect(
      // biome-ignore lint/suspicious/noExplicitAny: a tool without execute is what is refused
      client.run({ language: 'javascript', code: '1' }, { tools: malformed as any }),
    ).rejects.toThrow(/tools\.add\.execute: must be a function/);
    const lookup = () => [];
    await expect(
      client.run(
        { language: 'javascript', code: '1' },
        // biome-ignore lint/suspicious/noExplicitAny: a function where JSON must go is what is refused
        { network: { allow: ['example.com'], lookup } as any },
      ),
    ).rejects.toSatisfy(
      (error: unknown) =>
        InvalidInputError.isInstance(error) &&
        /cannot cross to a remote sandbox host/.test(error.message),
    );
  });

  it('survives a restart of the NATS server between runs', async () => {
    const client = clients[0] as RemoteCodeInterpreter;
    expect((await client.run({ language: 'javascript', code: '1 + 1' })).value).toBe('2');
    await nats.stop();
    await nats.start();
    const result = await client.run({ language: 'python', code: '6 * 7' });
    expect(result.value).toBe('42');
    const session = client.createSession();
    expect((await session.run({ language: 'javascript', code: '3 * 3' })).value).toBe('9');
    await session.close();
  });

  it('frees every session on the hosts when the client closes', async () => {
    const client = await createRemoteCodeInterpreter({ servers: nats.url });
    const sessions = [1, 2, 3, 4].map(() => client.createSession());
    await Promise.all(
      sessions.map((session) => session.run({ language: 'javascript', code: 'let x = 1' })),
    );
    const open = [...(await hostLoads(nats.url)).values()].reduce(
      (n, load) => n + load.sessions,
      0,
    );
    expect(open).toBe(4);
    await client.close();
    const left = [...(await hostLoads(nats.url)).values()].reduce(
      (n, load) => n + load.sessions,
      0,
    );
    expect(left).toBe(0);
    await expect(client.run({ language: 'javascript', code: '1' })).rejects.toSatisfy(
      InterpreterClosedError.isInstance,
    );
  });
});
