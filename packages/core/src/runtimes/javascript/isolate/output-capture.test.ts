import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStreamCapture } from './output-capture';

describe('createStreamCapture', () => {
  it('keeps everything under the cap and streams it', () => {
    const streamed: string[] = [];
    const capture = createStreamCapture(100, (text) => streamed.push(text));
    capture.write('hello\n');
    capture.write('world\n');
    expect(capture.text()).toBe('hello\nworld\n');
    expect(capture.truncated).toBe(false);
    expect(streamed.join('')).toBe('hello\nworld\n');
  });

  it('keeps the head and the tail of a flood and says how much was cut', () => {
    const capture = createStreamCapture(100, undefined);
    for (let i = 0; i < 10_000; i++) capture.write(`${i}\n`);
    const text = capture.text();
    expect(capture.truncated).toBe(true);
    expect(text.startsWith('0\n1\n2\n')).toBe(true);
    expect(text.endsWith('9998\n9999\n')).toBe(true);
    expect(text).toMatch(/\[\d+ characters of output omitted\]/);
    expect(text.length).toBeLessThan(200);
  });

  it('cuts one huge write', () => {
    const capture = createStreamCapture(1_000, undefined);
    capture.write(`${'a'.repeat(10_000_000)}z`);
    const text = capture.text();
    expect(text.startsWith('a'.repeat(500))).toBe(true);
    expect(text.endsWith('z')).toBe(true);
    expect(text.length).toBeLessThan(1_100);
  });

  it('never loses the exact head and tail, whatever the writes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 300 }), { maxLength: 200 }),
        fc.integer({ min: 10, max: 500 }),
        (writes, max) => {
          const capture = createStreamCapture(max, undefined);
          for (const write of writes) capture.write(write);
          const all = writes.join('');
          const text = capture.text();
          if (all.length <= max) {
            expect(text).toBe(all);
          } else {
            const half = Math.floor(max / 2);
            expect(text.startsWith(all.slice(0, half))).toBe(true);
            expect(text.endsWith(all.slice(-half))).toBe(true);
            expect(text).toContain(`[${all.length - 2 * half} characters of output omitted]`);
          }
        },
      ),
    );
  });
});
