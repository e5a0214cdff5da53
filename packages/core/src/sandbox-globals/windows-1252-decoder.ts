import { Uint16ArrayCtor } from './primordials';
import type { CodeUnitWriter } from './utf8';

// WHATWG index-windows-1252 for 0x80..0x9F (the rest maps to itself, like ISO-8859-1).
const high = new Uint16ArrayCtor([
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
]);

/**
 * The WHATWG windows-1252 decoder, which the labels `latin1`, `ascii` and `iso-8859-1` select
 * (as in browsers). Every byte maps to one character, so it never fails and keeps no state.
 */
export class Windows1252Decoder {
  decode(
    bytes: Uint8Array,
    start: number,
    end: number,
    _flush: boolean,
    _fatal: boolean,
    out: CodeUnitWriter,
  ): void {
    for (let i = start; i < end; i++) {
      const byte = bytes[i] as number;
      out.push(byte >= 0x80 && byte <= 0x9f ? (high[byte - 0x80] as number) : byte);
    }
  }
}
