/** Base64 between bytes and strings, for bodies crossing to and from the host. */
import {
  StringPrototypeCharCodeAt,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSubarray,
  Uint8ArrayCtor,
} from '../primordials';
import { CodeUnitWriter } from '../utf8';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Character code → 6-bit value, 64 for `=`, 255 for anything else (built on first use). */
let decodeTable: Uint8Array | undefined;

function table(): Uint8Array {
  if (decodeTable !== undefined) return decodeTable;
  const values = new Uint8ArrayCtor(128);
  for (let i = 0; i < 128; i++) values[i] = 255;
  for (let i = 0; i < 64; i++) values[StringPrototypeCharCodeAt(alphabet, i)] = i;
  values[0x3d] = 64;
  decodeTable = values;
  return values;
}

/** Standard Base64 (with padding) of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  const length = TypedArrayPrototypeGetLength(bytes);
  const out = new CodeUnitWriter(((length + 2) / 3) * 4);
  const digit = (value: number) => StringPrototypeCharCodeAt(alphabet, value);
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out.push(digit(n >> 18));
    out.push(digit((n >> 12) & 63));
    out.push(digit((n >> 6) & 63));
    out.push(digit(n & 63));
  }
  const rest = length - i;
  if (rest > 0) {
    const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
    out.push(digit(n >> 18));
    out.push(digit((n >> 12) & 63));
    out.push(rest === 2 ? digit((n >> 6) & 63) : 0x3d);
    out.push(0x3d);
  }
  return out.finish();
}

/**
 * Decodes standard Base64 (padding optional, no whitespace). Returns undefined for anything
 * else: the host is trusted to send valid Base64, and a fault must not pass as data.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  let length = text.length;
  if (length > 0 && StringPrototypeCharCodeAt(text, length - 1) === 0x3d) length--;
  if (length > 0 && StringPrototypeCharCodeAt(text, length - 1) === 0x3d) length--;
  if (length % 4 === 1) return undefined;
  const values = table();
  const out = new Uint8ArrayCtor((length * 3) >> 2);
  let at = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    const value = c < 128 ? (values[c] as number) : 255;
    if (value > 63) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
    }
  }
  return at === TypedArrayPrototypeGetLength(out) ? out : TypedArrayPrototypeSubarray(out, 0, at);
}
