#!/usr/bin/env node
// The demo: runs a few programs through createCodeInterpreter and prints what a notebook cell
// would show. Offline, no keys. `npm run demo` from the repository root installs and runs it.
import { createCodeInterpreter } from '@code-interpreter/core';

const dim = (text) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text);
const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

const interpreter = createCodeInterpreter({ prewarm: true });
const session = interpreter.createSession();

const steps = [
  {
    title: 'JavaScript: console output and the value of the last expression',
    run: () =>
      interpreter.run({
        language: 'javascript',
        code: `const sales = [120, 340, 90, 410];
console.log('total', sales.reduce((a, b) => a + b, 0));
new Map(sales.map((v, i) => ['Q' + (i + 1), v]))`,
      }),
  },
  {
    title: 'TypeScript in a session: types stripped, state kept for the next run',
    run: () =>
      session.run({
        language: 'typescript',
        code: `interface Order { id: number; amount: number }
const orders: Order[] = [{ id: 1, amount: 30 }, { id: 2, amount: 70 }];
function total(list: Order[]): number { return list.reduce((s, o) => s + o.amount, 0) }
total(orders)`,
      }),
  },
  {
    title: 'JavaScript in the same session: uses what the TypeScript run defined',
    run: () => session.run({ language: 'javascript', code: 'orders.push({ id: 3, amount: 100 }); total(orders)' }),
  },
  {
    title: 'Promises and timers, with top-level await',
    run: () =>
      interpreter.run({
        language: 'javascript',
        code: `const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const started = performance.now();
await wait(50);
console.log('waited about', Math.round((performance.now() - started) / 10) * 10, 'ms');
crypto.randomUUID().length`,
      }),
  },
  {
    title: 'An error points at the line that raised it',
    run: () => interpreter.run({ language: 'javascript', code: 'const data = { rows: [] };\n\ndata.rows[0].name' }),
  },
  {
    title: 'A runaway loop costs a clean error, not the process',
    run: () => interpreter.run({ language: 'javascript', code: 'while (true) {}', timeout: 300 }),
  },
  {
    title: 'Python',
    run: () => interpreter.run({ language: 'python', code: 'import statistics\nstatistics.mean([3, 5, 7, 9])' }),
  },
];

for (const step of steps) {
  console.log(`\n${bold(`▶ ${step.title}`)}`);
  let result;
  try {
    result = await step.run();
  } catch (error) {
    console.log(`  ${error.name}: ${error.message}`);
    continue;
  }
  if (result.output) console.log(result.output.replace(/^/gm, '  '));
  if (!result.success) console.log(`  ✗ ${result.error}`);
  console.log(dim(`  ${result.success ? '✓' : '✗'} ${result.executionTime.toFixed(1)} ms`));
}

await session.close();
await interpreter.close();
