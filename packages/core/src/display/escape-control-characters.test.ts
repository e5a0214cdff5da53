import { describe, expect, it } from 'vitest';
import { escapeControlCharacters } from './escape-control-characters';

const codePoints = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => String.fromCodePoint(from + index));

/** Every character a terminal acts on instead of printing, plus the Unicode bidi controls. */
const dangerous = [
  ...codePoints(0x00, 0x1f).filter((c) => c !== '\n' && c !== '\t'),
  ...codePoints(0x7f, 0x9f),
  '\u061c',
  '\u200e',
  '\u200f',
  ...codePoints(0x202a, 0x202e),
  ...codePoints(0x2066, 0x2069),
];

describe('escapeControlCharacters', () => {
  it.each([
    [
      'cursor up and erase line',
      'ok\x1b[1A\x1b[2Kall tests passed',
      'ok\\x1b[1A\\x1b[2Kall tests passed',
    ],
    ['OSC 0 title', '\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
    ['OSC 52 clipboard', '\x1b]52;c;aGk=\x07', '\\x1b]52;c;aGk=\\x07'],
    [
      'OSC 8 hyperlink',
      '\x1b]8;;https://evil.example\x1b\\docs\x1b]8;;\x1b\\',
      '\\x1b]8;;https://evil.example\\x1b\\docs\\x1b]8;;\\x1b\\',
    ],
    ['bare CR overwriting a line', 'real result: 13\r42', 'real result: 13\\r42'],
    ['CR at the end', 'progress\r', 'progress\\r'],
    ['backspaces', 'safe\b\b\b\bevil', 'safe\\b\\b\\b\\bevil'],
    ['form feed and vertical tab', 'a\fb\vc', 'a\\fb\\vc'],
    ['NUL, BEL and DEL', 'a\x00b\x07c\x7f', 'a\\x00b\\x07c\\x7f'],
    ['8-bit CSI and OSC (C1)', '\x9b2J\x9d0;t\x9c', '\\x9b2J\\x9d0;t\\x9c'],
    ['right-to-left override', 'user\u202egnp.exe', 'user\\u202egnp.exe'],
    ['bidi isolates', '\u2066a\u2067b\u2068c\u2069', '\\u2066a\\u2067b\\u2068c\\u2069'],
  ])('shows %s as escapes', (_name, text, shown) => {
    expect(escapeControlCharacters(text)).toBe(shown);
  });

  it('leaves no control or bidi character in what it returns', () => {
    const escaped = escapeControlCharacters(dangerous.join('|'));
    for (const character of dangerous) expect(escaped).not.toContain(character);
    expect(escaped.split('|')).toHaveLength(dangerous.length);
  });

  it('keeps newlines, tabs, CRLF line ends and printable text as they are', () => {
    const text = 'name\tvalue\r\nπ ≈ 3.14 — 数学 🎉 ünïcödé \\x1b\n\n';
    expect(escapeControlCharacters(text)).toBe(text);
  });
});
