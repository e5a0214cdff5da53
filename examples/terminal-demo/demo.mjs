#!/usr/bin/env node
// The demo: an AI SDK agent loop (generateText + the code interpreter tool) doing a small analysis.
// The data is a file, sales.csv, that the demo writes into the session's workspace (/workspace,
// the programs' working directory in every language); the files the programs write are listed
// after each run and saved at the end.
// Offline and without keys it uses a scripted model that writes real code: statistics in Python, a
// transform in TypeScript, state kept across calls in a session, an error and its fix, a timeout.
// With OPENAI_API_KEY or ANTHROPIC_API_KEY set, a real model answers your prompt:
//   npm run demo -- "What is the 40th Fibonacci number? Check it two ways."
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCodeInterpreterTool, createSandboxSession } from '@code-interpreter/ai-sdk';
import { escapeControlCharacters } from '@code-interpreter/core';
import { generateText, stepCountIs } from 'ai';
import { salesCsv, salesFile } from './lib/analysis-script.mjs';
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
  printFileChanges,
  printLive,
  printModelText,
  printOutcome,
  printRefusal,
  size,
} from './lib/print.mjs';
import { saveWorkspaceFiles } from './lib/save-workspace-files.mjs';

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
// One session for the whole conversation, as an AI SDK sandbox: the tool runs every call in it,
// so variables persist from one call to the next, and its workspace (sandbox.session.files)
// holds the data file and whatever the programs write.
const sandbox = createSandboxSession({ interpreter });
const runCode = createCodeInterpreterTool({ sandbox });
const written = await sandbox.session.files.write(salesFile, salesCsv);

print(bold('code-interpreter demo: an AI SDK agent loop with a sandboxed code interpreter'));
print(`${dim('model ')} ${chat.label}`);
print(`${dim('python')} ${python}`);
if (chat.scripted && argvPrompt) {
  print(
    dim('No API key is set, so the scripted model ignores your prompt and plays its analysis.'),
  );
}
const prompt = chat.scripted ? defaultPrompt : argvPrompt || defaultPrompt;
print(
  `${dim('data  ')} ${written.path} (${size(written.size)}, ${written.mediaType}), written with session.files.write`,
);
header('you');
print(indent(prompt, '  '));

const stats = { runs: 0, refusals: 0, sandboxMs: 0, modelMs: 0, charts: [], produced: new Set() };

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
          printFileChanges(output.files);
          for (const file of output.files ?? []) {
            if (file.change === 'deleted') stats.produced.delete(file.path);
            else stats.produced.add(file.path);
          }
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
      'Answer briefly with the numbers you computed. ' +
      `The working directory, /workspace, holds ${salesFile} (six months of sales by region); ` +
      'files you write there are kept for the whole conversation and saved for the user.',
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
  const saved = await saveWorkspaceFiles(
    sandbox.session.files,
    [...stats.produced],
    join(chartFolder, 'files'),
  );
  for (const { path, savedTo } of saved)
    print(`  file:  ${escapeControlCharacters(path)} saved to ${escapeControlCharacters(savedTo)}`);
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
  await sandbox.close(); // the session it created, with its workspace
  await interpreter.close();
}
// A refused run (the interpreter could not run it at all) is a failure of the demo.
process.exitCode = stats.refusals > 0 ? 1 : exitCode;
