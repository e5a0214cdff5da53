import { atob, btoa } from '../../../../sandbox-globals/base64';
import { createNodeError, describeReceived } from '../../../../sandbox-globals/node-errors';
import {
  MathMax,
  MathMin,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSlice,
  TypeErrorCtor,
  Uint8ArrayCtor,
} from '../../../../sandbox-globals/primordials';
import { bufferSourceBytes } from '../../../../sandbox-globals/text-decoder';
import {
  CodeUnitWriter,
  createUtf8DecoderState,
  utf8Decode,
  utf8Encode,
} from '../../../../sandbox-globals/utf8';

/** The text encodings `fs` reads and writes with (Node's names; aliases are normalized). */
export type FileEncoding = 'utf8' | 'utf16le' | 'latin1' | 'ascii' | 'base64' | 'base64url' | 'hex';

const encodingAliases: Record<string, FileEncoding | 'buffer'> = {
  __proto__: null,
  utf8: 'utf8',
  'utf-8': 'utf8',
  utf16le: 'utf16le',
  'utf-16le': 'utf16le',
  ucs2: 'utf16le',
  'ucs-2': 'utf16le',
  latin1: 'latin1',
  binary: 'latin1',
  ascii: 'ascii',
  base64: 'base64',
  base64url: 'base64url',
  hex: 'hex',
  buffer: 'buffer',
} as unknown as Record<string, FileEncoding | 'buffer'>;

/**
 * The encoding named by an option, or undefined for bytes (`undefined`, `null`, `'buffer'`).
 * An unknown name throws Node's `ERR_INVALID_ARG_VALUE`.
 */
export function fileEncoding(value: unknown): FileEncoding | undefined {
  if (value === undefined || value === null) return undefined;
  const known =
    typeof value === 'string'
      ? (encodingAliases[value] ?? encodingAliases[StringPrototypeToLowerCase(value)])
      : undefined;
  if (known === undefined) {
    throw createNodeError(
      TypeErrorCtor,
      'ERR_INVALID_ARG_VALUE',
      `The argument 'encoding' is invalid encoding. Received ${describeReceived(value)}`,
    );
  }
  return known === 'buffer' ? undefined : known;
}

const hexDigits = '0123456789abcdef';

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** `bytes` as a binary string (one character per byte). */
function binaryString(bytes: Uint8Array, start: number, end: number, mask: number): string {
  const out = new CodeUnitWriter(end - start);
  for (let i = start; i < end; i++) out.push((bytes[i] as number) & mask);
  return out.finish();
}

/** Keeps what Node's lenient base64 decoder keeps: the alphabet (either variant), up to `=`. */
function cleanBase64(text: string): string {
  const out = new CodeUnitWriter(text.length);
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    let code = StringPrototypeCharCodeAt(text, i);
    if (code === 61) break; // '='
    if (code === 45)
      code = 43; // '-' → '+'
    else if (code === 95) code = 47; // '_' → '/'
    const alphabet =
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122) ||
      (code >= 48 && code <= 57) ||
      code === 43 ||
      code === 47;
    if (!alphabet) continue;
    out.push(code);
    count++;
  }
  let cleaned = out.finish();
  // A lone trailing character carries no whole byte: Node drops it.
  if (count % 4 === 1) cleaned = StringPrototypeSlice(cleaned, 0, cleaned.length - 1);
  while (cleaned.length % 4 !== 0) cleaned += '=';
  return cleaned;
}

