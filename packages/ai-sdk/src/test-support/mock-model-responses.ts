import { simulateReadableStream } from 'ai';
import type { MockLanguageModelV4 } from 'ai/test';

type LanguageModelV4GenerateResult = Awaited<ReturnType<MockLanguageModelV4['doGenerate']>>;
type LanguageModelV4StreamResult = Awaited<ReturnType<MockLanguageModelV4['doStream']>>;

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** A model turn that calls the tool with `input`. */
export function toolCallTurn(
  toolCallId: string,
  input: Record<string, unknown>,
  toolName = 'runCode',
): LanguageModelV4GenerateResult {
  return {
    content: [{ type: 'tool-call', toolCallId, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    usage,
    warnings: [],
  };
}

/** A model turn that answers with text and stops. */
export function textTurn(text: string): LanguageModelV4GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage,
    warnings: [],
  };
}

/** The same turns, streamed. */
export function streamedTurn(turn: LanguageModelV4GenerateResult): LanguageModelV4StreamResult {
  const chunks: unknown[] = [{ type: 'stream-start', warnings: [] }];
  for (const part of turn.content) {
    if (part.type === 'text') {
      chunks.push(
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: part.text },
        { type: 'text-end', id: 't' },
      );
    } else {
      chunks.push(part);
    }
  }
  chunks.push({ type: 'finish', finishReason: turn.finishReason, usage: turn.usage });
  return {
    stream: simulateReadableStream({
      chunks,
      initialDelayInMs: null,
      chunkDelayInMs: null,
    }) as LanguageModelV4StreamResult['stream'],
  };
}
