import { describe, expect, it } from 'vitest';
import { summarizeToolCalls } from './summarize-tool-calls';

describe('summarizeToolCalls', () => {
  it('is empty for a run without tool calls', () => {
    expect(summarizeToolCalls(undefined)).toBe('');
    expect(summarizeToolCalls([])).toBe('');
  });

  it('counts the calls per tool, in the order first called', () => {
    const calls = [
      { id: '1', name: 'get_price', input: {}, ms: 1 },
      { id: '2', name: 'get_stock', input: {}, ms: 1 },
      { id: '3', name: 'get_price', input: {}, ms: 1 },
    ];
    expect(summarizeToolCalls(calls)).toBe('[3 tool calls: get_price ×2, get_stock ×1]');
    expect(summarizeToolCalls(calls.slice(0, 1))).toBe('[1 tool call: get_price ×1]');
  });

  it('quotes the first failures on one line, escaped and cut, and counts the rest', () => {
    const failed = (id: string, error: string) => ({ id, name: 'lookup', input: {}, error, ms: 1 });
    const summary = summarizeToolCalls([
      failed('1', 'Unknown item:\n  kiwi'),
      failed('2', '\u001b[2Jcleared'),
      failed('3', 'x'.repeat(300)),
      failed('4', 'fourth'),
      { id: '5', name: 'lookup', input: {}, output: 1, ms: 1 },
    ]);
    expect(summary).toBe(
      `[5 tool calls: lookup ×5; 4 failed: lookup: Unknown item: kiwi; lookup: \\x1b[2Jcleared; lookup: ${'x'.repeat(200)}…; 1 more]`,
    );
  });
});
