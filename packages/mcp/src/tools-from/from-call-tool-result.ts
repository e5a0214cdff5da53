import { parseIfJson } from '@code-interpreter/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * What an MCP tool's answer becomes for sandboxed code: its `structuredContent` when it has one;
 * else its text (the text items joined with newlines), parsed when it is JSON; else (images,
 * resources) its content items as they are; no content at all is `null`. An answer with `isError: true` throws an error with
 * its text, which the sandbox sees as the tool's error.
 */
export function fromCallToolResult(result: CallToolResult | { toolResult: unknown }): unknown {
  // Servers of protocol version 2024-10-07 answered `{ toolResult }`.
  if ('toolResult' in result) return result.toolResult;
  const content = result.content ?? [];
  const text = content.every((item) => item.type === 'text')
    ? content.map((item) => item.text).join('\n')
    : undefined;
  if (result.isError) {
    throw new Error(text || textOfMixed(content) || 'The tool failed without saying why.');
  }
  if (result.structuredContent !== undefined) return result.structuredContent;
  if (content.length === 0) return null;
  return text === undefined ? content : parseIfJson(text);
}

function textOfMixed(content: CallToolResult['content']): string {
  return content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
}
