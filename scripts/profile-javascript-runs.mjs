#!/usr/bin/env node
// Where a stateless JavaScript run's time goes, end to end. Not a test, not part of `pnpm bench`:
//   node scripts/profile-javascript-runs.mjs [--runs=1200] [--only=interpreter,worker,ipc,floor]
// Each part runs `console.log(1 + 1)` (or its nearest equivalent) back to back, nothing untimed
// between calls, and prints the p50 of every hundred runs:
// - interpreter: a fresh `createCodeInterpreter()` (defaults), `interpreter.run` as an application
//   calls it (application -> supervisor -> worker process -> isolate context -> result back);
// - worker: the built sandbox worker process driven directly over its IPC channel with the same
//   run message the supervisor sends (no supervisor: what remains is IPC + the worker's own work);
// - ipc: a child process that answers each message at once, with the same serialization and a
//   message of the same shape both ways (the floor of one round trip);
// - floor: in this process, a new isolated-vm context on a warm isolate, `1 + 1` evaluated (the
//   floor issue 17 names).
// Every part also prints the CPU time of the whole process tree per run (robust to the machine's
// other load, which moves wall times a lot on 2 cores). Options: --js-only, --isolation=none,
// --compare=<core index.js> and WORKER_FILE=<sandbox-worker.js> (A/B against another build, in
// the same process run, alternating --repeat=N times), CPU_PROFILE_DIR=<dir> (the driven
// worker's V8 CPU profile), CPU_BY_PROCESS=1. A build with timing marks (globalThis.__APP on
// the supervisor side, a `t` array on results) also gets a per-stage timeline.
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const distIndex = new URL('../packages/core/dist/index.js', import.meta.url).href;
/**
 * --compare=<index.js>: the interpreter part also runs on another build of core's entry (A/B in
 * one process run, alternating, `--repeat` times each); its workers are still dist's.
 */
const compare = process.argv
  .find((arg) => arg.startsWith('--compare='))
  ?.slice('--compare='.length);
const repeat = Number(
  process.argv.find((arg) => arg.startsWith('--repeat='))?.slice('--repeat='.length) ?? 1,
);

const require = createRequire(new URL('../packages/core/package.json', import.meta.url));
const ivm = require('isolated-vm');
const runs = Number(
  process.argv.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 1200,
);
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const part = (name) => only === undefined || only.includes(name);
/** WORKER_FILE=<path>: the worker part also drives this build of the worker entry (A/B). */
const distWorker = fileURLToPath(
  new URL('../packages/core/dist/sandbox-worker.js', import.meta.url),
);

const p50 = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

/**
 * CPU time (ms) of this process and all its descendants (worker processes, their isolate
 * threads, bubblewrap), from /proc: a figure the machine's other load moves far less than
 * wall time. Undefined where /proc is missing.
 */
function cpuMs() {
  try {
    const parents = new Map();
    const ticks = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parents.set(Number(name), Number(fields[1]));
        ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
      } catch {}
    }
    const mine = (pid) => {
      for (let at = pid; at > 1; at = parents.get(at) ?? 0) if (at === process.pid) return true;
      return false;
    };
    let total = 0;
    for (const [pid, t] of ticks) if (mine(pid)) total += t;
    if (process.env.CPU_BY_PROCESS) {
      const rows = [...ticks].filter(([pid]) => mine(pid)).map(([pid, t]) => `${pid}:${t * 10}ms`);
      console.log(`  CPU by process: ${rows.join(' ')}`);
    }
    return (total * 1000) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Times `count` calls of `fn` back to back; returns every duration in ms, and the CPU time of
 * this process tree per call over calls 51 to the end (`cpuPerRun`).
 */
async function timeRuns(fn, count) {
  const times = [];
  let cpuAt50;
  let ownAt50;
  for (let i = 0; i < count; i++) {
    if (i === Math.min(50, count - 1)) {
      cpuAt50 = cpuMs();
      ownAt50 = process.cpuUsage();
    }
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  const cpuEnd = cpuMs();
  const own = process.cpuUsage(ownAt50);
  times.ownCpuPerRun = (own.user + own.system) / 1000 / (count - Math.min(50, count - 1));
  times.cpuPerRun =
    cpuAt50 === undefined || cpuEnd === undefined
      ? undefined
      : (cpuEnd - cpuAt50) / (count - Math.min(50, count - 1));
  return times;
}

function report(name, times) {
  const hundreds = [];
  for (let i = 0; i < times.length; i += 100)
    hundreds.push(p50(times.slice(i, i + 100)).toFixed(3));
  const range = times.slice(50, 350);
  const warm = times.slice(-300);
  console.log(
    `${name}\n  p50 per hundred: ${hundreds.join(' ')}\n  runs 51-350 p50 ${p50(range).toFixed(3)} ms; last 300 p50 ${p50(warm).toFixed(3)} ms${times.cpuPerRun === undefined ? '' : `; CPU (all processes) ${times.cpuPerRun.toFixed(2)} ms per run after run 50 (this process ${times.ownCpuPerRun.toFixed(2)})`}`,
  );
}

const runMessage = (runId) => ({
  kind: 'run',
  runId,
  runtime: 'javascript',
  language: 'javascript',
  code: 'console.log(1 + 1)',
  timeoutMs: 30_000,
  memoryLimitMb: 128,
  maxOutputChars: 100_000,
  stream: false,
  workspace: {
    folder: '/tmp/code-interpreter-profile-unused',
    exists: false,
    returnContents: true,
  },
});

console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}; ${runs} runs per part`,
);

if (part('interpreter')) {
  // --isolation=none: workers without bubblewrap (default: the interpreter's own default).
  const isolation = process.argv
    .find((arg) => arg.startsWith('--isolation='))
    ?.slice('--isolation='.length);
  const builds = [
    ['dist', distIndex],
    ...(compare ? [['compare', new URL(compare, `file://${process.cwd()}/`).href]] : []),
  ];
  for (let round = 0; round < repeat; round++) {
    for (const [label, href] of round % 2 ? [...builds].reverse() : builds) {
      const { createCodeInterpreter } = await import(href);
      // --js-only: languages javascript and typescript (default: every language, as a new user gets).
      const interpreter = createCodeInterpreter({
        ...(isolation ? { workerIsolation: isolation } : {}),
        ...(process.argv.includes('--js-only') ? { languages: ['javascript', 'typescript'] } : {}),
      });
      const times = await timeRuns(async () => {
        const result = await interpreter.run({
          language: 'javascript',
          code: 'console.log(1 + 1)',
        });
        if (result.stdout !== '2\n') throw new Error(JSON.stringify(result));
      }, runs);
      await interpreter.close();
      report(
        `[${label}] interpreter.run, fresh createCodeInterpreter(), stateless, back to back`,
        times,
      );
    }
  }
}

