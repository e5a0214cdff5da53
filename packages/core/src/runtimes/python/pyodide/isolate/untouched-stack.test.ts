import { describe, expect, it } from 'vitest';
import { untouchedStack, untouchedStackGuardPages } from './untouched-stack';

const page = 4096;

/** A zeroed memory of `pages` pages. */
function memory(pages: number) {
  return new Uint8Array(pages * page);
}

describe('untouchedStack', () => {
  it('is the stack below the first run of zero pages under its base', () => {
    const heap = memory(64);
    const bounds = { end: 8 * page, base: 60 * page };
    // The start-up wrote the three pages under the base, and one more two pages lower.
    heap.fill(1, 57 * page, 60 * page);
    heap[54 * page + 100] = 7;
    expect(untouchedStack(heap, bounds)).toEqual([8 * page, 54 * page]);
  });

  it('sees any non-zero bit pattern in a page: -0, NaN, the smallest subnormal, a negative', () => {
    for (const value of [-0, Number.NaN, Number.MIN_VALUE, -1]) {
      const heap = memory(64);
      new Float64Array(heap.buffer, 40 * page, 512)[300] = value;
      expect(untouchedStack(heap, { end: 0, base: 48 * page })).toEqual([0, 40 * page]);
    }
    const heap = memory(64);
    heap[40 * page + page - 1] = 0x80; // the sign bit of the page's last double
    expect(untouchedStack(heap, { end: 0, base: 48 * page })).toEqual([0, 40 * page]);
  });

  it('needs a whole guard run of zero pages; a shorter one does not count', () => {
    const heap = memory(64);
    const base = 62 * page;
    // Zero pages from 61 down to 62 - guard (one short), then a written page.
    const written = 62 - untouchedStackGuardPages;
    heap[written * page] = 1;
    expect(untouchedStack(heap, { end: 0, base })).toEqual([0, written * page]);
    // No run that long at all: nothing is taken as untouched.
    const striped = memory(64);
    for (let index = 0; index < 64; index += 8) striped[index * page] = 1;
    expect(untouchedStack(striped, { end: 0, base })).toBeUndefined();
  });

  it('refuses bounds it cannot trust', () => {
    const heap = memory(32);
    expect(untouchedStack(heap, { end: 4 * page, base: 40 * page })).toBeUndefined();
    expect(untouchedStack(heap, { end: -1, base: 20 * page })).toBeUndefined();
    expect(untouchedStack(heap, { end: 20 * page, base: 10 * page })).toBeUndefined();
    expect(untouchedStack(heap, { end: 0.5, base: 10 * page })).toBeUndefined();
  });
});
