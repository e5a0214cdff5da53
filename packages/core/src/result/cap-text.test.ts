import { describe, expect, it } from 'vitest';
import { capText } from './cap-text';

describe('capText', () => {
  it('keeps short text as it is', () => {
    expect(capText('hello', 5)).toEqual({ text: 'hello', cut: false });
  });

  it('keeps the head and the tail of long text and says how much was cut', () => {
    expect(capText('abcdefghij', 4)).toEqual({
      text: 'ab\n... [6 characters omitted] ...\nij',
      cut: true,
    });
  });

  it('is bounded by the cap, not by the text', () => {
    const { text } = capText('x'.repeat(50_000_000), 1_000);
    expect(text.length).toBeLessThan(1_100);
  });
});
