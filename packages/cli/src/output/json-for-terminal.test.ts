import { describe, expect, it } from 'vitest';
import { jsonForTerminal } from './json-for-terminal';

describe('jsonForTerminal', () => {
  const value = {
    stdout: 'a\x1b[2Kb\r42\x9b1A\u202eevil\u2066\x7f\n',
    nested: [{ text: '\u200f\x85' }],
  };

  it('parses back to exactly the same values', () => {
    expect(JSON.parse(jsonForTerminal(value))).toEqual(value);
  });

  it('contains no raw control or bidi character, only \\u escapes', () => {
    const json = jsonForTerminal(value);
    expect(json).not.toMatch(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
      /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/,
    );
    expect(json).toContain('\\u001b[2K');
    expect(json).toContain('\\u009b1A');
    expect(json).toContain('\\u202eevil\\u2066\\u007f');
    expect(json).toContain('\\u200f\\u0085');
  });

  it('is indented JSON ending with a newline', () => {
    expect(jsonForTerminal({ a: 1 })).toBe('{\n  "a": 1\n}\n');
  });
});
