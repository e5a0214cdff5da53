import { type ExecutionResult, formatResultForModel } from '@code-interpreter/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * An MCP tool result for a run: compact text the model reads, each image as image content, and
 * `isError: true` when the code failed (so the model knows to fix it).
 */
export function toCallToolResult(
  result: ExecutionResult,
  options: { timeoutMs?: number } = {},
): CallToolResult {
  return {
    content: [
      { type: 'text', text: formatResultForModel(result, options) },
      ...result.images.map((image) => ({
        type: 'image' as const,
        data: image.data,
        mimeType: image.mediaType,
      })),
    ],
    isError: !result.success,
  };
}
