import { describe, expect, it } from 'vitest';
import { CappedStreamText } from './capped-stream-text';

describe('CappedStreamText', () => {
  it('keeps everything up to the limit', () => {
    const text = new CappedStreamText(10, 'stdout');
    text.add('abc');
    text.add('defghij');
    expect(text.text()).toBe('abcdefghij');
    expect(text.truncated).toBe(false);
    expect(text.full).toBe(true);
  });

  it('keeps the head and the tail with a note of what was cut', () => {
    const text = new CappedStreamText(10, 'stderr');
    for (let i = 0; i < 100; i++) text.add(String(i % 10));
    expect(text.text()).toBe('01234\n… [90 characters of stderr cut] …\n56789');
    expect(text.truncated).toBe(true);
  });

  it('caps a whole string at once', () => {
    expect(CappedStreamText.cap('x'.repeat(30), 4, 'stdout')).toEqual({
      text: 'xx\n… [26 characters of stdout cut] …\nxx',
      truncated: true,
    });
  });
});
