#!/usr/bin/env node
// Code mode next to direct tool calls: the same agent answers a question that needs 31 tool calls
// (the warehouse list, then the stock of one SKU in each of 30 warehouses), once with one tool that
// runs a program calling the tools (createCodeModeTool), once calling the tools itself.
// Prints model turns, tool calls, tokens and the answer of each. Offline and without keys the
// models are scripted (MockLanguageModelV4); with OPENAI_API_KEY or ANTHROPIC_API_KEY a real model
// plays both runs. `--json` prints the results as one JSON object instead.
import { createCodeModeTool } from '@code-interpreter/ai-sdk';
import { chooseModel } from './lib/choose-model.mjs';
import { runAgent } from './lib/run-agent.mjs';
import { createWarehouseTools, lowStockTruth, questionSku } from './lib/warehouse-tools.mjs';

const json = process.argv.includes('--json');
const prompt = `Which of our 30 warehouses are low on stock of ${questionSku}?`;
const print = (text = '') => {
  if (!json) console.log(text);
};

const chat = await chooseModel();
print('code mode agent: one program calling the tools, next to direct tool calls');
print(`model   ${chat.label}`);
print(`ask     ${prompt}`);

/** Warehouse ids named in an answer, sorted: what the runs must agree on. */
const idsIn = (answer) => [...new Set(answer.match(/\bW\d{2}\b/g) ?? [])].sort();

const runs = [];
async function run(name, mode, makeTools) {
  const counter = { calls: 0 };
  const { tools, close } = makeTools(createWarehouseTools(counter));
  try {
    const result = await runAgent({ model: chat.modelFor(mode), tools, prompt });
    runs.push({ name, mode, ...result, applicationToolCalls: counter.calls });
  } finally {
    await close?.();
  }
}

let exitCode = 0;
try {
  // A: code mode. The model gets one tool, runCode; the warehouse tools are callable from the
  // program it writes (`await tools.getStock({ ... })`), checked on the host against their schemas.
  await run('A: code mode (one runCode tool)', 'code-mode', (warehouseTools) => {
    const runCode = createCodeModeTool({
      tools: warehouseTools,
      languages: ['javascript', 'typescript'],
    });
    return { tools: { runCode }, close: () => runCode.close() };
  });
  // B: the same agent with the tools themselves. The scripted model plays it twice: all 30 stock
  // calls in one response (parallel tool calls), and one call per turn. A real model decides.
  if (chat.scripted) {
    await run('B: direct, getStock calls batched in one turn', 'batched', (tools) => ({ tools }));
    await run('B: direct, one tool call per turn', 'one-per-turn', (tools) => ({ tools }));
  } else {
    await run('B: direct tool calls', 'direct', (tools) => ({ tools }));
  }
} catch (error) {
  exitCode = 1;
  // E.g. RuntimeUnavailableError on a Node the sandbox cannot run on: its message says what to do.
  console.log(`The agent failed: ${error instanceof Error ? error.message : error}`);
}

const truth = lowStockTruth();
const agree = runs.length > 1 && runs.every((r) => idsIn(r.answer).join() === truth.join());
if (json) {
  console.log(JSON.stringify({ model: chat.label, prompt, truth, agree, runs }));
} else if (exitCode === 0) {
  for (const r of runs) {
    print(`\n── ${r.name}`);
    print(`  answer: ${r.answer}`);
  }
  print('\n── summary');
  const rows = [
    [
      'run',
      'model turns',
      'model tool calls',
      'app tool calls',
      'input tokens',
      'output tokens',
      'time',
    ],
    ...runs.map((r) => [
      r.name,
      r.steps,
      r.modelToolCalls,
      r.applicationToolCalls,
      r.inputTokens,
      r.outputTokens,
      `${(r.ms / 1000).toFixed(1)} s`,
    ]),
  ];
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => String(row[column]).length)),
  );
  for (const row of rows) {
    print(
      `  ${row.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ')}`,
    );
  }
  if (chat.scripted) {
    print('  (scripted usage: one token per 4 characters the model was sent or wrote)');
  }
  print(
    agree
      ? `  ✓ every run found the same warehouses: ${truth.join(', ')}`
      : `  ✗ the answers disagree (the data says ${truth.join(', ')})`,
  );
}
process.exitCode = exitCode || (agree ? 0 : 1);
