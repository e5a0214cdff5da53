import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsServer, type TestNatsServer } from '../../../remote/src/test-support/nats-server';
import { assertCliBuilt } from '../test-support/built-cli';
import { startCli, stopCli } from '../test-support/cli-processes';

// `mcp --http --nats` front ends (one with --session-key-file, one without) over one `host` that
// is SIGKILLed while sessions are open on it: the next run_code naming such a session is a tool
// error (isError, never a JSON-RPC error) that says the session is lost and to call new_session,
// the handle stays refused after that, and a new session runs on the host that replaces it.

const children: ChildProcess[] = [];
let nats: TestNatsServer;
let folder: string;
let keyFile: string;

const startHost = (name: string) =>
  startCli(
    ['host', '--nats', nats.url, '--name', name, '--language', 'javascript', '--workers', '1'],
    /serving on NATS/,
    children,
  );
const startFrontEnd = (extra: string[]) =>
  startCli(
    ['mcp', '--http', '--port', '0', '--nats', nats.url, ...extra],
    /listening on (http:\/\/\S+?\/mcp)/,
    children,
  );

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'host-lost-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}
const run = (client: Client, code: string, session?: string) =>
  client.callTool({
    name: 'run_code',
    arguments: { language: 'javascript', code, ...(session === undefined ? {} : { session }) },
  });
const newSession = async (client: Client) => {
  const opened = await client.callTool({ name: 'new_session', arguments: {} });
  expect(opened.isError).toBeFalsy();
  return (opened.structuredContent as { session: string }).session;
};
const textOf = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as Array<{ type: string; text?: string }>)
    .map((item) => item.text ?? '')
    .join('\n');
const lostText = (handle: string) =>
  `Session '${handle}' is not open (its sandbox host was lost): call new_session for a new one and run your setup again; the old session's variables and files are gone.`;

beforeAll(async () => {
  assertCliBuilt();
  folder = await mkdtemp(join(tmpdir(), 'cli-host-lost-'));
  keyFile = join(folder, 'session-key');
  await writeFile(keyFile, `${'k3'.repeat(24)}\n`, { mode: 0o600 });
  nats = await startNatsServer();
}, 90_000);

afterAll(async () => {
  await Promise.all(children.map((child) => stopCli(child)));
  await nats?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('mcp --nats when the sandbox host of a session is lost', () => {
  it('answers run_code on a lost session as a tool error, refuses its handle after, and starts new sessions on another host', async () => {
    const lostHost = await startHost('host-lost');
    const [shared, local] = await Promise.all([
      startFrontEnd(['--session-key-file', keyFile]),
      startFrontEnd([]),
    ]);
    const onShared = await connect(shared.match);
    const onLocal = await connect(local.match);
    const sharedHandle = await newSession(onShared);
    const localHandle = await newSession(onLocal);
    for (const [client, handle] of [
      [onShared, sharedHandle],
      [onLocal, localHandle],
    ] as const) {
      expect((await run(client, 'globalThis.x = 41; "set"', handle)).isError).toBeFalsy();
    }
    // The connection's own session (no handle) lives on that host too.
    expect((await run(onLocal, 'globalThis.y = 1; "set"')).isError).toBeFalsy();

    await stopCli(lostHost.child, 'SIGKILL');
    await startHost('host-new');

    for (const [client, handle] of [
      [onShared, sharedHandle],
      [onLocal, localHandle],
    ] as const) {
      // callTool rejects on a JSON-RPC error: a tool error resolves with isError.
      const lost = await run(client, 'x', handle);
      expect(lost.isError).toBe(true);
      expect(textOf(lost)).toBe(lostText(handle));
      const again = await run(client, 'x', handle);
      expect(again.isError).toBe(true);
      expect(textOf(again)).toBe(lostText(handle));
      const closed = await client.callTool({
        name: 'close_session',
        arguments: { session: handle },
      });
      expect(closed.isError).toBe(true);
      expect(textOf(closed)).toBe(lostText(handle));

      const fresh = await newSession(client);
      const ran = await run(client, 'typeof globalThis.x', fresh);
      expect(ran.isError).toBeFalsy();
      expect(ran.structuredContent).toMatchObject({ value: "'undefined'", session: fresh });
    }

    // Another front end with the same key is told the same about the shared handle.
    const other = await startFrontEnd(['--session-key-file', keyFile]);
    const onOther = await connect(other.match);
    const elsewhere = await run(onOther, 'x', sharedHandle);
    expect(elsewhere.isError).toBe(true);
    expect(textOf(elsewhere)).toBe(lostText(sharedHandle));

    // The connection's own session was lost with the host: one tool error, then a fresh one.
    const connectionLost = await run(onLocal, 'y');
    expect(connectionLost.isError).toBe(true);
    expect(textOf(connectionLost)).toBe(
      "This connection's session was lost with its sandbox host: its variables, imports and files are gone. Call run_code again to run in a new session, and run your setup again.",
    );
    const next = await run(onLocal, 'typeof globalThis.y');
    expect(next.isError).toBeFalsy();
    expect(next.structuredContent).toMatchObject({ value: "'undefined'" });

    for (const client of [onShared, onLocal, onOther]) await client.close();
  }, 180_000);
});
