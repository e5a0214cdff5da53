import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect } from 'vitest';
import { sandboxRequest, testWorkspace } from '../../../../test/sandbox-runs';
import { RunWorkspace } from '../../../workspace/run-workspace';
import { defaultWorkspaceLimits } from '../../../workspace/workspace-limits';
import type { Sandbox } from '../../sandbox-runtime';
import { nativeTest as it, namespaceHelpers } from './native-python-test-fixture';

// Every box of a runtime starts in one mount namespace, where a host helper binds each run's
// workspace folder on the box's slot. The helper is a host process like any other: something on
// the host can kill it. Boxes started before that (a session's, a warm one) must still get their
// workspaces, and a box started while the helper is dead but not yet reaped must too: a helper
// that dies is replaced by one that enters the same namespace.

/** A workspace holding `name` with `text` (made by the host, as a run's is). */
function workspaceWith(name: string, text: string) {
  const workspace = testWorkspace({}, true);
  writeFileSync(join(workspace.folder(), name), text);
  return workspace;
}

function reads(name: string, workspace: ReturnType<typeof testWorkspace>) {
  return sandboxRequest('python', `print(open(${JSON.stringify(name)}).read())`, {
    workspace,
    maxOutputChars: 1000,
  });
}

/** Kills the runtime's one helper and returns its pid (it may not be reaped yet). */
function killHelper(): number {
  const helpers = namespaceHelpers();
  expect(helpers).toHaveLength(1);
  const [helper] = helpers as [number];
  process.kill(helper, 'SIGKILL');
  return helper;
}

const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sandbox) => sandbox.dispose()));
});

describe.skipIf(process.platform !== 'linux')(
  'native Python: a mount helper killed from outside',
  () => {
    it('is replaced in the same namespace: a session and a warm box started before it died get their next workspaces', async ({
      runtime,
    }) => {
      const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
      const warm = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
      opened.push(session, warm);
      const first = workspaceWith('first.txt', 'before');
      expect((await session.run(reads('first.txt', first))).stdout).toBe('before\n');

      const dead = killHelper();
      await expect.poll(() => existsSync(`/proc/${dead}`)).toBe(false);
      await expect.poll(() => namespaceHelpers().length).toBe(1);

      const second = workspaceWith('second.txt', 'after');
      const inSession = await session.run(reads('second.txt', second));
      expect(inSession.error).toBeUndefined();
      expect(inSession.stdout).toBe('after\n');
      const inWarm = await warm.run(reads('second.txt', second));
      expect(inWarm.error).toBeUndefined();
      expect(inWarm.stdout).toBe('after\n');
    });

    it('serves a command sent, and a box started, before the dead helper was reaped', async ({
      runtime,
    }) => {
      const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
      opened.push(session);
      const workspace = workspaceWith('data.txt', 'still here');
      killHelper();
      // No wait: the mount command goes to the dead helper (or waits for its replacement), and the
      // new box enters the namespace while the helper may still be a zombie.
      const [inSession, fresh] = await Promise.all([
        session.run(reads('data.txt', workspace)),
        runtime.createSandbox({ memoryLimitMb: 128, stateful: false }),
      ]);
      opened.push(fresh);
      expect(inSession.error).toBeUndefined();
      expect(inSession.stdout).toBe('still here\n');
      const inFresh = await fresh.run(reads('data.txt', workspace));
      expect(inFresh.error).toBeUndefined();
      expect(inFresh.stdout).toBe('still here\n');
      await expect.poll(() => namespaceHelpers().length).toBe(1);
    });

    it('refuses a workspace folder whose path has a line break, saying so (the helper reads lines)', async ({
      runtime,
    }) => {
      const folder = join(tmpdir(), 'code-interpreter-test-workspaces', `${randomUUID()}\nmount`);
      const workspace = new RunWorkspace(folder, defaultWorkspaceLimits, false);
      workspace.folder();
      try {
        const box = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
        opened.push(box);
        const refused = await box.run(reads('data.txt', workspace)).then(
          (outcome) => outcome.error?.message ?? 'no error',
          (error: Error) => error.message,
        );
        expect(refused).toMatch(/contains a NUL or a line break/);
        // The helper is unharmed: the next workspace shows.
        const fine = workspaceWith('data.txt', 'fine');
        expect((await box.run(reads('data.txt', fine))).stdout).toBe('fine\n');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });

    it('leaves no helper after close, its replacements included', async ({ runtime }) => {
      const box = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
      opened.push(box);
      killHelper();
      await expect.poll(() => namespaceHelpers().length).toBe(1);
      await box.dispose();
      await runtime.close();
      await expect.poll(() => namespaceHelpers()).toEqual([]);
    });
  },
);
