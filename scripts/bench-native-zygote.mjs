#!/usr/bin/env node
// Native Python: sandboxes started by bubblewrap vs forked from the zygote, measured in one
// process, alternating rounds (node scripts/bench-native-zygote.mjs [rounds]). Not a test.
// The zygote (the default) is turned on or off per interpreter with
// CODE_INTERPRETER_TEST_NATIVE_ZYGOTE=1/0 (read by its workers when they start).
import { loadavg } from 'node:os';
import { createCodeInterpreter } from '../packages/core/dist/index.js';

const rounds = Number(process.argv[2] ?? 2);
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const code = 'print(1 + 1)';

async function measure(zygote) {
  process.env.CODE_INTERPRETER_TEST_NATIVE_ZYGOTE = zygote ? '1' : '0';
  const interpreter = createCodeInterpreter({
    python: 'native',
    languages: ['python'],
    prewarm: true,
  });
  try {
    const kind = await interpreter.run({
      language: 'python',
      code: "open('/proc/1/cmdline', 'rb').read().split(b'\\0')[0].decode()",
    });
    for (let i = 0; i < 5; i++) await interpreter.run({ language: 'python', code });
    const serial = [];
    for (let i = 0; i < 60; i++) {
      const started = performance.now();
      const result = await interpreter.run({ language: 'python', code });
      serial.push(performance.now() - started);
      if (result.stdout !== '2\n') throw new Error(JSON.stringify(result));
    }
    let done = 0;
    const until = performance.now() + 5000;
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (performance.now() < until) {
          const result = await interpreter.run({ language: 'python', code });
          if (result.stdout === '2\n') done++;
        }
      }),
    );
    const perSecond = done / ((performance.now() - startedAt) / 1000);
    const first = [];
    for (let i = 0; i < 15; i++) {
      const session = interpreter.createSession();
      const started = performance.now();
      await session.run({ language: 'python', code });
      first.push(performance.now() - started);
      await session.close();
    }
    return {
      mode: zygote ? 'zygote' : 'bwrap',
      init: kind.value,
      serialP50: percentile(serial, 50).toFixed(1),
      serialP95: percentile(serial, 95).toFixed(1),
      runsPerSecond16: perSecond.toFixed(1),
      sessionFirstP50: percentile(first, 50).toFixed(1),
      sessionFirstP95: percentile(first, 95).toFixed(1),
    };
  } finally {
    await interpreter.close();
  }
}

for (let round = 0; round < rounds; round++) {
  for (const zygote of round % 2 ? [true, false] : [false, true]) {
    const before = loadavg()[0].toFixed(1);
    const row = await measure(zygote);
    console.log(JSON.stringify({ ...row, load: `${before}-${loadavg()[0].toFixed(1)}` }));
  }
}
