/** Byte helpers shared by the bodies and Blob. */
import {
  ArrayBufferPrototypeSlice,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSet,
  Uint8ArrayCtor,
} from '../primordials';
import { CodeUnitWriter, createUtf8DecoderState, utf8Decode } from '../utf8';

/** UTF-8 decode (the Encoding Standard's, as `Response.text()` uses): a leading BOM is dropped. */
export function decodeUtf8Text(bytes: Uint8Array): string {
  const length = TypedArrayPrototypeGetLength(bytes);
  const start = length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const out = new CodeUnitWriter(length - start);
  utf8Decode(bytes, start, length, createUtf8DecoderState(), true, false, out);
  return out.finish();
}

/** A new ArrayBuffer holding a copy of `bytes`. */
export function bytesToArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const offset = TypedArrayPrototypeGetByteOffset(bytes);
  return ArrayBufferPrototypeSlice(
    TypedArrayPrototypeGetBuffer(bytes) as ArrayBuffer,
    offset,
    offset + TypedArrayPrototypeGetByteLength(bytes),
  );
}

/** `chunks` joined into one new array of `total` bytes. */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8ArrayCtor(total);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i] as Uint8Array;
    TypedArrayPrototypeSet(out, chunk, at);
    at += TypedArrayPrototypeGetLength(chunk);
  }
  return out;
}
