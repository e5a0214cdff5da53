#!/usr/bin/env node
// pnpm bench: side-by-side latency and throughput of a trivial JavaScript run, in one process on
// one machine. Prints medians, p95 and ratios. Not a test: numbers vary with the machine.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { createCodeInterpreter } from '../packages/core/dist/index.js';

const require = createRequire(new URL('../packages/core/package.json', import.meta.url));
const ivm = require('isolated-vm');

const quick = process.argv.includes('--quick');
const iterations = quick ? 300 : 2_000;
const code = '1 + 1';

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name, fn, count = iterations) {
  for (let i = 0; i < Math.min(50, count); i++) await fn(); // warm-up
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p95: percentile(times, 95), count };
}

async function throughput(fn, concurrency, durationMs) {
  let done = 0;
  const end = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn();
        done++;
      }
    }),
  );
  return done / (durationMs / 1000);
}

const rows = [];
const cores = availableParallelism();
const interpreter = createCodeInterpreter({ workers: cores, languages: ['javascript', 'typescript'], warmSandboxes: { javascript: 4 } });
await interpreter.run({ language: 'javascript', code });

const ours = await measure('interpreter.run (stateless, fresh context, via worker process)', async () => {
  const result = await interpreter.run({ language: 'javascript', code });
  if (result.value !== '2') throw new Error(`unexpected result ${JSON.stringify(result)}`);
});
rows.push(ours);
const session = interpreter.createSession();
rows.push(
  await measure('session.run (stateful isolate, via worker process)', async () => {
    await session.run({ language: 'javascript', code });
  }),
);
rows.push(
  await measure('interpreter.run TypeScript (stateless)', async () => {
    await interpreter.run({ language: 'typescript', code: 'const n: number = 1; n + 1' });
  }),
);

const seed = await measure(
  'isolated-vm, new isolate per call (the seed approach, in-process)',
  async () => {
    const isolate = new ivm.Isolate({ memoryLimit: 128 });
    const context = await isolate.createContext();
    await context.eval(code, { timeout: 1000 });
    isolate.dispose();
  },
  Math.min(iterations, 500),
);
rows.push(seed);

const warmIsolate = new ivm.Isolate({ memoryLimit: 128 });
const floor = await measure('isolated-vm, new context on a warm isolate (the floor, in-process)', async () => {
  const context = await warmIsolate.createContext();
  await context.eval(code, { timeout: 1000 });
  context.release();
});
rows.push(floor);

console.log(`\nTrivial JavaScript run (${code}), ${iterations} sequential calls each, ${cores} cores, Node ${process.version}\n`);
console.log(`${'what'.padEnd(72)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'vs ours'.padStart(9)}`);
for (const row of rows) {
  console.log(`${row.name.padEnd(72)} ${row.p50.toFixed(3).padStart(8)} ${row.p95.toFixed(3).padStart(8)} ${(row.p50 / ours.p50).toFixed(2).padStart(8)}x`);
}

const seconds = quick ? 2 : 5;
const oursRate = await throughput(() => interpreter.run({ language: 'javascript', code }), cores * 8, seconds * 1000);
const seedRate = await throughput(async () => {
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  const context = await isolate.createContext();
  await context.eval(code, { timeout: 1000 });
  isolate.dispose();
}, cores * 8, seconds * 1000);
console.log(`\nThroughput with ${cores * 8} concurrent callers for ${seconds} s:`);
console.log(`  interpreter.run: ${oursRate.toFixed(0)} runs/s`);
console.log(`  new isolate per call: ${seedRate.toFixed(0)} runs/s (ours is ${(oursRate / seedRate).toFixed(2)}x)`);

const rssRuns = quick ? 2_000 : 10_000;
global.gc?.();
const rssBefore = process.memoryUsage().rss;
for (let i = 0; i < rssRuns; i++) await interpreter.run({ language: 'javascript', code });
global.gc?.();
const rssAfter = process.memoryUsage().rss;
console.log(`\nHost RSS before/after ${rssRuns} runs: ${(rssBefore / 1048576).toFixed(1)} MB -> ${(rssAfter / 1048576).toFixed(1)} MB (${((rssAfter - rssBefore) / 1048576).toFixed(1)} MB)`);

warmIsolate.dispose();
await session.close();
await interpreter.close();
