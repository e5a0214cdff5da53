#!/usr/bin/env node
// Where the time of a fresh Pyodide sandbox goes (issue 17). Boots sandboxes from the memory
// snapshot back to back and prints the p50 of every phase of a boot, from creating the isolate to
// disposing it, plus the size of the memory image and the cost of the leads the issue names.
// Not a test, not a benchmark: a profile. Run with the repo's Node 24, after a build:
//   node scripts/profile-pyodide-boot.mjs [--boots=20] [--no-leads] [--isolate-profile]
// --isolate-profile also samples the isolate's own CPU (isolated-vm's startCpuProfiler) over the
// packed-image boots and prints the functions with the largest share of the samples: work that a
// phase hides (a loop in Pyodide's glue, a copy, page faults of a write) shows by name. The
// profiler slows the isolate many times over (warm-up cells take seconds): read its shares, not
// the phase times of such a run, and check a lead it shows with a run without it.
//
// The sandbox side is the built dist/pyodide-isolate.js; the host side (assets, runPyodideCell,
// createPyodideRuntime) is not exported by dist/index.js, so it is bundled from src/ with esbuild
// into packages/core/node_modules/.cache/ first. The boot sequence of PyodideIsolate.bootIn is
// repeated here step by step with marks between the steps; marks inside the isolate (WebAssembly
// compile and instantiate, the memory, restoring the image, Python's bootstrap) are taken with
// the isolate's clock, which is the host's clock (installWebGlobals), so host and isolate marks
// form one timeline. The real PyodideIsolate.boot + warm-up is timed too, as a check that the
// replica costs what the real thing costs.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = join(root, 'packages/core');
const boots = Number(process.argv.find((a) => a.startsWith('--boots='))?.slice(8) ?? 20);
const leads = !process.argv.includes('--no-leads');
const isolateProfile = process.argv.includes('--isolate-profile');
/** Self samples by function, over the profiled boots (see --isolate-profile). */
const isolateSamples = new Map();
let isolateSampleTotal = 0;

