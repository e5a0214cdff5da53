import type { ToolCallRecord } from '@code-interpreter/core';

/** Distinct failures listed by name and message; the rest are counted. */
const maxListedFailures = 3;
/** Most characters of one failure's message in the summary. */
const maxMessageChars = 200;

/**
 * One compact paragraph for the model about a run's tool calls: how many, per tool, and the
 * failures with their messages (the first three distinct ones, each with how often; the rest
 * counted). Empty when there were none.
 *
 * @example
 * ```ts
 * summarizeToolCalls(result.toolCalls ?? []);
 * // 'Tool calls: 30 (getInventory 20, getDemand 10), 2 failed:\n- getDemand (2×): unknown product'
 * ```
 */
export function summarizeToolCalls(toolCalls: readonly ToolCallRecord[]): string {
  if (toolCalls.length === 0) return '';
  const perTool = new Map<string, number>();
  for (const call of toolCalls) perTool.set(call.name, (perTool.get(call.name) ?? 0) + 1);
  const counts =
    perTool.size > 1
      ? ` (${[...perTool].map(([name, count]) => `${name} ${count}`).join(', ')})`
      : ` (${toolCalls[0]?.name})`;
  const failures = toolCalls.filter((call) => call.error !== undefined);
  if (failures.length === 0) return `Tool calls: ${toolCalls.length}${counts}, all succeeded.`;
  // The same failure repeated (a loop over bad ids) is listed once, with how often.
  const distinct = new Map<string, { name: string; message: string; count: number }>();
  for (const call of failures) {
    const message = cut(call.error ?? '');
    const key = `${call.name}\n${message}`;
    const seen = distinct.get(key);
    if (seen) seen.count++;
    else distinct.set(key, { name: call.name, message, count: 1 });
  }
  const groups = [...distinct.values()];
  const listed = groups
    .slice(0, maxListedFailures)
    .map(({ name, message, count }) => `- ${name}${count > 1 ? ` (${count}×)` : ''}: ${message}`);
  if (groups.length > maxListedFailures) {
    const rest = groups.slice(maxListedFailures).reduce((sum, group) => sum + group.count, 0);
    listed.push(`- and ${rest} more`);
  }
  return [`Tool calls: ${toolCalls.length}${counts}, ${failures.length} failed:`, ...listed].join(
    '\n',
  );
}

function cut(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > maxMessageChars ? `${line.slice(0, maxMessageChars)}…` : line;
}
