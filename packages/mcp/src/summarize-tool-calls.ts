// The same summary as @code-interpreter/langchain's (until core's formatResultForModel has one).
import { escapeControlCharacters, type ToolCallRecord } from '@code-interpreter/core';

/** Most failed calls whose message the summary quotes. */
const maxQuotedFailures = 3;
/** Most characters quoted of one failure's message. */
const maxMessageChars = 200;

/** A failure's message on one line, control characters escaped, cut to its first 200 characters. */
function quote(message: string): string {
  const line = escapeControlCharacters(message.replace(/\s*\n\s*/g, ' '));
  return line.length > maxMessageChars ? `${line.slice(0, maxMessageChars)}…` : line;
}

/**
 * One line telling the model which tools its program called, how often, and why calls failed:
 * `[30 tool calls: get_price ×20, get_stock ×10; 1 failed: get_stock: Unknown item 'x']`.
 * Empty when the run made no tool call.
 */
export function summarizeToolCalls(toolCalls: readonly ToolCallRecord[] | undefined): string {
  if (!toolCalls || toolCalls.length === 0) return '';
  const counts = new Map<string, number>();
  for (const call of toolCalls) counts.set(call.name, (counts.get(call.name) ?? 0) + 1);
  const byName = [...counts].map(([name, count]) => `${name} ×${count}`).join(', ');
  const failed = toolCalls.filter((call) => call.error !== undefined);
  const plural = toolCalls.length === 1 ? 'call' : 'calls';
  let line = `[${toolCalls.length} tool ${plural}: ${byName}`;
  if (failed.length > 0) {
    const quoted = failed
      .slice(0, maxQuotedFailures)
      .map((call) => `${call.name}: ${quote(call.error ?? '')}`)
      .join('; ');
    const more =
      failed.length > maxQuotedFailures ? `; ${failed.length - maxQuotedFailures} more` : '';
    line += `; ${failed.length} failed: ${quoted}${more}`;
  }
  return `${line}]`;
}
