import { describe, expect } from 'vitest';
import { createNativePythonRuntime } from './create-native-python-runtime';
import { nativeTest } from './native-python-test-fixture';
import type { ZygoteLife } from './native-python-zygote';

// Every box forked from one zygote shares the str hash secret that python3 chose when the zygote
// started; a zygote is replaced after a number of forks or an age, which bounds how many
// sandboxes share it. The hash of a fixed string tells which zygote a box came from.

const hashProgram = 'print(hash("code-interpreter"))';

function withLife(life: ZygoteLife) {
  return nativeTest.extend({
    runtime: [
      // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take a destructured context
      async ({}, use) => {
        const runtime = createNativePythonRuntime({}, { zygote: true, zygoteLife: life });
        await use(runtime);
        await runtime.close();
      },
      { scope: 'file' },
    ],
  });
}

const afterSixForks = withLife({ maxForks: 6, maxAgeMs: 600_000 });
const afterOneAndAHalfSeconds = withLife({ maxForks: 500, maxAgeMs: 1_500 });

describe.skipIf(process.platform !== 'linux')('native Python: the zygote is replaced', () => {
  afterSixForks(
    'after its last fork',
    async ({ runOnce }) => {
      const hashes: string[] = [];
      for (let box = 0; box < 15; box++) {
        const outcome = await runOnce(hashProgram);
        expect(outcome.error).toBeUndefined();
        hashes.push(outcome.stdout.trim());
      }
      // At most 6 boxes in a row from one zygote (the first may be replaced sooner, once the
      // matplotlib font list it lacked is built), and no zygote comes back.
      const runs: number[] = [];
      hashes.forEach((hash, box) => {
        if (box > 0 && hash === hashes[box - 1]) runs[runs.length - 1] = (runs.at(-1) ?? 0) + 1;
        else runs.push(1);
      });
      expect(Math.max(...runs)).toBeLessThanOrEqual(6);
      expect(new Set(hashes).size).toBe(runs.length);
      expect(runs.length).toBeGreaterThanOrEqual(3);
    },
    60_000,
  );

  afterOneAndAHalfSeconds(
    'once it is older than its life',
    async ({ runOnce }) => {
      const first = (await runOnce(hashProgram)).stdout;
      const soon = (await runOnce(hashProgram)).stdout;
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      const later = (await runOnce(hashProgram)).stdout;
      expect(soon).toBe(first);
      expect(later).not.toBe(first);
    },
    30_000,
  );
});
