import { type CodeInterpreter, createCodeInterpreterToolRunner } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { describe, expect, it } from 'vitest';
import { createSessionHandleRegistry } from './session-handle-registry';

const alice = { token: 'token-alice-0123456789', clientId: 'alice', scopes: [] };
const bob = { token: 'token-bob-0123456789ab', clientId: 'bob', scopes: [] };
const runnerOver = (interpreter: CodeInterpreter) =>
  createCodeInterpreterToolRunner({ interpreter, session: true });

describe('createSessionHandleRegistry', () => {
  it("answers another caller's handle as unknown, even once it has ended", async () => {
    const registry = createSessionHandleRegistry(new MockCodeInterpreter(), runnerOver);
    const opened = await registry.open(alice);
    if (!('handle' in opened)) throw new Error(opened.error);
    const held = await registry.hold(opened.handle, alice);
    expect('runner' in held).toBe(true);
    if ('release' in held) held.release();
    expect(await registry.hold(opened.handle, bob)).toEqual({
      error: expect.stringContaining('(it is unknown)'),
    });
    expect(await registry.hold(opened.handle, undefined)).toEqual({
      error: expect.stringContaining('(it is unknown)'),
    });
    expect(await registry.close(opened.handle, bob)).toEqual({
      error: expect.stringContaining('(it is unknown)'),
    });
    expect(await registry.close(opened.handle, alice)).toBeUndefined();
    expect(await registry.hold(opened.handle, bob)).toEqual({
      error: expect.stringContaining('(it is unknown)'),
    });
    expect(await registry.hold(opened.handle, alice)).toEqual({
      error: expect.stringContaining('(it was closed with close_session)'),
    });
    await registry.closeAll();
  });

  it('does not expire a session while one of its calls runs', async () => {
    const registry = createSessionHandleRegistry(new MockCodeInterpreter(), runnerOver, {
      idleTimeoutMs: 100,
    });
    const opened = await registry.open(undefined);
    if (!('handle' in opened)) throw new Error(opened.error);
    const held = await registry.hold(opened.handle, undefined);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(registry.size()).toBe(1);
    if ('release' in held) held.release();
    await registry.closeAll();
    expect(registry.size()).toBe(0);
  });

  it('limits the sessions one caller may have open, not the others', async () => {
    const interpreter = new MockCodeInterpreter();
    const registry = createSessionHandleRegistry(interpreter, runnerOver, {
      maxOpenPerCaller: 2,
    });
    const first = await registry.open(alice);
    await registry.open(alice);
    expect(await registry.open(alice)).toEqual({
      error:
        'You have 2 sessions open, the most one caller may have: close one you no longer need with close_session, or call run_code without a session.',
    });
    expect(await registry.open(bob)).toMatchObject({ handle: expect.any(String) });
    if (!('handle' in first)) throw new Error(first.error);
    await registry.close(first.handle, alice);
    expect(await registry.open(alice)).toMatchObject({ handle: expect.any(String) });
    await registry.closeAll();
  });
});
