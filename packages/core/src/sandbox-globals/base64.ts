import { DOMException } from './dom-exception';
import { missingArgsError } from './node-errors';
import { StringPrototypeCharCodeAt, Uint8ArrayCtor } from './primordials';
import { CodeUnitWriter, toDOMString } from './utf8';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 character code → 6-bit value, or 255 outside the alphabet (built on first use). */
let valuesTable: Uint8Array | undefined;

function values(): Uint8Array {
  if (valuesTable !== undefined) return valuesTable;
  const table = new Uint8ArrayCtor(128);
  for (let i = 0; i < 128; i++) table[i] = 255;
  for (let i = 0; i < 64; i++) table[StringPrototypeCharCodeAt(alphabet, i)] = i;
  valuesTable = table;
  return table;
}

function isAsciiWhitespace(c: number): boolean {
  return c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;
}

/**
 * `btoa(data)`: Base64 of a binary string (every character must be U+0000..U+00FF, otherwise a
 * DOMException `InvalidCharacterError`, as in browsers and Node).
 */
export function btoa(data: unknown): string {
  // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
  if (arguments.length === 0) throw missingArgsError('input');
  const text = toDOMString(data);
  const length = text.length;
  for (let i = 0; i < length; i++) {
    if (StringPrototypeCharCodeAt(text, i) > 0xff) {
      throw invalidCharacter();
    }
  }
  const out = new CodeUnitWriter(((length + 2) / 3) * 4);
  const digit = (value: number) => StringPrototypeCharCodeAt(alphabet, value);
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const n =
      (StringPrototypeCharCodeAt(text, i) << 16) |
      (StringPrototypeCharCodeAt(text, i + 1) << 8) |
      StringPrototypeCharCodeAt(text, i + 2);
    out.push(digit(n >> 18));
    out.push(digit((n >> 12) & 63));
    out.push(digit((n >> 6) & 63));
    out.push(digit(n & 63));
  }
  const rest = length - i;
  if (rest > 0) {
    const n =
      (StringPrototypeCharCodeAt(text, i) << 16) |
      (rest === 2 ? StringPrototypeCharCodeAt(text, i + 1) << 8 : 0);
    out.push(digit(n >> 18));
    out.push(digit((n >> 12) & 63));
    out.push(rest === 2 ? digit((n >> 6) & 63) : 0x3d);
    out.push(0x3d);
  }
  return out.finish();
}

function invalidCharacter(): DOMException {
  return new DOMException('Invalid character', 'InvalidCharacterError');
}

function notCorrectlyEncoded(): DOMException {
  return new DOMException(
    'The string to be decoded is not correctly encoded.',
    'InvalidCharacterError',
  );
}

/**
 * `atob(data)`: decodes Base64 to a binary string with the WHATWG forgiving-base64 algorithm
 * (ASCII whitespace ignored, padding optional); malformed input throws a DOMException
 * `InvalidCharacterError` like Node.
 */
export function atob(data: unknown): string {
  // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
  if (arguments.length === 0) throw missingArgsError('input');
  const text = toDOMString(data);
  // Collect the significant characters' values (whitespace dropped), validating as we go.
  const length = text.length;
  const table = values();
  const sextets = new Uint8ArrayCtor(length);
  let count = 0;
  let padding = 0;
  for (let i = 0; i < length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (isAsciiWhitespace(c)) continue;
    if (c === 0x3d) {
      // At most two '=', and only at the end.
      if (++padding > 2) throw invalidCharacter();
      continue;
    }
    const value = c < 128 ? (table[c] as number) : 255;
    if (value === 255 || padding > 0) {
      throw invalidCharacter();
    }
    sextets[count++] = value;
  }
  // Node's (simdutf's) precedence: a lone trailing character, then misplaced padding.
  if (count % 4 === 1) throw notCorrectlyEncoded();
  if (padding > 0 && (count + padding) % 4 !== 0) throw invalidCharacter();
  const out = new CodeUnitWriter((count * 3) >> 2);
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const n =
      ((sextets[i] as number) << 18) |
      ((sextets[i + 1] as number) << 12) |
      ((sextets[i + 2] as number) << 6) |
      (sextets[i + 3] as number);
    out.push(n >> 16);
    out.push((n >> 8) & 0xff);
    out.push(n & 0xff);
  }
  const rest = count - i;
  if (rest === 2) {
    out.push((((sextets[i] as number) << 2) | ((sextets[i + 1] as number) >> 4)) & 0xff);
  } else if (rest === 3) {
    const n =
      ((sextets[i] as number) << 12) |
      ((sextets[i + 1] as number) << 6) |
      (sextets[i + 2] as number);
    out.push((n >> 10) & 0xff);
    out.push((n >> 2) & 0xff);
  }
  return out.finish();
}
