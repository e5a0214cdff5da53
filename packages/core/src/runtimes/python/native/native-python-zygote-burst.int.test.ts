import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sandboxRequest } from '../../../../test/sandbox-runs';
import type { Sandbox, SandboxRuntime } from '../../sandbox-runtime';
import { createNativePythonRuntime } from './create-native-python-runtime';
import type { NativePythonSandbox } from './native-python-sandbox';
import { namespaceHelpers } from './native-python-test-fixture';
import { maxHelperReplacements } from './workspace-mount-namespace';

// Every box of a runtime is meant to be forked from its zygote. A fork that fails gives that
// sandbox a bubblewrap box of its own (python3 started and the driver imported: several times the
// CPU of a fork), and a runtime whose first few forks all failed (a host that refuses the zygote's
// namespaces) gives every later sandbox one too. A forked box has two host processes (its init
// and python); a bubblewrap box three (bubblewrap, init, python).

const forkedBoxProcesses = 2;
const bubblewrapBoxProcesses = 3;

/**
 * A test on a fresh runtime whose boxes fork from a zygote (whatever the test environment says);
 * `failFork` fails the forks it returns an error for.
 */
function zygoteTest(
  name: string,
  body: (runtime: SandboxRuntime) => Promise<void>,
  failFork?: (attempt: number) => Error | undefined,
): void {
  test(name, async () => {
    const runtime = createNativePythonRuntime(
      {},
      { zygote: true, ...(failFork ? { failFork } : {}) },
    );
    try {
      await body(runtime);
    } finally {
      await runtime.close();
    }
    expect(namespaceHelpers()).toEqual([]);
  }, 60_000);
}

async function processCounts(sandboxes: Sandbox[]): Promise<number[]> {
  return Promise.all(
    sandboxes.map(async (sandbox) => (await (sandbox as NativePythonSandbox).hostPids()).length),
  );
}

async function runEach(sandboxes: Sandbox[]): Promise<string[]> {
  return Promise.all(
    sandboxes.map(
      async (sandbox) => (await sandbox.run(sandboxRequest('python', 'print(6 * 7)'))).stdout,
    ),
  );
}

/** Starts `count` sandboxes at once, expects each forked and answering, and disposes them. */
async function expectForkedAtOnce(runtime: SandboxRuntime, count: number): Promise<void> {
  const sandboxes = await Promise.all(
    Array.from({ length: count }, () =>
      runtime.createSandbox({ memoryLimitMb: 128, stateful: false }),
    ),
  );
  try {
    expect(await processCounts(sandboxes)).toEqual(sandboxes.map(() => forkedBoxProcesses));
    expect(await runEach(sandboxes)).toEqual(sandboxes.map(() => '42\n'));
  } finally {
    await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
  }
}

describe.skipIf(process.platform !== 'linux')(
  'native Python: every box forks from the zygote',
  () => {
    zygoteTest('when the first sandboxes of a runtime are started at once', async (runtime) => {
      // The burst's first calls raced to make the workspace namespace: two were made, and the
      // zygote (bound to one) could not see the slots of the other's boxes.
      await expectForkedAtOnce(runtime, 4);
      expect(namespaceHelpers()).toHaveLength(1);
      // And the runtime keeps forking afterwards.
      await expectForkedAtOnce(runtime, 1);
    });

    zygoteTest('after the workspace namespace was replaced', async (runtime) => {
      const first = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
      expect(await runEach([first])).toEqual(['42\n']);
      await first.dispose();
      // The namespace's helpers keep dying (a helper that dies is replaced by one in the same
      // namespace, up to a limit): the next box starts in a new namespace, which the running
      // zygote does not see into, so a new zygote has to fork it.
      for (let killed = 0; killed <= maxHelperReplacements; killed++) {
        const [helper] = namespaceHelpers();
        expect(helper).toBeDefined();
        process.kill(helper as number, 'SIGKILL');
        // Gone from /proc once reaped (a zombie has an empty command line, but is not reaped yet).
        // Generous waits: the replacement is a python3 start, which a loaded machine can hold up
        // for seconds (once past the default second in CI).
        await expect.poll(() => existsSync(`/proc/${helper}`), { timeout: 10_000 }).toBe(false);
        const replaced = killed < maxHelperReplacements;
        await expect
          .poll(() => namespaceHelpers().length, { timeout: 10_000 })
          .toBe(replaced ? 1 : 0);
      }
      await expectForkedAtOnce(runtime, 2);
    });

    zygoteTest(
      'after a passing failure of its first fork',
      async (runtime) => {
        const first = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
        expect(await processCounts([first])).toEqual([bubblewrapBoxProcesses]);
        expect(await runEach([first])).toEqual(['42\n']);
        await first.dispose();
        await expectForkedAtOnce(runtime, 2);
      },
      (attempt) => (attempt === 1 ? new Error('the zygote exited (a test)') : undefined),
    );
  },
);

describe.skipIf(process.platform !== 'linux')(
  'native Python: a host that refuses the zygote',
  () => {
    const attempts: number[] = [];
    zygoteTest(
      'gets bubblewrap boxes once three forks failed and none was forked',
      async (runtime) => {
        for (let box = 0; box < 5; box++) {
          const sandbox = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
          expect(await processCounts([sandbox])).toEqual([bubblewrapBoxProcesses]);
          expect(await runEach([sandbox])).toEqual(['42\n']);
          await sandbox.dispose();
        }
        // The fourth and fifth sandboxes did not try the zygote.
        expect(attempts).toEqual([1, 2, 3]);
      },
      (attempt) => {
        attempts.push(attempt);
        return new Error('clone: Operation not permitted (a test)');
      },
    );
  },
);
