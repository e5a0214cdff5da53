// pnpm bench, fairness section: latency of benign runs while a share of the concurrent traffic is
// hostile programs (the red-team findings of the hostile-tenants issue), against the same traffic
// with no hostile share. Imported by bench.mjs; not a test.

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
  ['TypeScript parse bomb', 'typescript', `${'<T>('.repeat(25)}a${')'.repeat(25)}`],
  [
    'endless finalizer',
    'javascript',
    'globalThis.r = new FinalizationRegistry(() => { for (;;); }); for (let i = 0; i < 1e4; i++) r.register({}, i)',
  ],
  ['syntax error with 100,000 spaces', 'javascript', `/(${' '.repeat(99_990)}/`],
  ['200-million-character value', 'javascript', "Symbol('d'.repeat(2e8))"],
  ['a program that kills its worker', 'javascript', "'x'.repeat(1e8).replace(/x/g, 'yy').length"],
  [
    'socket buffers filling kernel memory (native Python)',
    'python',
    [
      'import os, socket, time',
      'for child in range(8):',
      '    if os.fork() == 0:',
      '        pairs = []',
      '        for _ in range(120):',
      '            pair = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)',
      '            pairs.append(pair)',
      '            for end in pair:',
      '                end.setblocking(False)',
      '                try:',
      '                    while True:',
      "                        end.send(b'x' * 65536)",
      '                except OSError:',
      '                    pass',
      '        time.sleep(30)',
      'time.sleep(30)',
    ].join('\n'),
  ],
];

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * `callers` closed-loop callers for `seconds`; every tenth call (when `hostileShare` is on) is the
 * next hostile program in turn. Returns the latencies of the benign calls and the counts.
 */
async function traffic(interpreter, { callers, seconds, hostileShare }) {
  const latencies = [];
  let failures = 0;
  let hostileRuns = 0;
  let call = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const index = call++;
        if (hostileShare && index % 10 === 9) {
          const [, language, code] = hostile[hostileRuns++ % hostile.length];
          await interpreter.run({ language, code, timeout: 1_000, memoryLimit: 64 });
          continue;
        }
        const [language, code, expected] = benign[index % benign.length];
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

/** Measures benign latency with and without a 10% hostile share; prints a table through `table`. */
export async function measureFairness({ createCodeInterpreter, cores, quick, sections }) {
  const options = {
    workers: cores,
    python: 'native',
    warmSandboxes: { javascript: 2, python: 2 },
  };
  const callers = cores * 4;
  const seconds = quick ? 4 : 12;
  const rows = [];
  for (const hostileShare of [false, true]) {
    const interpreter = createCodeInterpreter(options);
    // Warm up: workers started, code optimized, pools filled.
    for (let i = 0; i < 200; i++) {
      const [language, code] = benign[i % benign.length];
      await interpreter.run({ language, code });
    }
    const { latencies, failures, hostileRuns } = await traffic(interpreter, {
      callers,
      seconds,
      hostileShare,
    });
    await interpreter.close();
    rows.push({
      name: hostileShare
        ? `benign runs while every 10th run is hostile (${hostileRuns} hostile runs)`
        : 'benign runs alone (no hostile share)',
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      n: latencies.length,
      failures,
    });
  }
  const [alone, withHostile] = rows;
  const lines = [
    '### Fairness: benign latency beside hostile tenants',
    '',
    `${callers} concurrent callers for ${seconds} s on one interpreter (${cores} stateless workers, native Python), benign runs alternating JavaScript and TypeScript. In the second row every 10th call is the next of these hostile programs, each with a 1 s deadline and 64 MB: ${hostile.map(([name]) => name).join('; ')}.`,
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
  return { alone, withHostile };
}
