import {
  MathMax,
  MathMin,
  ReflectApply,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSubarray,
  Uint8ArrayCtor,
  Uint16ArrayCtor,
} from './primordials';

const CHUNK = 8192;

/**
 * `units[start, end)` as a string: `String.fromCharCode.apply` over typed-array chunks (measured
 * no slower in an isolate than direct calls with 16 arguments, and simpler).
 */
function codeUnitsToString(units: Uint8Array | Uint16Array, start: number, end: number): string {
  let text = '';
  for (let from = start; from < end; from += CHUNK) {
    const to = end - from > CHUNK ? from + CHUNK : end;
    text += ReflectApply(
      StringFromCharCode,
      undefined,
      TypedArrayPrototypeSubarray(units as Uint8Array, from, to) as unknown as number[],
    );
  }
  return text;
}

/** Accumulates UTF-16 code units in a typed array and turns them into a string in chunks. */
export class CodeUnitWriter {
  readonly #buffer: Uint16Array;
  readonly #capacity: number;
  #length = 0;
  #text = '';

  /** `expectedLength`: about how many code units will be pushed (sizes the buffer). */
  constructor(expectedLength: number) {
    this.#capacity = MathMax(16, MathMin(expectedLength, CHUNK));
    this.#buffer = new Uint16ArrayCtor(this.#capacity);
  }

