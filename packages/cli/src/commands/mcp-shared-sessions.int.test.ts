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

// Two `mcp --http --nats --session-key-file` front ends from the built CLI, one `host` and one
// nats-server: a session handle minted on one front end works on the other, and outlives it.

const children: ChildProcess[] = [];
let nats: TestNatsServer;
let folder: string;
let keyFile: string;

const startFrontEnd = () =>
  startCli(
    ['mcp', '--http', '--port', '0', '--nats', nats.url, '--session-key-file', keyFile],
    /listening on (http:\/\/\S+?\/mcp)/,
    children,
  );

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'shared-sessions-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

beforeAll(async () => {
  assertCliBuilt();
  folder = await mkdtemp(join(tmpdir(), 'cli-shared-sessions-'));
  keyFile = join(folder, 'session-key');
  await writeFile(keyFile, `${'q7'.repeat(24)}\n`, { mode: 0o600 });
  nats = await startNatsServer();
  await startCli(
    ['host', '--nats', nats.url, '--language', 'javascript'],
    /serving on NATS/,
    children,
  );
}, 90_000);

afterAll(async () => {
  await Promise.all(children.map((child) => stopCli(child)));
  await nats?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('mcp --http --nats --session-key-file', () => {
  it('serves a handle minted on one front end on another, also after the first stops', async () => {
    const [frontA, frontB] = await Promise.all([startFrontEnd(), startFrontEnd()]);
    const onA = await connect(frontA.match);
    const onB = await connect(frontB.match);
    const run = (client: Client, session: string, code: string) =>
      client.callTool({ name: 'run_code', arguments: { language: 'javascript', code, session } });

    const opened = await onA.callTool({ name: 'new_session', arguments: {} });
    expect(opened.isError).toBeFalsy();
    const handle = (opened.structuredContent as { session: string }).session;
    expect(handle).toMatch(/^cis1\./);
    expect((await run(onA, handle, 'globalThis.x = 41; "set"')).isError).toBeFalsy();

    const onOther = await run(onB, handle, 'x + 1');
    expect(onOther.isError).toBeFalsy();
    expect(onOther.structuredContent).toMatchObject({ value: '42', session: handle });

    // Front end A stops (a replica rolled): the session lives on its host, B goes on serving it.
    await onA.close();
    await stopCli(frontA.child);
    expect(frontA.child.exitCode).toBe(0);
    expect((await run(onB, handle, 'x')).structuredContent).toMatchObject({ value: '41' });

    const closed = await onB.callTool({ name: 'close_session', arguments: { session: handle } });
    expect(closed.isError).toBeFalsy();
    const frontC = await startFrontEnd();
    const onC = await connect(frontC.match);
    const after = await run(onC, handle, 'x');
    expect(after.isError).toBe(true);
    expect(JSON.stringify(after.content)).toContain('is not open');
    await onB.close();
    await onC.close();
  }, 120_000);
});
