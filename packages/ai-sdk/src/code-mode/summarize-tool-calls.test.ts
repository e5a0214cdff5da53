import type { ToolCallRecord } from '@code-interpreter/core';
import { describe, expect, it } from 'vitest';
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
  it('says nothing of a run that made no call', () => {
    expect(summarizeToolCalls([])).toBe('');
  });

  it('counts the calls, per tool when there are several tools', () => {
    expect(summarizeToolCalls(calls('getInventory', 30))).toBe(
      'Tool calls: 30 (getInventory), all succeeded.',
    );
    expect(summarizeToolCalls([...calls('getInventory', 20), ...calls('getDemand', 10)])).toBe(
      'Tool calls: 30 (getInventory 20, getDemand 10), all succeeded.',
    );
  });

  it('lists distinct failures once with how often, the first three, and counts the rest', () => {
    const failed = [
      ...calls('getInventory', 2),
      ...calls('getDemand', 5, 'unknown product\n  (try another id)'),
      ...calls('getInventory', 1, 'timeout'),
      ...calls('getPrice', 1, 'no price'),
      ...calls('getPrice', 2, 'currency missing'),
    ];
    expect(summarizeToolCalls(failed)).toBe(
      [
        'Tool calls: 11 (getInventory 3, getDemand 5, getPrice 3), 9 failed:',
        '- getDemand (5×): unknown product (try another id)',
        '- getInventory: timeout',
        '- getPrice: no price',
        '- and 2 more',
      ].join('\n'),
    );
  });

  it('cuts a long failure message', () => {
    const [line] = summarizeToolCalls(calls('search', 1, 'x'.repeat(500)))
      .split('\n')
      .slice(1);
    expect(line).toBe(`- search: ${'x'.repeat(200)}…`);
  });
});
