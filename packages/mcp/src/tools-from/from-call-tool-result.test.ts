import { describe, expect, it } from 'vitest';
import { fromCallToolResult } from './from-call-tool-result';

describe('fromCallToolResult', () => {
  it('answers structuredContent when the result has it', () => {
    expect(
      fromCallToolResult({
        content: [{ type: 'text', text: 'ignored' }],
        structuredContent: { cents: 300 },
      }),
    ).toEqual({ cents: 300 });
  });

  it('answers the text, parsed when it is JSON', () => {
    const text = (value: string) =>
      fromCallToolResult({ content: [{ type: 'text', text: value }] });
    expect(text('{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(text('7')).toBe(7);
    expect(text('Sunny, 21 °C')).toBe('Sunny, 21 °C');
    expect(text('{ not json')).toBe('{ not json');
    expect(
      fromCallToolResult({
        content: [
          { type: 'text', text: 'line one' },
          { type: 'text', text: 'line two' },
        ],
      }),
    ).toBe('line one\nline two');
  });

  it('answers other content items as they are, and no content as null', () => {
    const image = { type: 'image' as const, data: 'iVBORw0K', mimeType: 'image/png' };
    expect(fromCallToolResult({ content: [{ type: 'text', text: 'chart' }, image] })).toEqual([
      { type: 'text', text: 'chart' },
      image,
    ]);
    expect(fromCallToolResult({ content: [] })).toBeNull();
  });

  it('throws the text of an isError result', () => {
    expect(() =>
      fromCallToolResult({
        content: [{ type: 'text', text: 'Unknown item: kiwi' }],
        isError: true,
      }),
    ).toThrow(/^Unknown item: kiwi$/);
    expect(() => fromCallToolResult({ content: [], isError: true })).toThrow(
      'The tool failed without saying why.',
    );
  });

  it('answers the toolResult of a 2024-10-07 server', () => {
    expect(fromCallToolResult({ toolResult: { ok: true } })).toEqual({ ok: true });
  });
});
