#!/usr/bin/env node
// Pyodide /workspace costs: a stateless sandbox's boot + warm-up and its print(1) run, and a run that
// writes then reads 1 MB through /workspace (BIGPATH=/tmp/big.bin: the same in memory, for
// comparison). Host side bundled from src/ (as profile-pyodide-boot.mjs does), sandbox side from
// dist/ (build first). ROOT=<another checkout> measures that one.
//   node scripts/measure-pyodide-workspace.mjs [runs=30] [mb]
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = process.env.ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const core = join(root, 'packages/core');
const requireRoot = createRequire(join(root, 'package.json'));
const esbuild = createRequire(requireRoot.resolve('tsup'))('esbuild');
const outDir = join(core, 'node_modules/.cache/measure-pyodide-workspace');
mkdirSync(outDir, { recursive: true });
await esbuild.build({
  stdin: {
    contents: `
      export { createPyodideRuntime } from './src/runtimes/python/pyodide/create-pyodide-runtime';
      export { testWorkspace, sandboxRequest } from './test/sandbox-runs';
    `,
    resolveDir: core,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: ['isolated-vm', 'isolated-vm-6', 'pyodide'],
  outfile: join(outDir, 'host.mjs'),
  logLevel: 'error',
});
const host = await import(pathToFileURL(join(outDir, 'host.mjs')).href);
const n = Number(process.argv[2] ?? 30);
const runtime = host.createPyodideRuntime();
await (await runtime.createSandbox({ memoryLimitMb: 128, stateful: false })).dispose();
const p = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const boot = [],
  run = [],
  mb = [];
const big = `BIG = '${process.env.BIGPATH ?? 'big.bin'}'
data = bytes(range(256)) * 4096
with open(BIG, 'wb') as f: f.write(data)
with open(BIG, 'rb') as f: back = f.read()
assert back == data, len(back)
print(len(back))`;
for (let i = 0; i < n; i++) {
  let t = performance.now();
  const sandbox = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
  boot.push(performance.now() - t);
  t = performance.now();
  const out = await sandbox.run(host.sandboxRequest('python', 'print(1)'));
  run.push(performance.now() - t);
  if (out.stdout !== '1\n') throw new Error(JSON.stringify(out));
  await sandbox.dispose();
  if (process.argv[3] === 'mb') {
    const s2 = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
    t = performance.now();
    const o2 = await s2.run(host.sandboxRequest('python', big));
    mb.push(performance.now() - t);
    if (o2.stdout !== '1048576\n') throw new Error(JSON.stringify(o2));
    await s2.dispose();
  }
}
const f = (xs) =>
  `p50 ${p(xs, 0.5).toFixed(2)} ms  p90 ${p(xs, 0.9).toFixed(2)} ms  min ${Math.min(...xs).toFixed(2)} ms`;
console.log(`boot+warm-up: ${f(boot)}`);
console.log(`run print(1): ${f(run)}`);
if (mb.length) console.log(`run 1 MB write+read: ${f(mb)}`);
await runtime.close();
process.exit(0);
