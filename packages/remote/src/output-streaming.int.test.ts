import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteCodeInterpreter, type RemoteCodeInterpreter } from '../dist/index.js';
import { type HostProcess, startHostProcess } from './test-support/host-processes';
import { startNatsServer, type TestNatsServer } from './test-support/nats-server';

const { connect } = createRequire(import.meta.url)(
  '@nats-io/transport-node',
) as typeof import('@nats-io/transport-node');

/**
 * A host streams a job's output only to a caller that takes it (`onOutput`): a run without one
 * gets everything in its result, and no output message crosses NATS (issue 16's bench: streaming
 * every run cost a stateless run 0.6-1 ms on loopback).
 */
let nats: TestNatsServer;
let host: HostProcess;
let client: RemoteCodeInterpreter;
let spy: Awaited<ReturnType<typeof connect>>;
/** Kinds (`t`) of the job messages seen on every inbox, in order. */
const seen: string[] = [];

beforeAll(async () => {
  nats = await startNatsServer();
  host = await startHostProcess({
    servers: nats.url,
    name: 'streaming-host',
    workers: 1,
    languages: ['javascript'],
  });
  client = await createRemoteCodeInterpreter({ servers: nats.url });
  spy = await connect({ servers: nats.url });
  spy.subscribe('_INBOX.>', {
    callback: (_error, message) => {
      try {
        const kind = (JSON.parse(new TextDecoder().decode(message.data)) as { t?: unknown }).t;
        if (kind === 'output' || kind === 'result') seen.push(kind);
      } catch {}
    },
  });
  await spy.flush();
});

afterAll(async () => {
  await spy?.close();
  await client?.close();
  await host?.stop();
  await nats?.stop();
});

describe('remote output streaming', () => {
  it('sends no output message for a run without onOutput; the result carries the output', async () => {
    seen.length = 0;
    const result = await client.run({
      language: 'javascript',
      code: 'console.log("a"); console.error("b"); 42',
    });
    await spy.flush();
    expect(result.stdout).toBe('a\n');
    expect(result.stderr).toBe('b\n');
    expect(result.value).toBe('42');
    expect(seen).toEqual(['result']);
  });

  it('streams the output of a run with onOutput, before its result', async () => {
    await spy.flush();
    seen.length = 0;
    const chunks: string[] = [];
    const result = await client.run(
      {
        language: 'javascript',
        code: 'console.log("a"); await new Promise((r) => setTimeout(r, 200)); console.log("b")',
      },
      { onOutput: (chunk) => chunks.push(chunk.text) },
    );
    await spy.flush();
    expect(result.stdout).toBe('a\nb\n');
    expect(chunks.join('')).toBe('a\nb\n');
    expect(seen.at(-1)).toBe('result');
    expect(seen.filter((kind) => kind === 'output').length).toBeGreaterThan(0);
  });

  it('sends no output message for a session run without onOutput', async () => {
    const session = client.createSession();
    try {
      await session.run({ language: 'javascript', code: 'let n = 1' });
      // The spy may still be receiving that run's messages: after a round trip, it has them all.
      await spy.flush();
      seen.length = 0;
      const result = await session.run({ language: 'javascript', code: 'console.log(n + 1)' });
      await spy.flush();
      expect(result.stdout).toBe('2\n');
      expect(seen).toEqual(['result']);
    } finally {
      await session.close();
    }
  });
});
