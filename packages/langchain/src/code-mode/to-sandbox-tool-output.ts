import { parseIfJson } from '@code-interpreter/core';
import { ToolMessage } from '@langchain/core/messages';

/**
 * What a LangChain tool's output becomes for sandboxed code: a JSON value. A string that is JSON
 * is parsed (tools commonly answer `JSON.stringify(...)`), other strings stay strings; content
 * blocks that are all text become their joined text (parsed the same way), other blocks stay as
 * they are; a `ToolMessage` is replaced by its content, and one with `status: 'error'` throws with
 * its text. A LangGraph `Command` throws: it steers an agent's graph, which sandboxed code is not.
 */
export function toSandboxToolOutput(output: unknown, toolName: string): unknown {
  if (ToolMessage.isInstance(output)) {
    if (output.status === 'error') throw new Error(textOf(output.content) ?? output.text);
    return fromContent(output.content);
  }
  if (isCommand(output)) {
    throw new Error(
      `The tool '${toolName}' answered with a LangGraph Command, which only an agent's graph can follow; call it directly from the agent instead.`,
    );
  }
  return fromContent(output);
}

function fromContent(content: unknown): unknown {
  const text = textOf(content);
  return text === undefined ? content : parseIfJson(text);
}

/** A string, or the joined text of content blocks that are all text; undefined otherwise. */
function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (
    Array.isArray(content) &&
    content.length > 0 &&
    content.every((block) => block?.type === 'text' && typeof block.text === 'string')
  ) {
    return content.map((block: { text: string }) => block.text).join('');
  }
  return undefined;
}

function isCommand(output: unknown): boolean {
  return (
    typeof output === 'object' &&
    output !== null &&
    (output as { lc_direct_tool_output?: unknown }).lc_direct_tool_output === true
  );
}
