// Scripted models for the offline run: MockLanguageModelV4 from ai/test with a doGenerate that
// reads the conversation the AI SDK sends and plays the next move, as a model would. Its usage is
// an estimate made the way a provider counts: everything it is sent (instructions, messages, tool
// results and the tools' definitions) as input, what it writes as output, one token per 4
// characters. So input tokens grow with the conversation, as they do with a real model.
import { MockLanguageModelV4 } from 'ai/test';
import { questionSku } from './warehouse-tools.mjs';

const tokens = (value) => Math.ceil(JSON.stringify(value ?? '').length / 4);

/** The text or value a tool result carries, as the model reads it. */
function readToolOutput(output) {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return output.value;
    case 'content':
      return output.value.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
    default:
      return undefined;
  }
}

/** The tool calls since the last user message, each with its result once it came back. */
export function readToolResults(prompt) {
  const lastUser = prompt.findLastIndex((message) => message.role === 'user');
  const calls = new Map();
  for (const message of prompt.slice(lastUser + 1)) {
    for (const part of message.content) {
      if (message.role === 'assistant' && part.type === 'tool-call') {
        const input = typeof part.input === 'string' ? JSON.parse(part.input) : part.input;
        calls.set(part.toolCallId, { toolName: part.toolName, input });
      } else if (message.role === 'tool' && part.type === 'tool-result') {
        const call = calls.get(part.toolCallId);
        if (call) {
          call.output = readToolOutput(part.output);
          call.failed = part.output.type.startsWith('error');
        }
      }
    }
  }
  return [...calls.values()];
}

/** The final answer, from the rows the model read: `{ warehouseId, city?, onHand, reorderPoint }`. */
export function answerFrom(checked, low) {
  if (low.length === 0) return `None of the ${checked} warehouses is low on ${questionSku}.`;
  const list = low
    .map(
      (row) =>
        `${row.warehouseId}${row.city ? ` (${row.city})` : ''}: ${row.onHand} on hand, reorder point ${row.reorderPoint}`,
    )
    .join('; ');
  return `${low.length} of ${checked} warehouses are low on ${questionSku}: ${list}.`;
}

/** The program the code-mode model writes: every call in one run, only the low ones printed. */
export const codeModeProgram = `const warehouses = await tools.getWarehouses({});
const stock = await Promise.all(
  warehouses.map((w) => tools.getStock({ warehouseId: w.id, sku: '${questionSku}' })),
);
const low = stock
  .filter((s) => s.onHand < s.reorderPoint)
  .map((s) => ({ ...s, city: warehouses.find((w) => w.id === s.warehouseId).city }));
console.log(JSON.stringify({ checked: stock.length, low }));`;

/** Code mode: one program, then the answer from what it printed. */
function codeModeMove(results) {
  const run = results.findLast((call) => call.toolName === 'runCode' && 'output' in call);
  if (!run) {
    return {
      text: 'I will check every warehouse in one program.',
      toolCalls: [
        { toolName: 'runCode', input: { language: 'javascript', code: codeModeProgram } },
      ],
    };
  }
  const line = String(run.output)
    .split('\n')
    .find((text) => text.startsWith('{"checked"'));
  if (run.failed || !line) return { text: `The program did not give an answer: ${run.output}` };
  const { checked, low } = JSON.parse(line);
  return { text: answerFrom(checked, low) };
}

/**
 * Direct tool calls: getWarehouses, then getStock for each warehouse, either all 30 in one
 * response (`batched`, parallel tool calls) or one per model turn (`one-per-turn`).
 */
function directMove(results, calling) {
  const list = results.find((call) => call.toolName === 'getWarehouses' && 'output' in call);
  if (!list) return { toolCalls: [{ toolName: 'getWarehouses', input: {} }] };
  const stock = results.filter((call) => call.toolName === 'getStock' && 'output' in call);
  const asked = new Set(stock.map((call) => call.input.warehouseId));
  const missing = list.output.filter((warehouse) => !asked.has(warehouse.id));
  if (missing.length > 0) {
    const next = calling === 'batched' ? missing : missing.slice(0, 1);
    return {
      toolCalls: next.map((warehouse) => ({
        toolName: 'getStock',
        input: { warehouseId: warehouse.id, sku: questionSku },
      })),
    };
  }
  const low = stock
    .map((call) => call.output)
    .filter((row) => row.onHand < row.reorderPoint)
    .map((row) => ({ ...row, city: list.output.find((w) => w.id === row.warehouseId)?.city }));
  return { text: answerFrom(stock.length, low) };
}

/**
 * A scripted model: `mode` is `code-mode`, `batched` or `one-per-turn`. Each doGenerate reads the
 * conversation, plays the next move and reports estimated usage.
 */
export function createScriptedModel(mode) {
  let calls = 0;
  return new MockLanguageModelV4({
    provider: 'scripted',
    modelId: `scripted-${mode}`,
    doGenerate: async (options) => {
      const results = readToolResults(options.prompt);
      const move = mode === 'code-mode' ? codeModeMove(results) : directMove(results, mode);
      const content = [];
      if (move.text) content.push({ type: 'text', text: move.text });
      for (const call of move.toolCalls ?? []) {
        calls++;
        content.push({
          type: 'tool-call',
          toolCallId: `call-${calls}`,
          toolName: call.toolName,
          input: JSON.stringify(call.input),
        });
      }
      const input = tokens(options.prompt) + tokens(options.tools);
      const output = tokens(content);
      return {
        content,
        finishReason: move.toolCalls
          ? { unified: 'tool-calls', raw: 'tool_calls' }
          : { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: {
            total: input,
            noCache: input,
            cacheRead: undefined,
            cacheWrite: undefined,
          },
          outputTokens: { total: output, text: output, reasoning: undefined },
        },
        warnings: [],
      };
    },
  });
}
