import {
  type HarnessAgentAdapter,
  prepareHarnessSandboxTemplate,
  prepareSandboxForHarness,
} from '@ai-sdk/harness/agent';
import { type CodeInterpreter, createCodeInterpreter } from '@code-interpreter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CodeInterpreterNetworkSandboxSession,
  createCodeInterpreterSandbox,
} from './create-code-interpreter-sandbox';

// The harness's own code driving our provider and sessions on real sandboxes: a harness adapter's
// bootstrap recipe (files written, a python3 command run in its folder, a marker written) applied
// by `prepareSandboxForHarness` and by `prepareHarnessSandboxTemplate` (which creates a session
// through the provider, bootstraps it in onFirstCreate and stops it).

let interpreter: CodeInterpreter;
beforeAll(() => {
  interpreter = createCodeInterpreter({ workers: 1, prewarm: true });
});
afterAll(async () => {
  await interpreter.close();
});

/** A harness adapter with only what bootstrapping reads (a real one also runs an agent). */
const toyHarness = {
  harnessId: 'toy',
  getBootstrap: async () => ({
    harnessId: 'toy',
    bootstrapDir: 'toy-bridge',
    files: [{ path: 'toy-bridge/bridge.py', content: 'print("bridge ready")\n' }],
    commands: [{ command: 'python3 bridge.py > ready.txt' }],
  }),
} as unknown as HarnessAgentAdapter;

describe('createCodeInterpreterSandbox driven by @ai-sdk/harness', () => {
  it("applies a harness's bootstrap recipe to a session, once", async () => {
    const network = await createCodeInterpreterSandbox({ interpreter }).createSession();
    try {
      const prepared = await prepareSandboxForHarness({
        session: network.restricted(),
        harnesses: [toyHarness],
      });
      expect(prepared.skippedHarnessIds).toEqual([]);
      expect(await network.readTextFile({ path: 'toy-bridge/ready.txt' })).toBe('bridge ready\n');
      const entries = await network.listDirectory({ path: 'toy-bridge' });
      expect(entries?.map((entry) => entry.name).sort()).toEqual([
        expect.stringMatching(/^\.bootstrap-.+\.ok$/),
        'bridge.py',
        'ready.txt',
      ]);
      // Applied again: the marker makes it a no-op (the command does not run a second time).
      await network.deleteFile({ path: 'toy-bridge/ready.txt' });
      await prepareSandboxForHarness({ session: network.restricted(), harnesses: [toyHarness] });
      expect(await network.stat({ path: 'toy-bridge/ready.txt' })).toBeNull();
    } finally {
      await network.destroy();
    }
  });

  it('prepares a template through the provider: creates, bootstraps and stops a session', async () => {
    const provider = createCodeInterpreterSandbox({ interpreter });
    const readyAtStop: Array<string | null> = [];
    let created: CodeInterpreterNetworkSandboxSession | undefined;
    await prepareHarnessSandboxTemplate({
      harness: toyHarness,
      sandboxProvider: {
        ...provider,
        createSession: async (options) => {
          created = await provider.createSession(options);
          const stop = created.stop;
          const network = created;
          return Object.assign(network, {
            stop: async () => {
              readyAtStop.push(await network.readTextFile({ path: 'toy-bridge/ready.txt' }));
              await stop();
            },
          });
        },
      },
    });
    expect(readyAtStop).toEqual(['bridge ready\n']);
    await expect(created?.run({ command: 'ls' })).rejects.toThrow(/closed/);
  });
});
