import { createCodeInterpreterToolRunner } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { describe, expect, it } from 'vitest';
import { createSessionHandleRegistry } from './session-handle-registry';

const alice = { token: 'token-alice-0123456789', clientId: 'alice', scopes: [] };
const bob = { token: 'token-bob-0123456789ab', clientId: 'bob', scopes: [] };

describe('createSessionHandleRegistry', () => {
  it("answers another caller's handle as unknown, even once it has ended", async () => {
    const interpreter = new MockCodeInterpreter();
    const registry = createSessionHandleRegistry(() =>
      createCodeInterpreterToolRunner({ interpreter, session: true }),
    );
    const opened = registry.open(alice);
    if (!('handle' in opened)) throw new Error(opened.error);
    const held = registry.hold(opened.handle, alice);
    expect('runner' in held).toBe(true);
    if ('release' in held) held.release();
    expect(registry.hold(opened.handle, bob)).toEqual({
      error: expect.stringContaining('(it is unknown)'),
    });
    expect(registry.hold(opened.handle, undefined)).toEqual({
      error: expect.stringContaining('(it is unknown)'),
    });
    expect(await registry.close(opened.handle, bob)).toEqual({
      error: expect.stringContaining('(it is unknown)'),
    });
    expect(await registry.close(opened.handle, alice)).toBeUndefined();
    expect(registry.hold(opened.handle, bob)).toEqual({
      error: expect.stringContaining('(it is unknown)'),
    });
    expect(registry.hold(opened.handle, alice)).toEqual({
      error: expect.stringContaining('(it was closed with close_session)'),
    });
    await registry.closeAll();
  });

  it('does not expire a session while one of its calls runs', async () => {
    const interpreter = new MockCodeInterpreter();
    const registry = createSessionHandleRegistry(
      () => createCodeInterpreterToolRunner({ interpreter, session: true }),
      { idleTimeoutMs: 100 },
    );
    const opened = registry.open(undefined);
    if (!('handle' in opened)) throw new Error(opened.error);
    const held = registry.hold(opened.handle, undefined);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(registry.size()).toBe(1);
    if ('release' in held) held.release();
    await registry.closeAll();
    expect(registry.size()).toBe(0);
  });
});
