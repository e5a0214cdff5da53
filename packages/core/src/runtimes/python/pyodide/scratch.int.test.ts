import { loadavg } from 'node:os';
import { it } from 'vitest';
import { createPyodideRuntime } from './create-pyodide-runtime';
import { loadPyodideAssets } from './pyodide-assets';
import { PyodideIsolate } from './pyodide-isolate';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const req = (code: string) => ({
  language: 'python' as const,
  code,
  timeoutMs: 10_000,
  maxOutputChars: 10_000,
  signal: new AbortController().signal,
});

it('measure', async () => {
  console.log('load', loadavg());
  const assets = loadPyodideAssets();
  // snapshot build = cold boot + makeSnapshot
  const snapTimes: string[] = [];
  for (let i = 0; i < (process.env.SKIP_COLD ? 0 : 2); i++) {
    const t0 = performance.now();
    const b = await PyodideIsolate.boot({
      assets,
      heapLimitMb: 512,
      wasmMemoryLimitMb: 1024,
      forSnapshot: true,
      timeoutMs: 120_000,
    });
    const t1 = performance.now();
    const s = await b.makeSnapshot();
    const t2 = performance.now();
    snapTimes.push(
      `cold boot+glue ${(t1 - t0).toFixed(0)} ms, makeSnapshot ${(t2 - t1).toFixed(0)} ms, snapshot ${(s.copy().byteLength / 1048576).toFixed(1)} MB`,
    );
    b.dispose();
  }
  console.log('SNAPSHOT', snapTimes);
  if (process.env.SKIP_COLD) {
    /* skip */
  } else {
    const cold = createPyodideRuntime({ useMemorySnapshot: false });
    const coldTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const sb = await cold.createSandbox({ memoryLimitMb: 128, stateful: false });
      coldTimes.push(performance.now() - t);
      await sb.dispose();
    }
    await cold.close();
    console.log(
      'COLD sandbox boot (no snapshot)',
      coldTimes.map((x) => x.toFixed(0)),
    );
  }

  const runtime = createPyodideRuntime();
  const t0 = performance.now();
  await (await runtime.createSandbox({ memoryLimitMb: 128, stateful: false })).dispose();
  console.log('FIRST sandbox incl. snapshot build', (performance.now() - t0).toFixed(0));
  const bootTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const sb = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
    bootTimes.push(performance.now() - t);
    await sb.dispose();
  }
  console.log(
    'BOOT from snapshot median',
    median(bootTimes).toFixed(0),
    'min',
    Math.min(...bootTimes).toFixed(0),
    'max',
    Math.max(...bootTimes).toFixed(0),
  );

  const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
  for (let i = 0; i < 10; i++) await session.run(req('1 + 1'));
  const warm: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    const o = await session.run(req('1 + 1'));
    warm.push(performance.now() - t);
    if (o.value !== '2') throw new Error('bad');
  }
  console.log(
    'WARM session run 1+1 median of 100',
    median(warm).toFixed(2),
    'p90',
    [...warm].sort((a, b) => a - b)[90]?.toFixed(2),
  );
  const warmPrint: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await session.run(req('print(6 * 7)'));
    warmPrint.push(performance.now() - t);
  }
  console.log('WARM session run print median of 50', median(warmPrint).toFixed(2));
  await session.dispose();

  const firsts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const sb = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
    await new Promise((r) => setTimeout(r, 200));
    const a = performance.now();
    await sb.run(req('6 * 7'));
    const b = performance.now();
    await sb.run(req('6 * 7'));
    const c = performance.now();
    await sb.run(req('6 * 7'));
    const d = performance.now();
    firsts.push(`${(b - a).toFixed(1)}/${(c - b).toFixed(1)}/${(d - c).toFixed(1)}`);
    await sb.dispose();
  }
  console.log('FIRST/SECOND/THIRD run in fresh sandbox', firsts.join('  '));
  const ready = [];
  for (let i = 0; i < 20; i++)
    ready.push(await runtime.createSandbox({ memoryLimitMb: 128, stateful: false }));
  const stateless: number[] = [];
  const statelessValue: number[] = [];
  for (const [i, sb] of ready.entries()) {
    const t = performance.now();
    await sb.run(req(i % 2 ? 'print(6 * 7)' : '6 * 7'));
    (i % 2 ? stateless : statelessValue).push(performance.now() - t);
    await sb.dispose();
  }
  console.log('PRE-BOOTED stateless 6*7', statelessValue.map((x) => x.toFixed(1)).join(' '));
  console.log('PRE-BOOTED stateless print', stateless.map((x) => x.toFixed(1)).join(' '));
  console.log('PRE-BOOTED stateless run print(6*7) median of 20', median(stateless).toFixed(2));

  // memory per warm sandbox
  global.gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const rss0 = process.memoryUsage().rss;
  const held = [];
  for (let i = 0; i < 8; i++)
    held.push(await runtime.createSandbox({ memoryLimitMb: 128, stateful: true }));
  await new Promise((r) => setTimeout(r, 1000));
  const rss1 = process.memoryUsage().rss;
  const mem = [];
  for (const sb of held) mem.push((await sb.run(req('1'))).memoryUsedMb);
  console.log(
    'MEMORY per warm sandbox: RSS delta/8 =',
    ((rss1 - rss0) / 8 / 1048576).toFixed(1),
    'MB; memoryUsedMb (heap+wasm) =',
    mem.join(', '),
  );
  for (const sb of held) await sb.dispose();
  await runtime.close();

  // plain loadPyodide in Node
  const { loadPyodide } = await import('pyodide');
  const plain: number[] = [];
  for (let i = 0; i < (process.env.SKIP_COLD ? 0 : 3); i++) {
    const t = performance.now();
    const py = await loadPyodide();
    py.runPython('1 + 1');
    plain.push(performance.now() - t);
  }
  console.log(
    'PLAIN loadPyodide() per call in Node',
    plain.map((x) => x.toFixed(0)),
  );
  console.log('load', loadavg());
}, 600_000);
