import { type ExecutionResult, formatResultForModel } from '@code-interpreter/core';

/** A text block of a ToolMessage's content. */
export interface CodeInterpreterTextBlock {
  type: 'text';
  text: string;
}

/** An image block of a ToolMessage's content (LangChain's standard content block, base64 data). */
export interface CodeInterpreterImageBlock {
  type: 'image';
  mimeType: string;
  data: string;
}

/**
 * What the model reads of a result: compact text (ending with a summary of the tool calls the
 * program made, in code mode), then each image the program produced.
 */
export function toContentBlocks(
  result: ExecutionResult,
  options: { timeoutMs?: number } = {},
): Array<CodeInterpreterTextBlock | CodeInterpreterImageBlock> {
  return [
    { type: 'text', text: formatResultForModel(result, options) },
    ...result.images.map((image) => ({
      type: 'image' as const,
      mimeType: image.mediaType,
      data: image.data,
    })),
  ];
}
