import { type CodeUnitWriter, DECODE_ERROR } from './utf8';

/** The WHATWG shared UTF-16 decoder (little- or big-endian), streaming. */
export class Utf16Decoder {
  readonly #bigEndian: boolean;
  #leadByte = -1;
  #leadSurrogate = -1;

  constructor(bigEndian: boolean) {
    this.#bigEndian = bigEndian;
  }

  /**
   * Decodes `bytes[start, end)`. Unpaired surrogates and a dangling odd byte at the end (with
   * `flush`) become U+FFFD, or throw `DECODE_ERROR` when `fatal`.
   */
  decode(
    bytes: Uint8Array,
    start: number,
    end: number,
    flush: boolean,
    fatal: boolean,
    out: CodeUnitWriter,
  ): void {
    let leadByte = this.#leadByte;
    let leadSurrogate = this.#leadSurrogate;
    try {
      for (let i = start; i < end; i++) {
        const byte = bytes[i] as number;
        if (leadByte === -1) {
          leadByte = byte;
          continue;
        }
        const codeUnit = this.#bigEndian ? (leadByte << 8) | byte : leadByte | (byte << 8);
        leadByte = -1;
        if (leadSurrogate !== -1) {
          const lead = leadSurrogate;
          leadSurrogate = -1;
          if (codeUnit >= 0xdc00 && codeUnit <= 0xdfff) {
            out.push(lead);
            out.push(codeUnit);
            continue;
          }
          if (fatal) throw DECODE_ERROR;
          out.push(0xfffd);
          // The code unit is processed afresh below.
        }
        if (codeUnit >= 0xd800 && codeUnit <= 0xdbff) {
          leadSurrogate = codeUnit;
        } else if (codeUnit >= 0xdc00 && codeUnit <= 0xdfff) {
          if (fatal) throw DECODE_ERROR;
          out.push(0xfffd);
        } else {
          out.push(codeUnit);
        }
      }
      if (flush && (leadByte !== -1 || leadSurrogate !== -1)) {
        leadByte = -1;
        leadSurrogate = -1;
        if (fatal) throw DECODE_ERROR;
        out.push(0xfffd);
      }
    } catch (error) {
      leadByte = -1;
      leadSurrogate = -1;
      throw error;
    } finally {
      this.#leadByte = leadByte;
      this.#leadSurrogate = leadSurrogate;
    }
  }
}
