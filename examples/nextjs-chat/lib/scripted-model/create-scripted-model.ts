import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
  ScriptContext,
  ScriptTurn,
} from './scripted-model-types';

type Prompt = LanguageModelV4CallOptions['prompt'];
type ToolResultOutput = Extract<
  Extract<Prompt[number], { role: 'tool' }>['content'][number],
  { type: 'tool-result' }
>['output'];

const usage = {
  inputTokens: { total: 0, noCache: 0, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 0, text: 0, reasoning: undefined },
};

/** The text a model reads of a tool result. */
function readToolOutput(output: ToolResultOutput): { text: string; failed: boolean } {
  switch (output.type) {
    case 'text':
      return { text: output.value, failed: false };
    case 'error-text':
      return { text: output.value, failed: true };
    case 'json':
    case 'error-json':
      return { text: JSON.stringify(output.value), failed: output.type === 'error-json' };
    case 'content':
      return {
        text: output.value.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n'),
        failed: false,
      };
    default:
      return { text: '', failed: true };
  }
}

/** Reads the prompt the AI SDK sends: the last user message and the tool calls made since. */
export function readScriptContext(
  options: LanguageModelV4CallOptions,
  toolName: string,
): ScriptContext {
  const { prompt } = options;
  let lastUser = -1;
  prompt.forEach((message, index) => {
    if (message.role === 'user') lastUser = index;
  });
  const userMessage = prompt[lastUser];
  const request =
    userMessage?.role === 'user'
      ? userMessage.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n')
      : '';
  const inputs = new Map<string, ScriptContext['steps'][number]['input']>();
  const steps: ScriptContext['steps'] = [];
  for (const message of prompt.slice(lastUser + 1)) {
    if (message.role === 'assistant') {
      for (const part of message.content) {
        if (part.type === 'tool-call' && part.toolName === toolName) {
          inputs.set(part.toolCallId, part.input as ScriptContext['steps'][number]['input']);
        }
      }
    } else if (message.role === 'tool') {
      for (const part of message.content) {
        const input = part.type === 'tool-result' ? inputs.get(part.toolCallId) : undefined;
        if (part.type !== 'tool-result' || !input) continue;
        const { text, failed } = readToolOutput(part.output);
        steps.push({ input, output: text, failed });
      }
    }
  }
  const tool = options.tools?.find((candidate) => candidate.name === toolName);
  const toolDescription = tool && 'description' in tool ? (tool.description ?? '') : '';
  const system = prompt
    .flatMap((message) => (message.role === 'system' ? [message.content] : []))
    .join('\n');
  return { request, steps, toolDescription, system };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Cuts text into word-sized chunks, the way a model streams it. */
function chunks(text: string, size: number): string[] {
  return text.match(new RegExp(`[\\s\\S]{1,${size}}(?=\\s|$)|[\\s\\S]{1,${size}}`, 'g')) ?? [text];
}

/**
 * A language model that follows a script instead of a neural network: `next(context)` picks the
 * next move from what the conversation holds (the request, the code run so far and its results).
 * It implements the AI SDK's `LanguageModelV4`, so `streamText` and `generateText` drive real
 * tool calls with it, offline and without a key.
 */
export function createScriptedModel({
  toolName,
  next,
  modelId = 'scripted-demo',
  chunkDelayMs = 12,
}: {
  toolName: string;
  next: (context: ScriptContext) => ScriptTurn;
  modelId?: string;
  /** Pause between streamed chunks, so the UI shows text and code arriving. */
  chunkDelayMs?: number;
}): LanguageModelV4 {
  let calls = 0;
  const plan = (options: LanguageModelV4CallOptions) => {
    calls += 1;
    return { turn: next(readScriptContext(options, toolName)), id: `scripted-${calls}` };
  };

  return {
    specificationVersion: 'v4',
    provider: 'scripted',
    modelId,
    supportedUrls: {},

    async doGenerate(options) {
      const { turn, id } = plan(options);
      if (turn.type === 'text') {
        return {
          content: [{ type: 'text', text: turn.text }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage,
          warnings: [],
        };
      }
      return {
        content: [
          { type: 'tool-call', toolCallId: id, toolName, input: JSON.stringify(turn.input) },
        ],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage,
        warnings: [],
      };
    },

    async doStream(options) {
      const { turn, id } = plan(options);
      const parts: LanguageModelV4StreamPart[] = [];
      if (turn.type === 'text') {
        parts.push({ type: 'text-start', id });
        for (const delta of chunks(turn.text, 12)) parts.push({ type: 'text-delta', id, delta });
        parts.push({ type: 'text-end', id });
      } else {
        const input = JSON.stringify(turn.input);
        parts.push({ type: 'tool-input-start', id, toolName });
        for (const delta of chunks(input, 40)) parts.push({ type: 'tool-input-delta', id, delta });
        parts.push({ type: 'tool-input-end', id });
        parts.push({ type: 'tool-call', toolCallId: id, toolName, input });
      }
      parts.push({
        type: 'finish',
        finishReason:
          turn.type === 'text'
            ? { unified: 'stop', raw: 'stop' }
            : { unified: 'tool-calls', raw: 'tool_calls' },
        usage,
      });
      const signal = options.abortSignal;
      let index = 0;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
        },
        async pull(controller) {
          const part = parts[index++];
          if (!part) return controller.close();
          if (part.type === 'text-delta' || part.type === 'tool-input-delta') {
            await sleep(chunkDelayMs, signal);
          }
          controller.enqueue(part);
        },
      });
      return { stream };
    },
  };
}
