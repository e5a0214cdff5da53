import { readFileSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';
import { sandboxWorkerNodePids } from './sandbox-worker-processes';

// A worker gives back what a burst of Pyodide boots used: each boot copies the 15 MB snapshot and
// the 2.5 MB standard library into its isolate, and glibc kept such blocks in its per-thread
// arenas once freed (see workerMallocMmapThresholdBytes in worker-process.ts).

const interpreter = createCodeInterpreter({
  python: 'pyodide',
  workers: 1,
  languages: ['python'],
  warmSandboxes: { python: 1 },
});
afterAll(() => interpreter.close());

/** Proportional set size of this interpreter's worker processes, in MB. */
function workersPssMb(): number {
  return sandboxWorkerNodePids().reduce((sum, pid) => {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return sum + Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) / 1024;
  }, 0);
}

test('a Pyodide worker gives back the large blocks of a burst of boots', async () => {
  const run = async () => {
    const result = await interpreter.run({ language: 'python', code: 'print(1 + 1)' });
    expect(result.stdout).toBe('2\n');
  };
  await run();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const before = workersPssMb();
  let left = 40;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (left-- > 0) await run();
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = workersPssMb();
  console.log(
    `worker PSS ${before.toFixed(0)} MB before 40 runs 8 at a time, ${after.toFixed(0)} MB after`,
  );
  // Measured: 88-98 MB of growth (the sandboxes then alive, the isolates' own arenas); 357-395 MB when
  // glibc kept the boots' large blocks.
  expect(after - before).toBeLessThan(200);
});
