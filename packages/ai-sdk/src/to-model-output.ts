import { formatResultForModel } from '@code-interpreter/core';
import type { ToolResultPart } from 'ai';
import type { CodeInterpreterToolOutput } from './code-interpreter-tool-output';

/** What a tool's `toModelOutput` returns (the `output` of a tool result part). */
export type ToolResultOutput = ToolResultPart['output'];

/**
 * What the model reads of a result: compact text (output, value, error with its line, timeout and
 * truncation notes) plus each image as a file part. The full result stays with the application.
 */
export function toModelOutput(
  output: CodeInterpreterToolOutput,
  options: { timeoutMs?: number } = {},
): ToolResultOutput {
  if (output.status === 'running') {
    return { type: 'text', value: [output.stdout, output.stderr].filter(Boolean).join('\n') };
  }
  const text = formatResultForModel(output, { timeoutMs: options.timeoutMs });
  if (output.images.length === 0) return { type: 'text', value: text };
  return {
    type: 'content',
    value: [
      { type: 'text', text },
      ...output.images.map((image) => ({
        type: 'file' as const,
        mediaType: image.mediaType,
        data: { type: 'data' as const, data: image.data },
      })),
    ],
  };
}
