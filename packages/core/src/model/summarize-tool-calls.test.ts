import { describe, expect, it } from 'vitest';
import type { ToolCallRecord } from '../tools/sandbox-tool';
import { summarizeToolCalls } from './summarize-tool-calls';

function calls(name: string, count: number, error?: string): ToolCallRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${name}-${index}`,
    name,
    input: { index },
    ...(error === undefined ? { output: index } : { error }),
    ms: 1,
  }));
}

describe('summarizeToolCalls', () => {
  it('is empty for a run without tool calls', () => {
    expect(summarizeToolCalls(undefined)).toBe('');
    expect(summarizeToolCalls([])).toBe('');
  });

  it('counts the calls per tool, in the order first called', () => {
    const mixed = [...calls('get_price', 1), ...calls('get_stock', 1), ...calls('get_price', 1)];
    expect(summarizeToolCalls(mixed)).toBe('[3 tool calls: get_price ×2, get_stock ×1]');
    expect(summarizeToolCalls(calls('get_price', 1))).toBe('[1 tool call: get_price ×1]');
  });

  it('quotes a repeated failure once with its count, the first three distinct ones, and counts the rest', () => {
    const summary = summarizeToolCalls([
      ...calls('getInventory', 2),
      ...calls('getDemand', 5, 'unknown product\n  (try another id)'),
      ...calls('getInventory', 1, 'timeout'),
      ...calls('getPrice', 1, 'no price'),
      ...calls('getPrice', 2, 'currency missing'),
      ...calls('getInventory', 1, 'down'),
    ]);
    expect(summary).toBe(
      '[12 tool calls: getInventory ×4, getDemand ×5, getPrice ×3; 10 failed: getDemand ×5: unknown product (try another id); getInventory: timeout; getPrice: no price; 3 more]',
    );
  });

  it('puts each quoted message on one line, control characters escaped, cut at 200 characters', () => {
    const summary = summarizeToolCalls([
      ...calls('lookup', 1, 'Unknown item:\n  kiwi'),
      ...calls('lookup', 1, '\u001b[2Jcleared'),
      ...calls('lookup', 1, 'x'.repeat(300)),
    ]);
    expect(summary).toBe(
      `[3 tool calls: lookup ×3; 3 failed: lookup: Unknown item: kiwi; lookup: \\x1b[2Jcleared; lookup: ${'x'.repeat(200)}…]`,
    );
  });
});
