import { escapeControlCharacters } from '../display/escape-control-characters';
import type { ToolCallRecord } from '../tools/sandbox-tool';

/** Distinct failures quoted with their message; the failed calls past them are counted. */
const maxQuotedFailures = 3;
/** Most characters quoted of one failure's message. */
const maxMessageChars = 200;

/** A failure's message on one line, control characters escaped, cut to its first 200 characters. */
function quote(message: string): string {
  const line = escapeControlCharacters(message.replace(/\s*\n\s*/g, ' ').trim());
  return line.length > maxMessageChars ? `${line.slice(0, maxMessageChars)}…` : line;
}

/** `get_price ×20, get_stock ×10`: the tools in the order first called, with how often each was. */
function countPerTool(toolCalls: readonly ToolCallRecord[]): string {
  const counts = new Map<string, number>();
  for (const call of toolCalls) counts.set(call.name, (counts.get(call.name) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${name} ×${count}`).join(', ');
}

/**
 * `get_stock ×5: Unknown item 'x'; get_price: timed out; 2 more`: the same failure repeated (a
 * loop over bad ids) quoted once with how often, the first three distinct ones in the order they
 * first happened, and the failed calls after them counted.
 */
function describeFailures(failed: readonly ToolCallRecord[]): string {
  const distinct = new Map<string, { name: string; message: string; count: number }>();
  for (const call of failed) {
    const message = quote(call.error ?? '');
    const key = `${call.name}\n${message}`;
    const seen = distinct.get(key);
    if (seen) seen.count++;
    else distinct.set(key, { name: call.name, message, count: 1 });
  }
  const groups = [...distinct.values()];
  const quoted = groups
    .slice(0, maxQuotedFailures)
    .map(({ name, message, count }) => `${name}${count > 1 ? ` ×${count}` : ''}: ${message}`);
  const rest = groups.slice(maxQuotedFailures).reduce((sum, group) => sum + group.count, 0);
  if (rest > 0) quoted.push(`${rest} more`);
  return quoted.join('; ');
}

/**
 * One line telling a model which tools its program called, how often, and why calls failed:
 * `[30 tool calls: get_price ×20, get_stock ×10; 6 failed: get_stock ×5: Unknown item 'x'; get_price: timed out]`.
 * Compact and deterministic (the same records give the same text): tools in the order first
 * called, a repeated failure quoted once with its count, at most three distinct failures quoted
 * (each on one line, control characters escaped, cut to 200 characters) and the rest counted.
 * Empty when the run made no tool call. `formatResultForModel` ends its text with it.
 *
 * @example
 * ```ts
 * summarizeToolCalls(result.toolCalls);
 * // '[3 tool calls: get_price ×2, get_stock ×1; 1 failed: get_stock: Unknown item: kiwi]'
 * ```
 */
export function summarizeToolCalls(toolCalls: readonly ToolCallRecord[] | undefined): string {
  if (!toolCalls || toolCalls.length === 0) return '';
  const failed = toolCalls.filter((call) => call.error !== undefined);
  const calls = `${toolCalls.length} tool ${toolCalls.length === 1 ? 'call' : 'calls'}`;
  const failures =
    failed.length > 0 ? `; ${failed.length} failed: ${describeFailures(failed)}` : '';
  return `[${calls}: ${countPerTool(toolCalls)}${failures}]`;
}