async function driveWorker(label, file) {
  const child = fork(file, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [
      '--disable-warning=ExperimentalWarning',
      // WORKER_FLAGS="--flag --other": extra Node/V8 flags for the driven worker (A/B of flags).
      ...(process.env.WORKER_FLAGS ? process.env.WORKER_FLAGS.split(/\s+/).filter(Boolean) : []),
      // CPU_PROFILE_DIR=<folder>: the worker writes a V8 CPU profile there when it exits.
      ...(process.env.CPU_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROFILE_DIR}`, '--cpu-prof-interval=100']
        : []),
    ],
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      CODE_INTERPRETER_WORKER_SETTINGS: JSON.stringify({
        warmSandboxes: { javascript: 2 },
        defaultMemoryLimitMb: 128,
      }),
    },
  });
  const waiting = new Map();
  const ready = new Promise((resolve) => {
    child.on('message', (message) => {
      if (message.kind === 'ready') resolve();
      if (message.kind === 'result') waiting.get(message.runId)?.(message);
    });
  });
  await ready;
  const times = await timeRuns(
    (i) =>
      new Promise((resolve, reject) => {
        waiting.set(i + 1, (message) => {
          waiting.delete(i + 1);
          if (message.outcome.stdout !== '2\n') reject(new Error(JSON.stringify(message)));
          else resolve();
        });
        child.send(runMessage(i + 1));
      }),
    runs,
  );
  child.send({ kind: 'shutdown' });
  await new Promise((resolve) => child.once('exit', resolve));
  report(`[${label}] sandbox worker process driven directly (IPC + worker, no supervisor)`, times);
}

if (part('worker')) {
  const workers = [
    ['dist', distWorker],
    ...(process.env.WORKER_FILE ? [['compare', process.env.WORKER_FILE]] : []),
  ];
  for (let round = 0; round < repeat; round++) {
    for (const [label, file] of round % 2 ? [...workers].reverse() : workers) {
      await driveWorker(label, file);
    }
  }
}

if (part('ipc')) {
  const echo = `process.on('message', (m) => process.send({ kind: 'result', runId: m.runId, outcome: { stdout: '2\\n', stderr: '', timedOut: false, truncated: false, images: [], reusable: true, memoryUsedMb: 1.2 }, sessionLost: false }));`;
  const child = fork('-e', [echo], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // `fork('-e')` runs `node -e` with the code as the script's argument.
  let answer;
  child.on('message', (message) => answer?.(message));
  const times = await timeRuns(
    (i) =>
      new Promise((resolve) => {
        answer = resolve;
        child.send(runMessage(i + 1));
      }),
    runs,
  );
  child.kill();
  report('IPC round trip only (a child that answers at once, same messages)', times);
}

if (part('floor')) {
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  const times = await timeRuns(async () => {
    const context = await isolate.createContext();
    await context.eval('1 + 1', { timeout: 1000 });
    context.release();
  }, runs);
  isolate.dispose();
  report('isolated-vm new context on a warm isolate, in process (the floor)', times);
}
console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
// Timeline of a build with timing marks (see WORKER_FILE / --compare): supervisor send, worker
// receive .. worker send, supervisor receive; means over runs 51-350 and the last 300.
if (globalThis.__APP) {
  const rows = [...globalThis.__APP.values()].filter((row) => row.length > 3);
  for (const [from, to] of [
    [50, 350],
    [rows.length - 300, rows.length],
  ]) {
    const slice = rows.slice(from, to);
    const next = rows.slice(from + 1, to + 1);
    // Mean, not median: components' means add up to the round trip's mean.
    const med = (f) => {
      const values = slice.map(f).filter((x) => Number.isFinite(x));
      return (values.reduce((a, b) => a + b, 0) / values.length).toFixed(3);
    };
    const phases = [];
    for (let i = 3; i < slice[0].length; i++) phases.push(med((r) => r[i] - r[i - 1]));
    console.log(
      `timeline (means) ${from}-${to}: to worker ${med((r) => r[2] - r[0])} | worker phases ${phases.join(' ')} | worker total ${med((r) => r.at(-1) - r[2])} | back ${med((r) => r[1] - r.at(-1))} | supervisor turnaround ${med((r, i) => (next[i]?.[0] ?? Number.NaN) - r[1])} | round trip ${med((r) => r[1] - r[0])}`,
    );
  }
}
