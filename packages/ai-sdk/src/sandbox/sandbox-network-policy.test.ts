import type { CodeInterpreterSession, RunOptions } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { describe, expect, it } from 'vitest';
import { createCodeInterpreterSandbox } from './create-code-interpreter-sandbox';
import { createSandboxSession } from './create-sandbox-session';
import { SandboxNetworkNarrowing, toRunNetworkPolicy } from './sandbox-network-policy';

/** A session that records the options of each run. */
function recordingSession() {
  const runs: Array<RunOptions | undefined> = [];
  const session = new MockCodeInterpreter().createSession();
  const recording: CodeInterpreterSession = {
    ...session,
    id: session.id,
    files: session.files,
    run: (input, options) => {
      runs.push(options);
      return session.run(input, options);
    },
  };
  return { session: recording, runs };
}

const withNetwork = { capabilities: { network: 'The code can make HTTP requests (fetch) to: x.' } };

describe('toRunNetworkPolicy', () => {
  it("maps the harness's policy to a run's: allow-all narrows nothing, the others narrow", () => {
    expect(toRunNetworkPolicy({ mode: 'allow-all' })).toBeUndefined();
    expect(toRunNetworkPolicy({ mode: 'deny-all' })).toEqual({ mode: 'deny-all' });
    expect(
      toRunNetworkPolicy({
        mode: 'custom',
        allowedHosts: ['api.github.com'],
        deniedCIDRs: ['10.0.0.0/8'],
      }),
    ).toEqual({ mode: 'custom', allowedHosts: ['api.github.com'], deniedCIDRs: ['10.0.0.0/8'] });
    expect(toRunNetworkPolicy({ mode: 'custom', allowedCIDRs: ['127.0.0.1/32'] })).toEqual({
      mode: 'custom',
      allowedCIDRs: ['127.0.0.1/32'],
    });
  });

  it.each([
    [undefined, 'needs a policy such as'],
    [{ mode: 'open' }, `mode must be 'allow-all', 'deny-all' or 'custom' (got "open")`],
    [{ mode: 'custom' }, "mode 'custom' needs allowedHosts or allowedCIDRs"],
    [{ mode: 'custom', deniedCIDRs: ['10.0.0.0/8'] }, 'needs allowedHosts or allowedCIDRs'],
    [{ mode: 'custom', allowedHosts: 'api.github.com' }, 'allowedHosts must be an array'],
    [{ mode: 'custom', allowedHosts: [''] }, 'allowedHosts must be an array'],
    [{ mode: 'custom', allowedHosts: ['a.com'], allow: ['b.com'] }, "'allow' is not part of"],
  ])('refuses %j with a TypeError that says what to write', (policy, message) => {
    expect(() => toRunNetworkPolicy(policy)).toThrow(TypeError);
    expect(() => toRunNetworkPolicy(policy)).toThrow(message);
  });
});

describe('SandboxNetworkNarrowing', () => {
  it("gives each run made through it the policy in force when the run starts; 'allow-all' lifts it", async () => {
    const narrowing = new SandboxNetworkNarrowing(
      new MockCodeInterpreter(withNetwork).capabilities,
    );
    const { session, runs } = recordingSession();
    const narrowed = narrowing.narrow(session);
    const input = { language: 'javascript' as const, code: '1' };

    await narrowed.run(input);
    narrowing.set({ mode: 'custom', allowedHosts: ['api.github.com'] });
    await narrowed.run(input, { files: { 'a.txt': 'a' } });
    narrowing.set({ mode: 'deny-all' });
    await narrowed.run(input);
    narrowing.set({ mode: 'allow-all' });
    await narrowed.run(input);

    expect(runs).toEqual([
      undefined,
      { files: { 'a.txt': 'a' }, network: { mode: 'custom', allowedHosts: ['api.github.com'] } },
      { network: { mode: 'deny-all' } },
      undefined,
    ]);
    expect(narrowed.id).toBe(session.id);
    expect(narrowed.files).toBe(session.files);
  });

  it('refuses a run with its own network while the sandbox narrows (one run, one policy)', async () => {
    const narrowing = new SandboxNetworkNarrowing(
      new MockCodeInterpreter(withNetwork).capabilities,
    );
    const { session, runs } = recordingSession();
    narrowing.set({ mode: 'deny-all' });
    await expect(
      narrowing
        .narrow(session)
        .run({ language: 'javascript', code: '1' }, { network: { allow: ['a.com'] } }),
    ).rejects.toThrow("the sandbox's setNetworkPolicy already narrows its runs");
    expect(runs).toEqual([]);
  });

  it('without a network on the interpreter: deny-all changes nothing, any other policy is refused', async () => {
    const narrowing = new SandboxNetworkNarrowing(new MockCodeInterpreter().capabilities);
    narrowing.set({ mode: 'deny-all' });
    expect(narrowing.current).toBeUndefined();
    for (const policy of [
      { mode: 'allow-all' },
      { mode: 'custom', allowedHosts: ['api.github.com'] },
    ]) {
      expect(() => narrowing.set(policy)).toThrow(
        "this sandbox's interpreter has no network, so no policy can allow a host",
      );
    }
    expect(narrowing.current).toBeUndefined();
  });

  it('keeps the policy set before when a new one is malformed', () => {
    const narrowing = new SandboxNetworkNarrowing(
      new MockCodeInterpreter(withNetwork).capabilities,
    );
    narrowing.set({ mode: 'deny-all' });
    expect(() => narrowing.set({ mode: 'custom' })).toThrow(TypeError);
    expect(narrowing.current).toEqual({ mode: 'deny-all' });
  });
});

describe('the harness session of createCodeInterpreterSandbox', () => {
  it('rejects setNetworkPolicy allowing hosts when the interpreter has no network', async () => {
    const interpreter = new MockCodeInterpreter();
    const sandbox = await createCodeInterpreterSandbox({ interpreter }).createSession();
    await expect(sandbox.setNetworkPolicy({ mode: 'allow-all' })).rejects.toThrow(TypeError);
    await expect(
      sandbox.setNetworkPolicy({ mode: 'custom', allowedHosts: ['api.github.com'] }),
    ).rejects.toThrow('Give the interpreter a `network` policy');
    await expect(sandbox.setNetworkPolicy({ mode: 'deny-all' })).resolves.toBeUndefined();
    await sandbox.destroy();
    await interpreter.close();
  });

  it("tells the agent which hosts the commands' programs may reach, and that the shell downloads nothing", async () => {
    const offline = new MockCodeInterpreter();
    const online = new MockCodeInterpreter(withNetwork);
    expect(createSandboxSession({ interpreter: offline }).description).toContain(
      'No network (no downloads, no package installs)',
    );
    const { description } = createSandboxSession({ interpreter: online });
    expect(description).toContain('Programs run with python3, node or tsx may make HTTP requests');
    expect(description).toContain("The shell's own commands download nothing");
    await Promise.all([offline.close(), online.close()]);
  });
});
