import {
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
} from './primordials';

/** The encodings the sandbox's TextDecoder supports (WHATWG names). */
export type SupportedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

let labelTable: Record<string, SupportedEncoding> | undefined;

/** Label → encoding, built on first use. */
function labels(): Record<string, SupportedEncoding> {
  if (labelTable !== undefined) return labelTable;
  const table = { __proto__: null } as unknown as Record<string, SupportedEncoding>;
  const register = (encoding: SupportedEncoding, names: readonly string[]) => {
    for (let i = 0; i < names.length; i++) table[names[i] as string] = encoding;
  };
  register('utf-8', [
    'unicode-1-1-utf-8',
    'unicode11utf8',
    'unicode20utf8',
    'utf-8',
    'utf8',
    'x-unicode20utf8',
  ]);
  register('utf-16be', ['unicodefffe', 'utf-16be']);
  register('utf-16le', [
    'csunicode',
    'iso-10646-ucs-2',
    'ucs-2',
    'unicode',
    'unicodefeff',
    'utf-16',
    'utf-16le',
  ]);
  register('windows-1252', [
    'ansi_x3.4-1968',
    'ascii',
    'cp1252',
    'cp819',
    'csisolatin1',
    'ibm819',
    'iso-8859-1',
    'iso-ir-100',
    'iso8859-1',
    'iso88591',
    'iso_8859-1',
    'iso_8859-1:1987',
    'l1',
    'latin1',
    'us-ascii',
    'windows-1252',
    'x-cp1252',
  ]);
  labelTable = table;
  return table;
}

function isAsciiWhitespace(c: number): boolean {
  return c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;
}

/**
 * The WHATWG "get an encoding" algorithm for the encodings supported here: trims ASCII
 * whitespace, lowercases, and maps a label (`'utf8'`, `'latin1'`, `'utf-16'`...) to its encoding.
 */
export function getEncoding(label: string): SupportedEncoding | undefined {
  let start = 0;
  let end = label.length;
  while (start < end && isAsciiWhitespace(StringPrototypeCharCodeAt(label, start))) start++;
  while (end > start && isAsciiWhitespace(StringPrototypeCharCodeAt(label, end - 1))) end--;
  return labels()[StringPrototypeToLowerCase(StringPrototypeSlice(label, start, end))];
}