/** Bytes of `text` in `encoding`, as Node's `Buffer.from(text, encoding)` makes them. */
export function encodeText(text: string, encoding: FileEncoding = 'utf8'): Uint8Array {
  switch (encoding) {
    case 'utf8':
      return utf8Encode(text);
    case 'latin1':
    case 'ascii': {
      const bytes = new Uint8ArrayCtor(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = StringPrototypeCharCodeAt(text, i) & 0xff;
      return bytes;
    }
    case 'utf16le': {
      const bytes = new Uint8ArrayCtor(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        const unit = StringPrototypeCharCodeAt(text, i);
        bytes[i * 2] = unit & 0xff;
        bytes[i * 2 + 1] = unit >> 8;
      }
      return bytes;
    }
    case 'hex': {
      // Like Node: pairs of hex digits up to the first that is not one.
      const bytes = new Uint8ArrayCtor(text.length >> 1);
      let count = 0;
      for (; count < bytes.length; count++) {
        const high = hexValue(StringPrototypeCharCodeAt(text, count * 2));
        const low = hexValue(StringPrototypeCharCodeAt(text, count * 2 + 1));
        if (high < 0 || low < 0) break;
        bytes[count] = (high << 4) | low;
      }
      return count === bytes.length ? bytes : TypedArrayPrototypeSlice(bytes, 0, count);
    }
    case 'base64':
    case 'base64url':
      return encodeText(atob(cleanBase64(text)), 'latin1');
  }
}

/** `bytes[start, end)` as text in `encoding`, as Node's `buffer.toString(encoding)` reads it. */
export function decodeBytes(
  bytes: Uint8Array,
  encoding: FileEncoding = 'utf8',
  start = 0,
  end: number = TypedArrayPrototypeGetLength(bytes),
): string {
  switch (encoding) {
    case 'utf8': {
      const out = new CodeUnitWriter(end - start);
      utf8Decode(bytes, start, end, createUtf8DecoderState(), true, false, out);
      return out.finish();
    }
    case 'latin1':
      return binaryString(bytes, start, end, 0xff);
    case 'ascii':
      return binaryString(bytes, start, end, 0x7f);
    case 'utf16le': {
      const out = new CodeUnitWriter((end - start) >> 1);
      for (let i = start; i + 1 < end; i += 2) {
        out.push((bytes[i] as number) | ((bytes[i + 1] as number) << 8));
      }
      return out.finish();
    }
    case 'hex': {
      const out = new CodeUnitWriter((end - start) * 2);
      for (let i = start; i < end; i++) {
        const byte = bytes[i] as number;
        out.push(StringPrototypeCharCodeAt(hexDigits, byte >> 4));
        out.push(StringPrototypeCharCodeAt(hexDigits, byte & 15));
      }
      return out.finish();
    }
    case 'base64':
      return btoa(binaryString(bytes, start, end, 0xff));
    case 'base64url': {
      const standard = btoa(binaryString(bytes, start, end, 0xff));
      const out = new CodeUnitWriter(standard.length);
      for (let i = 0; i < standard.length; i++) {
        const code = StringPrototypeCharCodeAt(standard, i);
        if (code === 61) break;
        out.push(code === 43 ? 45 : code === 47 ? 95 : code);
      }
      return out.finish();
    }
  }
}

/**
 * What `fs` returns for file contents read without an encoding: a minimal stand-in for Node's
 * `Buffer` (there is no `Buffer` in the sandbox). It is a `Uint8Array` whose `toString(encoding)`
 * decodes like `Buffer`'s (UTF-8 by default, also `base64`, `hex`, `latin1`...), so
 * `JSON.parse(fs.readFileSync(file))` and `String(bytes)` read the text, as under Node.
 */
export class Buffer extends Uint8Array {
  /** The bytes `[start, end)` as text in `encoding` (default UTF-8). */
  override toString(
    encoding: unknown = 'utf8',
    start: unknown = 0,
    end: unknown = undefined,
  ): string {
    const length = TypedArrayPrototypeGetLength(this);
    const from = MathMax(0, MathMin(length, Number(start) || 0));
    const to = end === undefined ? length : MathMax(from, MathMin(length, Number(end) || 0));
    return decodeBytes(this, fileEncoding(encoding) ?? 'utf8', from, to);
  }

  /** Like `Buffer.prototype.toJSON`: `{ type: 'Buffer', data: [...] }`. */
  toJSON(): { type: 'Buffer'; data: number[] } {
    const data: number[] = [];
    for (let i = 0; i < TypedArrayPrototypeGetLength(this); i++) data[i] = this[i] as number;
    return { type: 'Buffer', data };
  }
}

/** A {@link Buffer} holding a copy of `bytes`. */
export function toBuffer(bytes: Uint8Array): Buffer {
  const buffer = new Buffer(TypedArrayPrototypeGetLength(bytes));
  TypedArrayPrototypeSet(buffer, bytes);
  return buffer;
}

/**
 * A fresh, tight copy of data a program writes: a string (in `encoding`), a TypedArray, a
 * DataView or an ArrayBuffer. Anything else throws Node's `ERR_INVALID_ARG_TYPE`. The copy is
 * what crosses to the workspace, so nothing the program holds (a view over a larger buffer, a
 * subclass with odd accessors) goes with it.
 */
export function dataBytes(
  data: unknown,
  encoding: FileEncoding | undefined,
  name = 'data',
): Uint8Array {
  if (typeof data === 'string') return encodeText(data, encoding ?? 'utf8');
  const view = bufferSourceBytes(data);
  if (view === undefined) {
    throw createNodeError(
      TypeErrorCtor,
      'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${describeReceived(data)}`,
    );
  }
  const copy = new Uint8ArrayCtor(TypedArrayPrototypeGetLength(view));
  TypedArrayPrototypeSet(copy, view);
  return copy;
}
