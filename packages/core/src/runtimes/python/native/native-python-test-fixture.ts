import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test } from 'vitest';
import { type SandboxRunOptions, sandboxRequest } from '../../../../test/sandbox-runs';
import type { Sandbox, SandboxRunOutcome, SandboxRuntime } from '../../sandbox-runtime';
import { createNativePythonRuntime } from './create-native-python-runtime';
import type { NativePythonSandbox } from './native-python-sandbox';
import { processExists } from './sandbox-process-tree';

/**
 * True unless CODE_INTERPRETER_TEST_NATIVE_ZYGOTE=0 runs the native tests with every sandbox a
 * bubblewrap box of its own: by default each is forked from a zygote (see native-python-zygote.ts),
 * and a forked box has fewer processes of its own.
 */
export const nativeZygoteInTests = process.env.CODE_INTERPRETER_TEST_NATIVE_ZYGOTE !== '0';

/** Host processes of an idle box: bubblewrap, its PID-namespace init, python; forked: init, python. */
export const idleBoxProcesses = nativeZygoteInTests ? 2 : 3;

/** Options of one test run (`maxOutputChars` defaults to 100,000 here). */
export type TestRunOptions = SandboxRunOptions;

/** A sandbox under test, with the host pids it had (for leak checks). */
export interface TestSandbox {
  sandbox: Sandbox;
  run(code: string, options?: TestRunOptions): Promise<SandboxRunOutcome>;
  hostPids(): Promise<number[]>;
  /** Disposes the sandbox and asserts that none of its processes is left on the host. */
  disposeAndCheck(): Promise<void>;
}

/** Waits (briefly) until none of the pids exists, and fails the test if one does. */
export async function expectProcessesGone(pids: readonly number[]): Promise<void> {
  const deadline = Date.now() + 3000;
  let alive = pids;
  while (alive.length && Date.now() < deadline) {
    const checks = await Promise.all(
      alive.map(async (pid) => ((await processExists(pid)) ? pid : undefined)),
    );
    alive = checks.filter((pid): pid is number => pid !== undefined);
    if (alive.length) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(alive, 'sandbox processes left on the host').toEqual([]);
}

async function openSandbox(
  runtime: SandboxRuntime,
  stateful: boolean,
  memoryLimitMb = 128,
): Promise<TestSandbox> {
  const sandbox = await runtime.createSandbox({ memoryLimitMb, stateful });
  const hostPids = () => (sandbox as NativePythonSandbox).hostPids();
  return {
    sandbox,
    hostPids,
    run: (code, options = {}) =>
      sandbox.run(
        sandboxRequest('python', code, {
          ...options,
          maxOutputChars: options.maxOutputChars ?? 100_000,
        }),
      ),
    async disposeAndCheck() {
      const pids = await hostPids();
      await sandbox.dispose();
      await expectProcessesGone(pids);
    },
  };
}

/**
 * Test fixtures: a native Python runtime closed after each test, and helpers that open
 * sandboxes on it and check they leave nothing behind.
 */
export const nativeTest = test.extend<{
  runtime: SandboxRuntime;
  /** Runs code once in a fresh stateless sandbox, then disposes it and checks no process is left. */
  runOnce: (code: string, options?: TestRunOptions) => Promise<SandboxRunOutcome>;
  /** Opens a stateful sandbox (a session); dispose it with `disposeAndCheck`. */
  openSession: (memoryLimitMb?: number) => Promise<TestSandbox>;
}>({
  // One runtime per test file (it builds matplotlib's font list once); sandboxes are per test.
  runtime: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take a destructured context
    async ({}, use) => {
      const runtime = createNativePythonRuntime({ maxProcesses: 32 });
      await use(runtime);
      await runtime.close();
    },
    { scope: 'file' },
  ],
  runOnce: async ({ runtime }, use) => {
    await use(async (code, options = {}) => {
      const sandbox = await openSandbox(runtime, false, options.memoryLimitMb);
      try {
        return await sandbox.run(code, options);
      } finally {
        await sandbox.disposeAndCheck();
      }
    });
  },
  openSession: async ({ runtime }, use) => {
    await use((memoryLimitMb) => openSandbox(runtime, true, memoryLimitMb));
  },
});

/**
 * Host pids of this process's workspace-namespace helpers (python3 -I -B -c with a slots folder
 * argument: the first helper of a namespace, or one that replaced a dead one).
 */
export function namespaceHelpers(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const [, isolated, , flag, , folder] = args;
      if (
        parent === process.pid &&
        isolated === '-I' &&
        flag === '-c' &&
        basename(folder ?? '').startsWith('code-interpreter-native-slots-')
      ) {
        pids.push(Number(name));
      }
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
