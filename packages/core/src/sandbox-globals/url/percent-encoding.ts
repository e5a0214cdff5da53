import {
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSlice,
  Uint8ArrayCtor,
} from '../primordials';
import { utf8Encode } from '../utf8';

/** The URL Standard's percent-encode sets, from smallest to largest (plus the fragment set). */
export enum EncodeSet {
  C0Control = 0,
  Fragment = 1,
  Query = 2,
  SpecialQuery = 3,
  Path = 4,
  Userinfo = 5,
  Component = 6,
  FormUrlencoded = 7,
}

const HEX = '0123456789ABCDEF';

/** `%XX` (uppercase hex) for a byte. */
function percentEncodeByte(byte: number): string {
  return `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
}

/**
 * Bit `set` of `membership[c]` is set when ASCII code point `c` is in that encode set (U+007F
 * and above always are). Built on first use, so loading the bundle costs nothing.
 */
let membershipTable: Uint8Array | undefined;

function membership(): Uint8Array {
  if (membershipTable !== undefined) return membershipTable;
  const table = new Uint8ArrayCtor(128);
  const add = (sets: number, chars: string) => {
    for (let i = 0; i < chars.length; i++) {
      const c = StringPrototypeCharCodeAt(chars, i);
      table[c] = (table[c] as number) | sets;
    }
  };
  const all = 0xff;
  for (let c = 0; c < 0x20; c++) table[c] = all;
  table[0x7f] = all;
  const bit = (set: EncodeSet) => 1 << set;
  const fromQuery =
    bit(EncodeSet.Query) |
    bit(EncodeSet.SpecialQuery) |
    bit(EncodeSet.Path) |
    bit(EncodeSet.Userinfo) |
    bit(EncodeSet.Component) |
    bit(EncodeSet.FormUrlencoded);
  const fromPath = fromQuery & ~(bit(EncodeSet.Query) | bit(EncodeSet.SpecialQuery));
  const fromUserinfo = fromPath & ~bit(EncodeSet.Path);
  const fromComponent = fromUserinfo & ~bit(EncodeSet.Userinfo);
  add(bit(EncodeSet.Fragment), ' "<>`');
  add(fromQuery, ' "#<>');
  add(bit(EncodeSet.SpecialQuery), "'");
  add(fromPath, '?^`{}');
  add(fromUserinfo, '/:;=@[\\]|');
  add(fromComponent, '$%&+,');
  add(bit(EncodeSet.FormUrlencoded), "!'()~");
  membershipTable = table;
  return table;
}

/** True when ASCII code point `c` must be percent-encoded in `set` (non-ASCII always is). */
export function inEncodeSet(c: number, set: EncodeSet): boolean {
  return c >= 0x80 || (((membership()[c] as number) >> set) & 1) === 1;
}

/** UTF-8 percent-encodes one code point with `set`. */
export function percentEncodeCodePoint(c: number, set: EncodeSet): string {
  if (c < 0x80) {
    return (((membership()[c] as number) >> set) & 1) === 1
      ? percentEncodeByte(c)
      : StringFromCharCode(c);
  }
  if (c < 0x800) {
    return percentEncodeByte(0xc0 | (c >> 6)) + percentEncodeByte(0x80 | (c & 0x3f));
  }
  if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
  if (c < 0x10000) {
    return (
      percentEncodeByte(0xe0 | (c >> 12)) +
      percentEncodeByte(0x80 | ((c >> 6) & 0x3f)) +
      percentEncodeByte(0x80 | (c & 0x3f))
    );
  }
  return (
    percentEncodeByte(0xf0 | (c >> 18)) +
    percentEncodeByte(0x80 | ((c >> 12) & 0x3f)) +
    percentEncodeByte(0x80 | ((c >> 6) & 0x3f)) +
    percentEncodeByte(0x80 | (c & 0x3f))
  );
}

/** UTF-8 percent-encodes a string with `set`; `spaceAsPlus` turns spaces into `+` (form encoding). */
export function percentEncodeString(input: string, set: EncodeSet, spaceAsPlus = false): string {
  const table = membership();
  let output = '';
  let runStart = 0;
  const length = input.length;
  for (let i = 0; i < length; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    if (c < 0x80 && (((table[c] as number) >> set) & 1) === 0 && !(spaceAsPlus && c === 0x20))
      continue;
    // Flush the run of characters kept as they are.
    if (runStart < i) output += StringPrototypeSlice(input, runStart, i);
    if (spaceAsPlus && c === 0x20) {
      output += '+';
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < length) {
      const d = StringPrototypeCharCodeAt(input, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        output += percentEncodeCodePoint(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00), set);
        i++;
      } else {
        output += percentEncodeCodePoint(c, set);
      }
    } else {
      output += percentEncodeCodePoint(c, set);
    }
    runStart = i + 1;
  }
  if (runStart === 0) return input;
  if (runStart < length) output += StringPrototypeSlice(input, runStart, length);
  return output;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Percent-decodes bytes (`%XX` with two hex digits; anything else is kept). */
export function percentDecodeBytes(input: Uint8Array): Uint8Array {
  const length = TypedArrayPrototypeGetLength(input);
  const output = new Uint8ArrayCtor(length);
  let at = 0;
  for (let i = 0; i < length; i++) {
    const byte = input[i] as number;
    if (byte === 0x25 && i + 2 < length) {
      const high = hexValue(input[i + 1] as number);
      const low = hexValue(input[i + 2] as number);
      if (high >= 0 && low >= 0) {
        output[at++] = (high << 4) | low;
        i += 2;
        continue;
      }
    }
    output[at++] = byte;
  }
  return TypedArrayPrototypeSlice(output, 0, at);
}

/** The URL Standard's "string percent-decode": UTF-8 encode, then percent-decode. */
export function percentDecodeString(input: string): Uint8Array {
  return percentDecodeBytes(utf8Encode(input));
}
