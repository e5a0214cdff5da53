import { HarnessCapabilityUnsupportedError } from '@ai-sdk/harness';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { describe, expect, it } from 'vitest';
import { createCodeInterpreterSandbox } from './create-code-interpreter-sandbox';

// The harness sandbox provider, as the harness drives one: createSession, onFirstCreate with the
// restricted view, the restricted view for tools, ports refused with the harness's own error,
// stop/destroy.

describe('createCodeInterpreterSandbox', () => {
  it('is a harness-sandbox-v1 provider whose sessions are sessions of the given interpreter', async () => {
    const interpreter = new MockCodeInterpreter({ exec: { stdout: '/workspace\n' } });
    const provider = createCodeInterpreterSandbox({ interpreter });
    expect(provider).toMatchObject({
      specificationVersion: 'harness-sandbox-v1',
      providerId: 'code-interpreter-sandbox',
    });
    const first = await provider.createSession({ sessionId: 'conversation-1' });
    const second = await provider.createSession();
    expect(first.id).toBe(interpreter.sessions[0]?.id);
    expect(second.id).toBe(interpreter.sessions[1]?.id);
    expect(first.defaultWorkingDirectory).toBe('/workspace');
    expect(first.ports).toEqual([]);
    expect(await first.run({ command: 'pwd' })).toEqual({
      exitCode: 0,
      stdout: '/workspace\n',
      stderr: '',
    });

    // Separate workspaces.
    await first.writeTextFile({ path: 'only-in-first.txt', content: '1' });
    expect(await second.stat({ path: 'only-in-first.txt' })).toBeNull();

    await first.destroy();
    await first.stop(); // idempotent
    expect(interpreter.sessions[0]?.closed).toBe(true);
    expect(interpreter.sessions[1]?.closed).toBe(false);
    expect(interpreter.closed).toBe(false);
    await interpreter.close();
  });

  it('runs onFirstCreate on the restricted view, which has no lifecycle methods', async () => {
    const interpreter = new MockCodeInterpreter();
    const provider = createCodeInterpreterSandbox({ interpreter });
    let seen: object | undefined;
    const network = await provider.createSession({
      onFirstCreate: async (session) => {
        seen = session;
        await session.writeTextFile({ path: 'setup/done.txt', content: 'ok' });
      },
    });
    expect(await network.readTextFile({ path: 'setup/done.txt' })).toBe('ok');
    for (const view of [seen, network.restricted()]) {
      expect(view).toBeDefined();
      for (const lifecycle of ['close', 'stop', 'destroy', 'session', 'interpreter']) {
        expect(view).not.toHaveProperty(lifecycle);
      }
      expect(view).toHaveProperty('description', network.description);
    }
    await interpreter.close();
  });

  it('closes the session when onFirstCreate fails, and passes the failure on', async () => {
    const interpreter = new MockCodeInterpreter();
    const provider = createCodeInterpreterSandbox({ interpreter });
    await expect(
      provider.createSession({
        onFirstCreate: async () => {
          throw new Error('bootstrap failed');
        },
      }),
    ).rejects.toThrow('bootstrap failed');
    expect(interpreter.sessions[0]?.closed).toBe(true);
    await interpreter.close();
  });

  it("refuses ports with the harness's HarnessCapabilityUnsupportedError", async () => {
    const interpreter = new MockCodeInterpreter();
    const network = await createCodeInterpreterSandbox({ interpreter }).createSession();
    const error = await network.getPortEndpoint({ port: 3000 }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(HarnessCapabilityUnsupportedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('expose no ports (asked for port 3000)');
    await expect(network.getPortUrl({ port: 3000 })).rejects.toThrow('expose no ports');
    await interpreter.close();
  });

  it('rejects createSession when its signal is already aborted, creating nothing', async () => {
    const interpreter = new MockCodeInterpreter();
    const provider = createCodeInterpreterSandbox({ interpreter });
    await expect(
      provider.createSession({ abortSignal: AbortSignal.abort(new Error('no')) }),
    ).rejects.toThrow('no');
    expect(interpreter.sessions).toHaveLength(0);
    await interpreter.close();
  });
});
