// pnpm bench, fairness section: latency of benign runs while a share of the concurrent traffic is
// hostile programs (the red-team findings of the hostile-tenants issue), against the same traffic
// with no hostile share. Imported by bench.mjs; not a test.
import {
  endlessFinalizer,
  hugeSymbolValue,
  killsItsWorker,
  socketBufferAttack,
  syntaxErrorWithSpaces,
  typeScriptParseBomb,
} from '../packages/core/test/hostile-programs.mjs';

/**
 * Benign runs: what models usually send; each checks its answer. JavaScript and TypeScript only:
 * stateless native Python is itself slow under sustained load (a box per run; the sustained-load
 * issue), which would hide the effect measured here.
 */
const benign = [
  ['javascript', '[1, 2, 3].map((n) => n * 2).join()', "'2,4,6'"],
  ['typescript', 'const total: number = [1, 2, 3].reduce((a, b) => a + b, 0); total', '6'],
];

/** Hostile runs, one per finding; each has a short deadline of its own. */
const hostile = [
  ['TypeScript parse bomb', 'typescript', typeScriptParseBomb],
  ['endless finalizer', 'javascript', endlessFinalizer],
  ['syntax error with 100,000 spaces', 'javascript', syntaxErrorWithSpaces],
  ['200-million-character value', 'javascript', hugeSymbolValue],
  ['a program that kills its worker', 'javascript', killsItsWorker],
  ['socket buffers filling kernel memory (native Python)', 'python', socketBufferAttack(8)],
];

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * `callers` closed-loop callers for `seconds`: with hostile programs, one caller in ten sends
 * them (the next in turn, back to back) and the others send benign runs, so a tenth of the
 * concurrent traffic is hostile at every moment. Returns the latencies of the benign calls.
 */
async function traffic(interpreter, { callers, seconds, hostilePrograms }) {
  const latencies = [];
  let failures = 0;
  let hostileRuns = 0;
  let call = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      const isHostile = hostilePrograms.length > 0 && caller % 10 === 9;
      while (performance.now() < end) {
        if (isHostile) {
          const [, language, code] = hostilePrograms[hostileRuns++ % hostilePrograms.length];
          await interpreter.run({ language, code, timeout: 1_000, memoryLimit: 64 });
          continue;
        }
        const [language, code, expected] = benign[call++ % benign.length];
        const start = performance.now();
        const result = await interpreter.run({ language, code, timeout: 5_000 });
        latencies.push(performance.now() - start);
        if (result.value !== expected) failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { latencies, failures, hostileRuns };
}

/**
 * Benign latency alone, with a 10% share of all the hostile programs in turn, and with a 10%
 * share of each one alone; writes a table into `sections`.
 */
export async function measureFairness({ createCodeInterpreter, cores, quick, sections }) {
  const options = {
    workers: cores,
    python: 'native',
    warmSandboxes: { javascript: 2, python: 2 },
  };
  const callers = 10;
  const seconds = quick ? 3 : 8;
  const phases = [
    ['benign runs alone (no hostile share)', []],
    ['1 caller in 10 hostile, all the programs in turn', hostile],
    ...hostile.map((program) => [`1 caller in 10 hostile: ${program[0]}`, [program]]),
  ];
  const rows = [];
  for (const [name, hostilePrograms] of phases) {
    const interpreter = createCodeInterpreter(options);
    // Warm up: workers started, code optimized, pools filled.
    for (let i = 0; i < 200; i++) {
      const [language, code] = benign[i % benign.length];
      await interpreter.run({ language, code });
    }
    const { latencies, failures, hostileRuns } = await traffic(interpreter, {
      callers,
      seconds,
      hostilePrograms,
    });
    await interpreter.close();
    rows.push({
      name: hostileRuns ? `${name} (${hostileRuns} hostile runs)` : name,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      n: latencies.length,
      failures,
    });
  }
  const [alone] = rows;
  const lines = [
    '### Fairness: benign latency beside hostile tenants',
    '',
    `${callers} concurrent callers for ${seconds} s per row, each row on a fresh interpreter (${cores} stateless workers, native Python); benign runs alternate JavaScript and TypeScript. Where a row says so, one of the ten callers sends hostile programs of the hostile-tenants issue back to back (a tenth of the concurrent traffic), each with a 1 s deadline and 64 MB.`,
    '',
    '| traffic | benign p50 ms | benign p95 ms | benign p99 ms | benign runs | wrong answers | p95 vs alone |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.p50.toFixed(2)} | ${row.p95.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.n} | ${row.failures} | ${(row.p95 / alone.p95).toFixed(2)}x |`,
    ),
  ];
  sections.push(lines.join('\n'));
  console.log(`\n${lines.join('\n')}`);
  return rows;
}
