#!/usr/bin/env node
// The demo: an AI SDK agent loop (generateText + the code interpreter tool) doing a small analysis.
// Offline and without keys it uses a scripted model that writes real code: statistics in Python, a
// transform in TypeScript, state kept across calls in a session, an error and its fix, a timeout.
// With OPENAI_API_KEY or ANTHROPIC_API_KEY set, a real model answers your prompt:
//   npm run demo -- "What is the 40th Fibonacci number? Check it two ways."
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCodeInterpreterTool } from '@code-interpreter/ai-sdk';
import { escapeControlCharacters } from '@code-interpreter/core';
import { generateText, stepCountIs } from 'ai';
import { chooseModel, defaultPrompt } from './lib/choose-model.mjs';
import { createDemoInterpreter } from './lib/create-demo-interpreter.mjs';
import {
  bold,
  dim,
  duration,
  header,
  indent,
  print,
  printCode,
  printLive,
  printModelText,
  printOutcome,
  printRefusal,
} from './lib/print.mjs';

const started = performance.now();
const toolName = 'runCode';
const chartFolder = process.env.DEMO_OUTPUT_DIR ?? join(tmpdir(), 'code-interpreter-demo');
const argvPrompt = process.argv.slice(2).join(' ').trim();

const chat = await chooseModel(toolName);
const { interpreter, native, python } = await createDemoInterpreter().catch((error) => {
  // E.g. RuntimeUnavailableError on a Node the sandbox cannot run on: its message says what to do.
  print(`Cannot start the code interpreter: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
// One session for the whole conversation: variables persist from one call to the next.
const runCode = createCodeInterpreterTool({ interpreter, session: true });

print(bold('code-interpreter demo: an AI SDK agent loop with a sandboxed code interpreter'));
print(`${dim('model ')} ${chat.label}`);
print(`${dim('python')} ${python}`);
if (chat.scripted && argvPrompt) {
  print(
    dim('No API key is set, so the scripted model ignores your prompt and plays its analysis.'),
  );
}
const prompt = chat.scripted ? defaultPrompt : argvPrompt || defaultPrompt;
header('you');
print(indent(prompt, '  '));

const stats = { runs: 0, refusals: 0, sandboxMs: 0, modelMs: 0, charts: [] };

function saveChart(image) {
  mkdirSync(chartFolder, { recursive: true });
  const file = join(chartFolder, `chart-${stats.charts.length + 1}.png`);
  writeFileSync(file, Buffer.from(image.data, 'base64'));
  stats.charts.push(file);
  print(`  🖼  chart saved to ${file}`);
}

/** The tool, printing each run as it happens: code, live output, outcome, timings, charts. */
const printingRunCode = {
  ...runCode,
  async *execute(input, options) {
    stats.runs += 1;
    printCode(stats.runs, input);
    const runStarted = performance.now();
    const shown = { stdout: 0, stderr: 0 };
    const showNew = (output, whole) => {
      for (const stream of ['stdout', 'stderr']) {
        const text = output[stream] ?? '';
        const end = whole ? text.length : text.lastIndexOf('\n') + 1;
        if (end > shown[stream]) printLive(text.slice(shown[stream], end), stream);
        shown[stream] = Math.max(shown[stream], end);
      }
    };
    try {
      for await (const output of runCode.execute(input, options)) {
        if (output.status === 'running') {
          showNew(output, false);
        } else {
          showNew(output, true);
          stats.sandboxMs += output.executionTime;
          printOutcome(output, performance.now() - runStarted);
          for (const image of output.images) saveChart(image);
        }
        yield output;
      }
    } catch (error) {
      // Misuse or infrastructure (a language not offered, Python missing): the AI SDK hands the
      // message to the model as a tool error.
      printRefusal(error);
      stats.refusals += 1;
      throw error;
    }
  },
};

let exitCode = 0;
try {
  const result = await generateText({
    model: chat.model,
    instructions:
      'You are a data analyst. Use the runCode tool to compute; read its output before answering. ' +
      'Variables persist between calls (per language). If code fails, fix it and run it again. ' +
      'Answer briefly with the numbers you computed.',
    prompt,
    tools: { [toolName]: printingRunCode },
    stopWhen: stepCountIs(14),
    onLanguageModelCallEnd: (event) => {
      stats.modelMs += event.performance.responseTimeMs;
      const text = event.content
        .filter((part) => part.type === 'text')
        .map((part) => part.text)
        .join('')
        .trim();
      if (!text) return;
      if (event.finishReason === 'tool-calls')
        printModelText(text, event.performance.responseTimeMs);
      else {
        header('answer');
        print(indent(escapeControlCharacters(text), '  '));
      }
    },
  });
  header('summary');
  print(
    `  ${result.steps.length} model steps, ${stats.runs} runs · sandbox ${duration(stats.sandboxMs)}, ` +
      `model ${duration(stats.modelMs)}, total ${duration(performance.now() - started)}`,
  );
  for (const file of stats.charts) print(`  chart: ${file}`);
  if (stats.charts.length === 0 && !native) {
    print(
      dim(
        '  No chart: charts need the native Python runtime (Linux, bubblewrap, python3-matplotlib).',
      ),
    );
  }
} catch (error) {
  exitCode = 1;
  print(`\n${bold('The agent loop failed:')} ${error instanceof Error ? error.message : error}`);
} finally {
  await runCode.close();
  await interpreter.close();
}
// A refused run (the interpreter could not run it at all) is a failure of the demo.
process.exitCode = stats.refusals > 0 ? 1 : exitCode;
