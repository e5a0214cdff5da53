import { formatResultForModel } from '@code-interpreter/core';
import type { ToolResultPart } from 'ai';
import type { CodeInterpreterToolOutput } from './code-interpreter-tool-output';
import { attachableFiles } from './model-readable-files';

/** What a tool's `toModelOutput` returns (the `output` of a tool result part). */
export type ToolResultOutput = ToolResultPart['output'];

/**
 * What the model reads of a result: compact text (output, value, error with its line, timeout and
 * truncation notes, changed files, and for a run with tools how many calls it made and which
 * failed) plus each image as a file part, and the images and PDFs the code wrote (up to 4, 5 MB
 * each) as file parts named after them. The full result stays with the application.
 */
export function toModelOutput(
  output: CodeInterpreterToolOutput,
  options: { timeoutMs?: number } = {},
): ToolResultOutput {
  if (output.status === 'running') {
    return { type: 'text', value: [output.stdout, output.stderr].filter(Boolean).join('\n') };
  }
  const text = formatResultForModel(output, { timeoutMs: options.timeoutMs });
  const files = attachableFiles(output.files);
  if (output.images.length === 0 && files.length === 0) return { type: 'text', value: text };
  const filesNote =
    files.length === 0 ? '' : `[Attached: ${files.map((file) => file.path).join(', ')}]`;
  return {
    type: 'content',
    value: [
      { type: 'text', text: [text, filesNote].filter(Boolean).join('\n') },
      ...output.images.map((image) => ({
        type: 'file' as const,
        mediaType: image.mediaType,
        data: { type: 'data' as const, data: image.data },
      })),
      ...files.map((file) => ({
        type: 'file' as const,
        mediaType: file.mediaType,
        data: { type: 'data' as const, data: file.data },
        filename: file.path.slice(file.path.lastIndexOf('/') + 1),
      })),
    ],
  };
}
