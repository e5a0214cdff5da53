#!/usr/bin/env node
// A terminal agent: LangChain's createAgent with the code interpreter as its tool.
//   node agent.mjs "What is the 50th prime? Check it two ways."
// With OPENAI_API_KEY or ANTHROPIC_API_KEY set, a real model answers your question; without, a
// scripted model (fakeModel() from @langchain/core/testing) plays a short script offline, and the
// code it writes really runs.
import { codeInterpreterOutputEvent, createCodeInterpreterTool } from '@code-interpreter/langchain';
import { createAgent } from 'langchain';
import { chooseModel } from './lib/choose-model.mjs';
import {
  flushLiveOutput,
  print,
  printAnswer,
  printHeader,
  printLiveOutput,
  printModelText,
  printToolCall,
  printToolError,
  printToolResult,
} from './lib/print.mjs';

const started = performance.now();
const chat = await chooseModel().catch((error) => {
  print(`Cannot create the model: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
const question = process.argv.slice(2).join(' ').trim();
const prompt = chat.scripted
  ? chat.prompt
  : question || 'What is the 50th prime number? Compute it.';

// One session for the conversation: variables persist from one call to the next.
// CODE_INTERPRETER_PYTHON=native runs Python natively (Linux, bubblewrap; numpy, matplotlib).
let runCode;
try {
  runCode = createCodeInterpreterTool({
    session: true,
    python: process.env.CODE_INTERPRETER_PYTHON === 'native' ? 'native' : 'pyodide',
    maxTimeoutMs: 20_000,
  });
} catch (error) {
  // E.g. RuntimeUnavailableError on a Node the sandbox cannot run on: its message says what to do.
  print(`Cannot start the code interpreter: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const agent = createAgent({
  model: chat.model,
  tools: [runCode],
  systemPrompt:
    'You are a careful analyst. Use the run_code tool to compute, read its output, and fix and ' +
    're-run code that fails. Answer briefly with the numbers you computed.',
});

printHeader(chat.label, prompt);
if (chat.scripted && question) {
  print('(No API key is set, so the scripted model ignores your question and plays its script.)');
}

let runs = 0;
let refusals = 0;
let answer = '';
try {
  const events = agent.streamEvents(
    { messages: [{ role: 'user', content: prompt }] },
    { version: 'v2', recursionLimit: 20 },
  );
  for await (const event of events) {
    switch (event.event) {
      case 'on_chat_model_end': {
        const message = event.data.output;
        const text =
          typeof message.content === 'string'
            ? message.content
            : message.content.map((block) => block.text ?? '').join('');
        if (message.tool_calls?.length) printModelText(text);
        else answer = text;
        break;
      }
      case 'on_tool_start':
        printToolCall(++runs, event.data.input);
        break;
      case 'on_custom_event':
        // Live output: the tool dispatches each chunk while the code runs.
        if (event.name === codeInterpreterOutputEvent) printLiveOutput(event.data);
        break;
      case 'on_tool_end':
        // A ToolMessage: `content` is what the model reads, `artifact` the full ExecutionResult.
        flushLiveOutput();
        if (event.data.output?.artifact) printToolResult(event.data.output.artifact);
        break;
      case 'on_tool_error':
        // The tool refused (misuse or infrastructure, not a fault in the code): the run failed.
        refusals++;
        printToolError(String(event.data.error?.message ?? event.data.error));
        break;
    }
  }
  printAnswer(answer, performance.now() - started);
  if (refusals > 0) process.exitCode = 1;
} catch (error) {
  process.exitCode = 1;
  print(`\nThe agent failed: ${error instanceof Error ? error.message : error}`);
} finally {
  await runCode.close();
}