  push(codeUnit: number): void {
    this.#buffer[this.#length++] = codeUnit;
    if (this.#length >= this.#capacity) this.#flush();
  }

  pushCodePoint(codePoint: number): void {
    if (codePoint > 0xffff) {
      const offset = codePoint - 0x10000;
      this.push(0xd800 + (offset >> 10));
      this.push(0xdc00 + (offset & 0x3ff));
    } else {
      this.push(codePoint);
    }
  }

  /** Appends `bytes[start, end)`, all below 0x80, as characters (bulk path for ASCII runs). */
  pushAscii(bytes: Uint8Array, start: number, end: number): void {
    this.#flush();
    this.#text += codeUnitsToString(bytes, start, end);
  }

  #flush(): void {
    if (this.#length === 0) return;
    this.#text += codeUnitsToString(this.#buffer, 0, this.#length);
    this.#length = 0;
  }

  finish(): string {
    this.#flush();
    const text = this.#text;
    this.#text = '';
    return text;
  }
}

/** Number of UTF-8 bytes `text` encodes to (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  const length = text.length;
  let bytes = length;
  for (let i = 0; i < length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < length) {
      const d = StringPrototypeCharCodeAt(text, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 2; // 4 bytes for 2 code units
        i++;
      } else {
        bytes += 2;
      }
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

/**
 * Encodes as much of `text` as fits in `dest` (whole characters only), the TextEncoder
 * `encodeInto` algorithm. Lone surrogates become U+FFFD. Returns code units read and bytes written.
 */
export function utf8EncodeInto(
  text: string,
  dest: Uint8Array,
  destOffset: number,
  destEnd: number,
): { read: number; written: number } {
  const length = text.length;
  let at = destOffset;
  let i = 0;
  for (; i < length; i++) {
    let c = StringPrototypeCharCodeAt(text, i);
    if (c < 0x80) {
      if (at >= destEnd) break;
      dest[at++] = c;
      continue;
    }
    if (c < 0x800) {
      if (at + 2 > destEnd) break;
      dest[at++] = 0xc0 | (c >> 6);
      dest[at++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < length) {
        const d = StringPrototypeCharCodeAt(text, i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          if (at + 4 > destEnd) break;
          const codePoint = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          dest[at++] = 0xf0 | (codePoint >> 18);
          dest[at++] = 0x80 | ((codePoint >> 12) & 0x3f);
          dest[at++] = 0x80 | ((codePoint >> 6) & 0x3f);
          dest[at++] = 0x80 | (codePoint & 0x3f);
          i++;
          continue;
        }
      }
      c = 0xfffd;
    }
    if (at + 3 > destEnd) break;
    dest[at++] = 0xe0 | (c >> 12);
    dest[at++] = 0x80 | ((c >> 6) & 0x3f);
    dest[at++] = 0x80 | (c & 0x3f);
  }
  return { read: i, written: at - destOffset };
}

/** UTF-8 encoding of `text` (USVString semantics: lone surrogates become U+FFFD). */
export function utf8Encode(text: string): Uint8Array {
  const length = utf8Length(text);
  const bytes = new Uint8ArrayCtor(length);
  utf8EncodeInto(text, bytes, 0, length);
  return bytes;
}

/** Streaming state of one UTF-8 decoder (the WHATWG Encoding Standard's UTF-8 decoder). */
export interface Utf8DecoderState {
  codePoint: number;
  bytesNeeded: number;
  bytesSeen: number;
  lowerBoundary: number;
  upperBoundary: number;
}

export function createUtf8DecoderState(): Utf8DecoderState {
  return { codePoint: 0, bytesNeeded: 0, bytesSeen: 0, lowerBoundary: 0x80, upperBoundary: 0xbf };
}

/** Thrown (as a marker) by the decoders in fatal mode; the caller turns it into its own error. */
export const DECODE_ERROR: unique symbol = Symbol('decode error');

/**
 * Decodes `bytes[start, end)` with the WHATWG UTF-8 decoder, continuing from `state`. Invalid
 * sequences become U+FFFD per maximal subpart (as browsers and Node do), or, when `fatal`, throw
 * `DECODE_ERROR`. With `flush`, an incomplete sequence at the end is an error too.
 */
export function utf8Decode(
  bytes: Uint8Array,
  start: number,
  end: number,
  state: Utf8DecoderState,
  flush: boolean,
  fatal: boolean,
  out: CodeUnitWriter,
): void {
  let { codePoint, bytesNeeded, bytesSeen, lowerBoundary, upperBoundary } = state;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (bytesNeeded === 0) {
      if (byte < 0x80) {
        // Long ASCII runs (most text) go to the string in bulk.
        let runEnd = i + 1;
        while (runEnd < end && (bytes[runEnd] as number) < 0x80) runEnd++;
        if (runEnd - i >= 32) {
          out.pushAscii(bytes, i, runEnd);
        } else {
          for (let j = i; j < runEnd; j++) out.push(bytes[j] as number);
        }
        i = runEnd - 1;
      } else if (byte >= 0xc2 && byte <= 0xdf) {
        bytesNeeded = 1;
        codePoint = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lowerBoundary = 0xa0;
        else if (byte === 0xed) upperBoundary = 0x9f;
        bytesNeeded = 2;
        codePoint = byte & 0x0f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lowerBoundary = 0x90;
        else if (byte === 0xf4) upperBoundary = 0x8f;
        bytesNeeded = 3;
        codePoint = byte & 0x07;
      } else {
        if (fatal) throw DECODE_ERROR;
        out.push(0xfffd);
      }
      continue;
    }
    if (byte < lowerBoundary || byte > upperBoundary) {
      // The sequence so far is one error; this byte starts over.
      codePoint = 0;
      bytesNeeded = 0;
      bytesSeen = 0;
      lowerBoundary = 0x80;
      upperBoundary = 0xbf;
      if (fatal) throw DECODE_ERROR;
      out.push(0xfffd);
      i--;
      continue;
    }
    lowerBoundary = 0x80;
    upperBoundary = 0xbf;
    codePoint = (codePoint << 6) | (byte & 0x3f);
    bytesSeen++;
    if (bytesSeen === bytesNeeded) {
      out.pushCodePoint(codePoint);
      codePoint = 0;
      bytesNeeded = 0;
      bytesSeen = 0;
    }
  }
  if (flush && bytesNeeded !== 0) {
    codePoint = 0;
    bytesNeeded = 0;
    bytesSeen = 0;
    if (fatal) throw DECODE_ERROR;
    out.push(0xfffd);
  }
  state.codePoint = codePoint;
  state.bytesNeeded = bytesNeeded;
  state.bytesSeen = bytesSeen;
  state.lowerBoundary = lowerBoundary;
  state.upperBoundary = upperBoundary;
}

/** UTF-8 decode without BOM handling, replacing errors (the URL Standard's "UTF-8 decode without BOM"). */
export function utf8DecodeWithoutBOM(bytes: Uint8Array): string {
  const length = TypedArrayPrototypeGetLength(bytes);
  const out = new CodeUnitWriter(length);
  utf8Decode(bytes, 0, length, createUtf8DecoderState(), true, false, out);
  return out.finish();
}

/** WebIDL DOMString conversion: ToString, which throws a TypeError for symbols (unlike `String()`). */
export function toDOMString(value: unknown): string {
  return typeof value === 'string' ? value : `${value as string}`;
}