// --- host side, bundled from src -------------------------------------------------------------
// esbuild comes with tsup (the build tool), not as a root dependency of its own.
const requireRoot = createRequire(join(root, 'package.json'));
const esbuild = createRequire(requireRoot.resolve('tsup'))('esbuild');
const outDir = join(core, 'node_modules/.cache/profile-pyodide-boot');
mkdirSync(outDir, { recursive: true });
const pyodideSrc = './src/runtimes/python/pyodide';
await esbuild.build({
  stdin: {
    contents: `
      export { loadPyodideAssets } from '${pyodideSrc}/pyodide-assets';
      export { PyodideIsolate } from '${pyodideSrc}/pyodide-isolate';
      export { runPyodideCell } from '${pyodideSrc}/run-pyodide-cell';
      export { buildPyodideSnapshot } from '${pyodideSrc}/build-pyodide-snapshot';
      export { pyodideMemoryLimits } from '${pyodideSrc}/pyodide-memory-limits';
      export { driveUntilSettled } from '${pyodideSrc}/drive-isolate';
      export { createPyodideRuntime } from '${pyodideSrc}/create-pyodide-runtime';
      export { packPyodideSnapshot } from '${pyodideSrc}/pack-pyodide-snapshot';
      export { pyodideMemoryImage } from '${pyodideSrc}/pyodide-memory-image';
      export { withPyodideHeapStart } from '${pyodideSrc}/pyodide-heap-start';
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
const ivm = createRequire(join(core, 'package.json'))('isolated-vm');

const limits = host.pyodideMemoryLimits(128);
const assets = host.loadPyodideAssets();
// The assets serve pyodide.asm.wasm empty (the module comes compiled): the real bytes, for the
// boots that compile inside the sandbox and for the leads.
const wasmBytes = new ivm.ExternalCopy(
  new Uint8Array(
    readFileSync(
      join(
        dirname(requireRoot.resolve('pyodide/package.json', { paths: [core] })),
        'pyodide.asm.wasm',
      ),
    ),
  ).buffer,
);
const wasmModule = assets.wasmModule;
const warmUpCells = ['None', '1 + 1', "print('', end='')"];
const userCell = 'print(1 + 1)';
const epochNow = () => performance.timeOrigin + performance.now();

const progress = (what) => process.stderr.write(`[profile] ${what}\n`);
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const fmt = (ms) => ms.toFixed(ms < 10 ? 2 : 1).padStart(8);

// --- the sandbox-side marks ------------------------------------------------------------------
// Run after install (so the memory guard wraps first, as in production) and before Pyodide's
// scripts: wraps WebAssembly.instantiate (split into compile + instantiate), WebAssembly.Memory
// and, once pyodide.asm.js has run, the module factory and the API steps of a snapshot boot.
const markScript = `(function () {
  const marks = [];
  const at = () => performance.timeOrigin + performance.now();
  const mark = (name) => marks.push([name, at()]);
  globalThis.__profileMarks = marks;
  const W = WebAssembly;
  const instantiate = W.instantiate, compile = W.compile, Memory = W.Memory;
  W.instantiate = async function (source, imports) {
    if (source instanceof W.Module) {
      // Pyodide's module is the one with a dylink.0 section (listing its 8,560 exports would cost ms).
      const pyodide = W.Module.customSections(source, 'dylink.0').length > 0;
      mark(pyodide ? 'wasm: compile start' : 'wasm: instantiate start');
      const instance = await instantiate.call(W, source, imports);
      mark(pyodide ? 'wasm: instantiate (compiled module given)' : 'wasm: instantiate (a small module)');
      return instance;
    }
    mark('wasm: compile start');
    const module = await compile.call(W, source);
    mark('wasm: compile');
    const instance = await instantiate.call(W, module, imports);
    mark('wasm: instantiate');
    return { module, instance };
  };
  W.Memory = new Proxy(Memory, {
    construct(target, args) {
      mark('wasm: memory start');
      const memory = Reflect.construct(target, args);
      mark('wasm: new Memory(' + Math.round((args[0].initial * 65536) / 1048576) + ' MB)');
      return memory;
    },
  });
  globalThis.__profileWrapPyodide = function () {
    const create = globalThis.__pyodideCreateModule;
    globalThis.__pyodideCreateModule = async function (settings) {
      mark('loader: config, snapshot prepared');
      const instantiateWasm = settings.instantiateWasm;
      settings.instantiateWasm = function (imports, receive) {
        return instantiateWasm.call(this, imports, function (...args) {
          mark('wasm: instance received');
          try { return receive.apply(this, args); } finally { mark('emscripten: receiveInstance'); }
        });
      };
      const preRun = [].concat(settings.preRun ?? []);
      settings.preRun = [() => mark('emscripten: before preRun'), ...preRun, () => mark('emscripten: preRun (FS, stdlib zip, env)')];
      settings.postRun = [() => mark('emscripten: initRuntime (wasm ctors)')].concat(settings.postRun ?? []);
      const module = await create(settings);
      mark('emscripten: module ready');
      const api = module.API;
      for (const name of ['restoreSnapshot', 'finalizeBootstrap']) {
        const original = api[name];
        api[name] = function (...args) {
          mark('api: before ' + name);
          try { return original.apply(this, args); } finally { mark('api: ' + name); }
        };
      }
      return module;
    };
    const loader = globalThis.__pyodideLoader;
    const load = loader.loadPyodide;
    loader.loadPyodide = async function (options) {
      mark('boot(): called loadPyodide');
      const pyodide = await load(options);
      mark('loader: finalizeSetup (streams, sys.path, packages)');
      return pyodide;
    };
    delete globalThis.__profileWrapPyodide;
  };
})();`;

const codeCaches = new Map();
const scriptSources = new Map();
let codeCachesCaptured = false;
async function runScript(isolate, context, source, filename) {
  scriptSources.set(filename, source);
  const cachedData = codeCaches.get(filename);
  const script = await isolate.compileScript(source, {
    filename,
    ...(cachedData ? { cachedData } : { produceCachedData: true }),
  });
  if (!cachedData && script.cachedData) codeCaches.set(filename, script.cachedData);
  await script.run(context, { timeout: 30_000 });
  script.release();
}

/** One boot of PyodideIsolate.bootIn, step by step, then warm-up, one run and dispose. */
async function profiledBoot(snapshot, { shareModule, warmIsolate, packed }) {
  const timeline = [['start', epochNow()]];
  const mark = (name) => timeline.push([name, epochNow()]);
  // As PyodideIsolate.boot makes it: its old generation starts at 32 MB (pyodide-heap-start.ts).
  const isolate =
    warmIsolate ??
    host.withPyodideHeapStart(() => new ivm.Isolate({ memoryLimit: limits.heapLimitMb }));
  const sampled = isolateProfile && packed && !warmIsolate;
  if (sampled) isolate.startCpuProfiler('boot');
  mark(warmIsolate ? 'host: (isolate reused)' : 'host: new ivm.Isolate');
  const context = await isolate.createContext();
  mark('host: createContext');
  await runScript(isolate, context, assets.isolateSource, 'code-interpreter-pyodide.js');
  mark('host: eval dist/pyodide-isolate.js (code cache)');
  const emit = new ivm.Callback(() => {}, { ignored: true });
  const now = new ivm.Callback(() => performance.now());
  const install = await context.global.get('__codeInterpreterPyodideInstall', { reference: true });
  const base = new ivm.ExternalCopy({
    randomSeed: new Uint8Array(randomBytes(32)),
    timeOrigin: performance.timeOrigin + performance.now(),
    wasmMemoryLimitBytes: limits.wasmMemoryLimitMb * 1024 * 1024,
  });
  const build = await context.eval(
    '(function (base, emit, now) { base.emit = emit; base.now = now; return base; })',
    { reference: true },
  );
  const hooks = await build.apply(undefined, [base.copyInto(), emit, now], {
    result: { reference: true },
  });
  const controlReference = await install.apply(undefined, [hooks.derefInto()], {
    result: { reference: true },
  });
  const get = (name) => controlReference.get(name, { reference: true });
  const control = {};
  for (const name of [
    'addFile',
    'boot',
    'bootResult',
    'startRun',
    'tick',
    'collect',
    'answerTools',
  ]) {
    control[name] = await get(name);
  }
  mark('host: install (web globals, guard, control refs)');
  await context.eval(markScript);
  mark('(profile: mark script)');
  await runScript(isolate, context, assets.moduleSource, 'pyodide.asm.js');
  mark('host: eval pyodide.asm.js (1.25 MB, code cache)');
  await runScript(isolate, context, assets.loaderSource, 'pyodide.js');
  mark('host: eval pyodide.js');
  await context.eval('__profileWrapPyodide()');
  mark('(profile: wrap loader)');
  for (const [path, contents] of assets.files) {
    // As bootIn: with the compiled module given, the loader gets an empty pyodide.asm.wasm.
    const served = !shareModule && path.endsWith('.wasm') ? wasmBytes : contents;
    await control.addFile.apply(undefined, [path, served.copyInto()]);
  }
  mark('host: addFile x3 (lock; stdlib zip empty, read in chunks; wasm only when compiled here)');
  const bootOptions = new ivm.ExternalCopy({
    forSnapshot: false,
    pythonModules: assets.pythonModules,
    ...(packed ? { sparse: packedImage.sparse } : {}),
    stdlib: { bytes: assets.stdlib.bytes, chunkBytes: assets.stdlib.chunkBytes },
  });
  const bootCall = control.boot.apply(undefined, [
    bootOptions.copyInto({ release: true }),
    (packed ? packedImage.copy : snapshot).copyInto(),
    shareModule ? wasmModule.copyInto() : undefined,
    // As PyodideIsolate.boot: handles of the worker's one copy of the standard library.
    ...assets.stdlib.chunks,
  ]);
  await bootCall;
  mark('host: boot() returned');
  const { end } = await host.driveUntilSettled(control.tick, {
    deadline: performance.now() + 60_000,
    idleGraceMs: 60_000,
  });
  if (end !== 'settled') throw new Error(`boot ended ${end}`);
  mark('host: boot settled (FS writes, glue attach, lock-down; drive loop)');
  const failure = await control.bootResult.apply(undefined, [], { result: { copy: true } });
  if (failure) throw new Error(`${failure.name}: ${failure.message}`);
  const inner = await context.eval('__profileMarks', { copy: true });
  await context.eval('delete globalThis.__profileMarks');
  timeline.push(...inner);
  // A PyodideIsolate-shaped object for runPyodideCell.
  const sandbox = {
    isolate,
    context,
    control,
    heapLimitMb: limits.heapLimitMb,
    wasmMemoryLimitMb: limits.wasmMemoryLimitMb,
    isDisposed: false,
    setOutputListener() {},
    setWorkspace() {},
    setToolCalls() {},
    heapUsedBytes: async () => (await isolate.getHeapStatistics()).used_heap_size,
    diagnostics: async () => '',
    dispose() {
      if (warmIsolate) context.release();
      else if (!isolate.isDisposed) isolate.dispose();
    },
  };
  const run = (code) =>
    host.runPyodideCell(sandbox, {
      language: 'python',
      code,
      timeoutMs: 10_000,
      maxOutputChars: 1_000,
      signal: new AbortController().signal,
    });
  for (const [index, code] of warmUpCells.entries()) {
    const outcome = await run(code);
    if (outcome.error) throw new Error(`warm-up failed: ${outcome.error.message}`);
    mark(`host: warm-up cell ${index + 1} (${code})`);
  }
  if (!codeCachesCaptured) {
    // As the worker does after its first sandbox's warm-up (PyodideIsolate.captureCodeCaches):
    // caches made now hold the bytecode of every function the boot ran.
    codeCachesCaptured = true;
    for (const [filename, source] of scriptSources) {
      const script = await isolate.compileScript(source, { filename, produceCachedData: true });
      if (script.cachedData) codeCaches.set(filename, script.cachedData);
      script.release();
    }
    mark('(profile: code caches captured, as the worker does once)');
  }
  const outcome = await run(userCell);
  if (outcome.stdout !== '2\n') throw new Error(`unexpected output ${JSON.stringify(outcome)}`);
  mark('host: the run (print(1 + 1))');
  if (sampled) {
    for (const { profile } of await isolate.stopCpuProfiler('boot')) {
      const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
      profile.samples.forEach((id, index) => {
        const { functionName, url, lineNumber, columnNumber } = nodes.get(id).callFrame;
        const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}:${columnNumber}`;
        const delta = profile.timeDeltas[index] ?? 0;
        isolateSamples.set(key, (isolateSamples.get(key) ?? 0) + delta);
        isolateSampleTotal += delta;
      });
    }
    mark('(profile: isolate CPU profile stopped)');
  }
  sandbox.dispose();
  mark('host: dispose');
  timeline.sort((a, b) => a[1] - b[1]);
  const phases = [];
  for (let index = 1; index < timeline.length; index++) {
    phases.push([timeline[index][0], timeline[index][1] - timeline[index - 1][1]]);
  }
  return phases;
}

