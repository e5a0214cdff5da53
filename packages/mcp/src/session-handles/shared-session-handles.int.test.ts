import {
  type CodeInterpreter,
  type CodeInterpreterSession,
  createCodeInterpreter,
} from '@code-interpreter/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpMcpServer, startHttpServer } from '../start-http-server';
import { textOf } from '../test-support/text-of';
import type { SharedSessionHandles } from './session-handle-options';

// Two MCP front ends (two startHttpServer, each with its own registry and nothing in common but
// the signing key) over one pool of sessions, as replicas over a fleet of sandbox hosts are: a
// handle minted by one works on the other; a forged or altered one, or another caller's, does not.

const tokens = { alice: 'token-alice-0123456789ab', bob: 'token-bob-0123456789abcd' };
const signingKey = 'shared-test-key-'.repeat(3);

/** Where the sessions live (a fleet's hosts): sessions by reference, gone once closed. */
function sessionPool(): Omit<SharedSessionHandles, 'signingKey'> & { size(): number } {
  const sessions = new Map<string, CodeInterpreterSession>();
  return {
    async referenceOf(session) {
      const reference = `host-1/${session.id}`;
      const close = session.close.bind(session);
      sessions.set(reference, {
        ...session,
        id: session.id,
        files: session.files,
        run: session.run.bind(session),
        exec: session.exec.bind(session),
        close: async () => {
          sessions.delete(reference);
          await close();
        },
      });
      return reference;
    },
    attach: async (reference) => sessions.get(reference),
    size: () => sessions.size,
  };
}

let interpreter: CodeInterpreter;
let pool: ReturnType<typeof sessionPool>;
let frontA: HttpMcpServer;
let frontB: HttpMcpServer;
const clients: Client[] = [];

const startFrontEnd = (key = signingKey) => {
  const { size: _size, ...store } = pool;
  return startHttpServer({
    port: 0,
    interpreter,
    log: () => {},
    auth: { tokens: Object.values(tokens) },
    sessionHandles: { shared: { signingKey: key, ...store } },
  });
};

beforeAll(async () => {
  interpreter = createCodeInterpreter({ workers: 1, languages: ['javascript'] });
  pool = sessionPool();
  frontA = await startFrontEnd();
  frontB = await startFrontEnd();
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await frontA.close();
  await frontB.close();
  await interpreter.close();
});

async function connect(server: HttpMcpServer, token: string) {
  const client = new Client({ name: 'shared-handles-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}
const run = (client: Client, session: string, code: string) =>
  client.callTool({ name: 'run_code', arguments: { language: 'javascript', code, session } });
const newSession = async (client: Client) => {
  const opened = await client.callTool({ name: 'new_session', arguments: {} });
  expect(opened.isError).toBeFalsy();
  return (opened.structuredContent as { session: string }).session;
};

describe('session handles shared by front ends (sessionHandles.shared)', () => {
  it('mints a signed handle on one front end that the other runs in, with the same state', async () => {
    const onA = await connect(frontA, tokens.alice);
    const onB = await connect(frontB, tokens.alice);
    const handle = await newSession(onA);
    expect(handle).toMatch(/^cis1\.[\w-]+\.[\w-]{43}$/);
    expect((await run(onA, handle, 'globalThis.x = 41; "set"')).isError).toBeFalsy();
    const onOther = await run(onB, handle, 'x + 1');
    expect(onOther.isError).toBeFalsy();
    expect(onOther.structuredContent).toMatchObject({ value: '42', session: handle });

    // Ended on B: A, which minted it, answers it as ended too (the pool no longer has it).
    const closed = await onB.callTool({ name: 'close_session', arguments: { session: handle } });
    expect(closed.isError).toBeFalsy();
    expect(pool.size()).toBe(0);
    const after = await run(onA, handle, 'x');
    expect(after.isError).toBe(true);
    expect(textOf(after)).toContain(`Session '${handle}' is not open (`);
    expect(textOf(after)).toContain('call new_session');
  });

  it('refuses a forged or altered handle, and another caller’s, without running anything', async () => {
    const alice = await connect(frontA, tokens.alice);
    const bobOnB = await connect(frontB, tokens.bob);
    const handle = await newSession(alice);
    const [, body, signature] = handle.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as { r: string };
    const retargeted = Buffer.from(JSON.stringify({ r: payload.r, o: '' })).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const forged = [
      `cis1.${retargeted}.${signature}`, // the owner rewritten to "nobody"
      `cis1.${body}.${flipped}`, // the signature changed
      `cis_${'0'.repeat(32)}`, // an old-style random name this front end never minted
    ];
    for (const attempt of forged) {
      const refused = await run(bobOnB, attempt, 'globalThis.stolen = 1');
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toBe(
        `Session '${attempt}' is not open (it is unknown): call new_session for a new one and run your setup again; the old session's variables and files are gone.`,
      );
    }
    // Bob holds a genuine handle of Alice's: unknown to him on either front end.
    const stolen = await run(bobOnB, handle, 'globalThis.stolen = 1');
    expect(textOf(stolen)).toContain('(it is unknown)');
    // A front end with another key does not accept this deployment's handles.
    const foreign = await startFrontEnd('another-deployment-key-'.repeat(2));
    try {
      const aliceThere = await connect(foreign, tokens.alice);
      expect(textOf(await run(aliceThere, handle, '1'))).toContain('(it is unknown)');
    } finally {
      await foreign.close();
    }
    const state = await run(alice, handle, 'typeof globalThis.stolen');
    expect(state.structuredContent).toMatchObject({ value: "'undefined'" });
  });

  it('keeps the session when a front end shuts down (its replica goes on serving it)', async () => {
    const extra = await startFrontEnd();
    const onExtra = await connect(extra, tokens.alice);
    const handle = await newSession(onExtra);
    await run(onExtra, handle, 'globalThis.kept = "yes"');
    await extra.close();
    const onB = await connect(frontB, tokens.alice);
    expect((await run(onB, handle, 'kept')).structuredContent).toMatchObject({ value: "'yes'" });
    await onB.callTool({ name: 'close_session', arguments: { session: handle } });
  });
});
