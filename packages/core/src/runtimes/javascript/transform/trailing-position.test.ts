import { describe, expect, it } from 'vitest';
import { splitTrailingPosition } from './trailing-position';

describe('splitTrailingPosition', () => {
  it('takes a parser position off the end of a message', () => {
    expect(splitTrailingPosition('Unexpected token (3:7)', '(')).toEqual({
      text: 'Unexpected token',
      line: 3,
      column: 7,
    });
    expect(
      splitTrailingPosition(
        'Invalid regular expression: /(/: Unterminated group [cell.js:2:1]',
        '[cell.',
      ),
    ).toEqual({
      text: 'Invalid regular expression: /(/: Unterminated group',
      line: 2,
      column: 1,
    });
  });

  it('leaves messages without a well-formed position alone', () => {
    for (const [message, opener] of [
      ['no position', '('],
      ['f(a, b)', '('],
      ['(1:2:3)', '('],
      ['[cell.py:1:2]', '[cell.'],
      ['[cell.js:x:2]', '[cell.'],
    ] as const) {
      expect(splitTrailingPosition(message, opener)).toEqual({ text: message });
    }
  });

  it('stays linear on the messages that made the old regex quadratic', () => {
    const spaces = ' '.repeat(200_000);
    const start = performance.now();
    for (let index = 0; index < 20; index++) {
      splitTrailingPosition(`/${spaces}/x${spaces}`, '[cell.');
      splitTrailingPosition(`${spaces}(${spaces}`, '(');
      splitTrailingPosition(`a${spaces}[cell.js:1:1]`, '[cell.');
    }
    // The regex `\s*\[cell\.(?:js|ts):(\d+):(\d+)\]$` took seconds on one such message.
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});
