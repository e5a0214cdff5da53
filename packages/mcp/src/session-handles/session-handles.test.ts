import { MockCodeInterpreter } from '@code-interpreter/core/test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { connectClient } from '../test-support/connect-client';
import { SandboxHostLostStandIn } from '../test-support/sandbox-host-lost-stand-in';
import { textOf } from '../test-support/text-of';

// Session handles over the in-memory transport with a scripted interpreter: what a 2026-07-28
// client (no protocol session) does to keep state, and what it is told when a handle has ended.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newSession(client: Client): Promise<string> {
  const opened = await client.callTool({ name: 'new_session', arguments: {} });
  expect(opened.isError).toBeFalsy();
  return (opened.structuredContent as { session: string }).session;
}

const runIn = (client: Client, session: string | undefined, code = 'x') =>
  client.callTool({
    name: 'run_code',
    arguments: { language: 'python', code, ...(session === undefined ? {} : { session }) },
  });

describe('session handles', () => {
  it('lists new_session and close_session, and run_code’s session argument with its lifetime', async () => {
    const { client, close } = await connectClient({
      interpreter: new MockCodeInterpreter(),
      sessionHandles: { idleTimeoutMs: 10 * 60_000 },
    });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['run_code', 'new_session', 'close_session']);
    const properties = (tools[0]?.inputSchema.properties ?? {}) as Record<
      string,
      { description?: string }
    >;
    const session = properties.session;
    expect(session?.description).toContain('after 10 minutes without a call');
    expect(tools[1]?.description).toContain('after 10 minutes without a call');
    expect(tools[0]?.inputSchema.required).not.toContain('session');
    await close();
  });

  it('runs calls naming a handle in that session, apart from the connection’s own', async () => {
    const interpreter = new MockCodeInterpreter({
      run: {
        files: [{ path: '/workspace/a.txt', change: 'created', size: 1, mediaType: 'text/plain' }],
      },
    });
    const { client, close } = await connectClient({ interpreter });
    const handle = await newSession(client);
    expect(handle).toMatch(/^cis_[0-9a-f]{32}$/);
    const first = await runIn(client, handle);
    await runIn(client, undefined);
    await runIn(client, handle);
    const ids = interpreter.calls.map((call) => call.sessionId);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[1]).not.toBe(ids[0]);
    expect(first.structuredContent).toMatchObject({ session: handle });
    expect(first.content).toContainEqual(
      expect.objectContaining({ type: 'resource_link', uri: `workspace://${handle}/a.txt` }),
    );
    await close();
  });

  it('ends a session with close_session; the handle is then a tool error that says to start a new one', async () => {
    const interpreter = new MockCodeInterpreter();
    const { client, close } = await connectClient({ interpreter });
    const handle = await newSession(client);
    await runIn(client, handle);
    const closed = await client.callTool({ name: 'close_session', arguments: { session: handle } });
    expect(closed.isError).toBeFalsy();
    expect(interpreter.sessions.map((session) => session.closed)).toEqual([true]);
    const after = await runIn(client, handle);
    expect(after.isError).toBe(true);
    expect(textOf(after)).toBe(
      `Session '${handle}' is not open (it was closed with close_session): call new_session for a new one and run your setup again; the old session's variables and files are gone.`,
    );
    expect(interpreter.calls).toHaveLength(1);
    await close();
  });

  it('ends a session idle longer than idleTimeoutMs and says it expired', async () => {
    const interpreter = new MockCodeInterpreter();
    const { client, close } = await connectClient({
      interpreter,
      sessionHandles: { idleTimeoutMs: 200 },
    });
    const handle = await newSession(client);
    await runIn(client, handle);
    await sleep(600);
    expect(interpreter.sessions[0]?.closed).toBe(true);
    const expired = await runIn(client, handle);
    expect(expired.isError).toBe(true);
    expect(textOf(expired)).toContain('it expired after 1 second without a call');
    expect(textOf(expired)).toContain('call new_session');
    await close();
  });

  it('answers a session lost with its sandbox host as a tool error, refuses its handle after, and frees its place', async () => {
    const lostSession = 'mock-session-1';
    const interpreter = new MockCodeInterpreter({
      run: (call) => {
        if (call.sessionId === lostSession && call.input.code !== 'setup') {
          throw new SandboxHostLostStandIn(call.sessionId);
        }
        return { value: '1' };
      },
    });
    const { client, close } = await connectClient({
      interpreter,
      sessionHandles: { maxOpenPerCaller: 1 },
    });
    const handle = await newSession(client);
    expect((await runIn(client, handle, 'setup')).isError).toBeFalsy();
    const refusedText = `Session '${handle}' is not open (its sandbox host was lost): call new_session for a new one and run your setup again; the old session's variables and files are gone.`;
    const lost = await runIn(client, handle);
    expect(lost).toEqual({ content: [{ type: 'text', text: refusedText }], isError: true });
    const runs = interpreter.calls.length;
    for (const again of [
      await runIn(client, handle),
      await client.callTool({ name: 'close_session', arguments: { session: handle } }),
    ]) {
      expect(again).toEqual({ content: [{ type: 'text', text: refusedText }], isError: true });
    }
    expect(interpreter.calls).toHaveLength(runs);
    expect(interpreter.sessions[0]?.closed).toBe(true);
    // The lost session no longer counts toward the caller's limit of 1.
    const fresh = await newSession(client);
    expect((await runIn(client, fresh)).structuredContent).toMatchObject({ value: '1' });
    await close();
  });

  it('answers an unknown handle as a tool error, and refuses sessions beyond maxOpen', async () => {
    const interpreter = new MockCodeInterpreter();
    const { client, close } = await connectClient({ interpreter, sessionHandles: { maxOpen: 1 } });
    const unknown = await runIn(client, 'cis_nope');
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain("Session 'cis_nope' is not open (it is unknown)");
    await newSession(client);
    const refused = await client.callTool({ name: 'new_session', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('1 sessions are open, the most this server keeps');
    expect(interpreter.calls).toEqual([]);
    await close();
  });

  it('closes the sessions it minted when the client leaves (not a given interpreter)', async () => {
    const interpreter = new MockCodeInterpreter();
    const { client, close } = await connectClient({ interpreter });
    await runIn(client, await newSession(client));
    await close();
    for (let i = 0; i < 100 && !interpreter.sessions[0]?.closed; i++) await sleep(5);
    expect(interpreter.sessions[0]?.closed).toBe(true);
    expect(interpreter.closed).toBe(false);
  });

  it('has no session tools or argument with sessionHandles: false', async () => {
    const { client, close } = await connectClient({
      interpreter: new MockCodeInterpreter(),
      sessionHandles: false,
    });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['run_code']);
    expect(Object.keys(tools[0]?.inputSchema.properties ?? {})).not.toContain('session');
    await close();
  });
});