function printPhaseTable(title, samples) {
  const names = [];
  for (const phases of samples)
    for (const [name] of phases) if (!names.includes(name)) names.push(name);
  console.log(`\n${title} (${samples.length} boots, back to back)`);
  console.log(`${'phase'.padEnd(62)}${'p50 ms'.padStart(8)}${'p90 ms'.padStart(8)}`);
  for (const name of names) {
    const values = samples.map((phases) =>
      phases.filter(([n]) => n === name).reduce((sum, [, ms]) => sum + ms, 0),
    );
    console.log(`${name.padEnd(62)}${fmt(percentile(values, 50))}${fmt(percentile(values, 90))}`);
  }
  const totals = samples.map((phases) => phases.reduce((sum, [, ms]) => sum + ms, 0));
  console.log(`${'total'.padEnd(62)}${fmt(percentile(totals, 50))}${fmt(percentile(totals, 90))}`);
}

async function timeMany(count, fn) {
  const times = [];
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

// --- the snapshot ----------------------------------------------------------------------------
const started = performance.now();
const snapshot = await host.buildPyodideSnapshot(60_000);
const snapshotMs = performance.now() - started;
const imageBytes = snapshot.copy().byteLength;
// As createPyodideRuntime: the image without its zero pages (see pack-pyodide-snapshot.ts).
const packedSnapshot = host.packPyodideSnapshot(snapshot.copy());
const packedImage = {
  copy: new ivm.ExternalCopy(packedSnapshot.packed),
  sparse: { layout: packedSnapshot.layout, imageBytes: packedSnapshot.imageBytes },
};
console.log(
  `Node ${process.version}, isolated-vm ${createRequire(join(core, 'package.json'))('isolated-vm/package.json').version}, pyodide ${assets.version}`,
);
console.log(
  `memory snapshot: ${(imageBytes / 1048576).toFixed(1)} MB (${imageBytes} bytes), made in ${snapshotMs.toFixed(0)} ms`,
);
console.log(
  `packed without zero pages: ${(packedSnapshot.packed.byteLength / 1048576).toFixed(1)} MB in ${packedSnapshot.layout.runCount} runs`,
);
console.log(`pyodide.asm.wasm: ${(wasmBytes.copy().byteLength / 1048576).toFixed(1)} MB`);

// --- the phases ------------------------------------------------------------------------------
// As PyodideIsolate.bootIn does (pyodide.asm.wasm compiled once per process and copied into each
// sandbox, the packed image); then with the whole image, as before the packed snapshot.
for (const packed of [true, false]) {
  const how = packed ? 'packed image (as bootIn)' : 'whole 30 MB image (before packing)';
  progress(how);
  const first = await profiledBoot(snapshot, { shareModule: true, packed });
  printPhaseTable(`First boot, ${how}`, [first]);
  await profiledBoot(snapshot, { shareModule: true, packed });
  // Only the boots below count (the first two compile what later ones find cached).
  isolateSamples.clear();
  isolateSampleTotal = 0;
  const samples = [];
  for (let index = 0; index < boots; index++)
    samples.push(await profiledBoot(snapshot, { shareModule: true, packed }));
  printPhaseTable(`Boot from the memory snapshot, ${how}`, samples);
  if (packed && isolateSampleTotal > 0) {
    console.log(`\nIsolate CPU profile over those boots: share of samples by function (top 30)`);
    for (const [key, time] of [...isolateSamples].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      console.log(`${((100 * time) / isolateSampleTotal).toFixed(1).padStart(6)}%  ${key}`);
    }
  }
}
{
  // A new context per boot on one warm isolate (the old context released, nothing else kept).
  progress('new context on a warm isolate');
  // The released contexts' WebAssembly memories are freed only when V8 collects them: on an
  // isolate with the sandbox's heap limit, boots fail once a few are waiting to be collected.
  const warmIsolate = new ivm.Isolate({ memoryLimit: limits.heapLimitMb });
  const samples = [];
  try {
    await profiledBoot(snapshot, { shareModule: true, warmIsolate, packed: true });
    for (let index = 0; index < boots; index++)
      samples.push(await profiledBoot(snapshot, { shareModule: true, warmIsolate, packed: true }));
  } catch (error) {
    console.log(
      `\nA new context on a warm isolate failed after ${samples.length + 1} boots: ${error.message}`,
    );
  }
  if (samples.length > 0)
    printPhaseTable('Boot from the memory snapshot in a new context of one warm isolate', samples);
  const stats = await warmIsolate.getHeapStatistics();
  console.log(
    `  warm isolate after ${boots + 1} boots: used heap ${(stats.used_heap_size / 1048576).toFixed(1)} MB, external ${(stats.externally_allocated_size / 1048576).toFixed(1)} MB`,
  );
  warmIsolate.dispose();
}
progress('the real createPyodideRuntime');
// --- the real thing, as a check --------------------------------------------------------------
// As the supervisor hands it to workers: packed, with its layout (see PyodideSnapshotSource).
const runtime = host.createPyodideRuntime({
  snapshotSource: async () => host.pyodideMemoryImage(snapshot.copy()),
});
await (await runtime.createSandbox({ memoryLimitMb: 128, stateful: false })).dispose();
const createTimes = [];
const runTimes = [];
const disposeTimes = [];
for (let index = 0; index < boots; index++) {
  let start = performance.now();
  const sandbox = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
  createTimes.push(performance.now() - start);
  start = performance.now();
  await sandbox.run({
    language: 'python',
    code: userCell,
    timeoutMs: 10_000,
    maxOutputChars: 1_000,
    signal: new AbortController().signal,
  });
  runTimes.push(performance.now() - start);
  start = performance.now();
  await sandbox.dispose();
  disposeTimes.push(performance.now() - start);
}
console.log('\nThe real createPyodideRuntime, back to back (p50 ms):');
console.log(`  createSandbox (boot + warm-up) ${fmt(percentile(createTimes, 50))}`);
console.log(`  run print(1 + 1)               ${fmt(percentile(runTimes, 50))}`);
console.log(`  dispose                        ${fmt(percentile(disposeTimes, 50))}`);
await runtime.close();

if (leads) await measureLeads();
snapshot.release();

// --- the leads -------------------------------------------------------------------------------
async function measureLeads() {
  const n = boots;
  progress('leads');
  console.log(`\nLeads (p50 ms over ${n})`);
  const row = (name, times) => console.log(`  ${name.padEnd(70)}${fmt(percentile(times, 50))}`);

  // 1. The compile a shared module saves, and what copying the compiled module in costs.
  const bytes = wasmBytes.copy();
  // Promises settled by background work (async WebAssembly compilation) settle only while the
  // host calls into the isolate: poll, as the worker's drive loop does.
  const settleInIsolate = async (context, start) => {
    await context.eval(
      `globalThis.done = false; (${start})().then(() => { globalThis.done = true; })`,
    );
    while (!(await context.eval('done', { copy: true })))
      await new Promise((r) => setTimeout(r, 0));
  };
  const compileTimes = [];
  const copyInTimes = [];
  for (let index = 0; index < n; index++) {
    const isolate = new ivm.Isolate({ memoryLimit: 128 });
    const context = await isolate.createContext();
    await context.global.set('bytes', bytes.slice(0), { copy: true });
    let start = performance.now();
    await settleInIsolate(context, '() => WebAssembly.compile(bytes)');
    compileTimes.push(performance.now() - start);
    start = performance.now();
    await context.global.set('module', wasmModule.copyInto());
    copyInTimes.push(performance.now() - start);
    if (!(await context.eval('module instanceof WebAssembly.Module', { copy: true })))
      throw new Error('the copied module is not a WebAssembly.Module');
    isolate.dispose();
  }
  row('compile pyodide.asm.wasm from bytes in a fresh isolate (async)', compileTimes);
  row('copy the compiled WebAssembly.Module (ExternalCopy) into a fresh isolate', copyInTimes);

  // 2. The memory: a fresh WebAssembly.Memory of the image's size plus the copy, against the
  // copy into memory that is already faulted in, inside an isolate as in a boot.
  progress('leads: memory');
  const image = snapshot.copy();
  const pages = Math.ceil(imageBytes / 65536);
  const isolate = new ivm.Isolate({ memoryLimit: 256 });
  const context = await isolate.createContext();
  await context.global.set('image', new Uint8Array(image), { copy: true });
  const timeEval = async (code) => {
    const start = performance.now();
    await context.eval(code);
    return performance.now() - start;
  };
  const fresh = [];
  for (let i = 0; i < n; i++) {
    fresh.push(
      await timeEval(`{ const memory = new WebAssembly.Memory({ initial: ${pages}, maximum: 32768 });
        new Uint8Array(memory.buffer).set(image); }`),
    );
  }
  row(`new WebAssembly.Memory(${(imageBytes / 1048576).toFixed(0)} MB) + copy of the image`, fresh);
  await context.eval(
    `globalThis.view = new Uint8Array(new WebAssembly.Memory({ initial: ${pages}, maximum: 32768 }).buffer); view.set(image);`,
  );
  const reused = [];
  for (let i = 0; i < n; i++) reused.push(await timeEval('view.set(image)'));
  row('copy of the image into memory already faulted in', reused);
  const zeroPages = await context.eval(
    `(() => { let zero = 0; for (let i = 0; i < image.length; i += 4096) {
        let empty = true; for (let j = i; j < Math.min(i + 4096, image.length); j++) if (image[j]) { empty = false; break; }
        if (empty) zero++; }
      return [zero, Math.ceil(image.length / 4096)]; })()`,
    { copy: true },
  );
  console.log(
    `  image: ${zeroPages[0]} of ${zeroPages[1]} 4 KB pages are all zeros (${((100 * zeroPages[0]) / zeroPages[1]).toFixed(0)}%)`,
  );
  isolate.dispose();
  const copyTimes = await timeMany(n, async () => {
    const i2 = new ivm.Isolate({ memoryLimit: 256 });
    const c2 = await i2.createContext();
    await c2.global.set('image', snapshot.copyInto());
    i2.dispose();
  });
  row('ExternalCopy of the image into a fresh isolate (an ArrayBuffer)', copyTimes);
  const blank = await timeMany(n, async () => {
    const i3 = new ivm.Isolate({ memoryLimit: 128 });
    const c3 = await i3.createContext();
    await c3.eval('1');
    i3.dispose();
  });
  row('an empty isolate: new Isolate + createContext + eval + dispose', blank);
}
process.exit(0);
