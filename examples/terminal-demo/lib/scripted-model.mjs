// A language model that follows a script instead of a neural network. It implements the AI SDK's
// LanguageModelV4 interface, so generateText drives real tool calls with it, offline, with no key.

const usage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 0, text: 0, reasoning: undefined },
};

/** The text a model reads of a tool result, and whether the tool itself failed. */
function readToolOutput(output) {
  switch (output.type) {
    case 'text':
      return { text: output.value, toolError: false };
    case 'error-text':
      return { text: output.value, toolError: true };
    case 'json':
    case 'error-json':
      return { text: JSON.stringify(output.value), toolError: output.type === 'error-json' };
    case 'content':
      return {
        text: output.value.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n'),
        toolError: false,
      };
    default:
      return { text: '', toolError: true };
  }
}

/**
 * What the scripted model reads of the prompt the AI SDK sends, as a real model would: the last
 * user message, the code it ran since (in order) with the text that came back, and the tool's
 * description.
 */
export function readScriptContext(options, toolName) {
  const { prompt } = options;
  const lastUser = prompt.findLastIndex((message) => message.role === 'user');
  const request = (prompt[lastUser]?.content ?? [])
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .join('\n');
  const inputs = new Map();
  const steps = [];
  for (const message of prompt.slice(lastUser + 1)) {
    for (const part of message.content) {
      if (message.role === 'assistant' && part.type === 'tool-call' && part.toolName === toolName) {
        inputs.set(part.toolCallId, part.input);
      } else if (
        message.role === 'tool' &&
        part.type === 'tool-result' &&
        inputs.has(part.toolCallId)
      ) {
        steps.push({ input: inputs.get(part.toolCallId), ...readToolOutput(part.output) });
      }
    }
  }
  const tool = options.tools?.find((candidate) => candidate.name === toolName);
  return { request, steps, toolDescription: tool?.description ?? '' };
}

/**
 * Creates the scripted model. `next(context)` returns the next move:
 * `{ say?, code: { language, code, timeout? } }` to call the tool (with an optional sentence
 * before it), or `{ say }` to answer and stop.
 */
export function createScriptedModel({ toolName, next, modelId = 'scripted-demo' }) {
  let calls = 0;
  const generate = (options) => {
    calls += 1;
    const move = next(readScriptContext(options, toolName));
    const content = [];
    if (move.say) content.push({ type: 'text', text: move.say });
    if (move.code) {
      content.push({
        type: 'tool-call',
        toolCallId: `call-${calls}`,
        toolName,
        input: JSON.stringify(move.code),
      });
    }
    return {
      content,
      finishReason: move.code
        ? { unified: 'tool-calls', raw: 'tool_calls' }
        : { unified: 'stop', raw: 'stop' },
      usage,
      warnings: [],
    };
  };

  return {
    specificationVersion: 'v4',
    provider: 'scripted',
    modelId,
    supportedUrls: {},
    async doGenerate(options) {
      return generate(options);
    },
    async doStream(options) {
      const { content, finishReason } = generate(options);
      const parts = [{ type: 'stream-start', warnings: [] }];
      for (const part of content) {
        if (part.type === 'text') {
          parts.push({ type: 'text-start', id: 'text' });
          parts.push({ type: 'text-delta', id: 'text', delta: part.text });
          parts.push({ type: 'text-end', id: 'text' });
        } else {
          parts.push(part);
        }
      }
      parts.push({ type: 'finish', finishReason, usage });
      return {
        stream: new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  };
}
