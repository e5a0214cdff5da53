import { markNotCloneable } from '../builtin-kind';
import { defineToStringTag, makeEnumerable } from '../define-global';
import { describeReceived } from '../node-errors';
import {
  createList,
  MathMax,
  MathMin,
  MathTrunc,
  NumberCtor,
  NumberIsNaN,
  PromiseResolve,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  SymbolIterator,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSlice,
  Uint8ArrayCtor,
} from '../primordials';
import { bufferSourceBytes } from '../text-decoder';
import { utf8Encode } from '../utf8';
import { bytesToArrayBuffer, concatBytes, decodeUtf8Text } from './bytes';
import { PromiseReject } from './fetch-intrinsics';
import { asciiLowercase } from './header-values';
import { codedTypeError, isObject, iterateSequence, toUSVString } from './webidl';

/** Access to Blob internals for File, FormData and the bodies (not public API). */
export const blobInternals = {
  isBlob: undefined as unknown as (value: unknown) => value is Blob,
  /** The bytes of a Blob (shared, never modified: copy before handing them to user code). */
  bytesOf: undefined as unknown as (blob: Blob) => Uint8Array,
  typeOf: undefined as unknown as (blob: Blob) => string,
  /** Replaces the bytes and type of a Blob (or File) made with `blobConstructionToken`. */
  setData: undefined as unknown as (blob: Blob, bytes: Uint8Array, type: string) => void,
  /** A Blob over `bytes` (taken, not copied). */
  create: undefined as unknown as (bytes: Uint8Array, type: string) => Blob,
};

/** Passed as the first argument, makes an empty Blob (or File) without reading any argument. */
export const blobConstructionToken = Symbol('Blob');
const constructionToken = blobConstructionToken;

function invalidThis(): Error {
  return codedTypeError('ERR_INVALID_THIS', 'Value of "this" must be of type Blob');
}

/** A Blob's `type`: lowercased, or '' when it holds anything outside U+0020-U+007E. */
export function normalizeType(type: unknown): string {
  if (type === undefined) return '';
  const text = `${type as string}`;
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (c < 0x20 || c > 0x7e) return '';
  }
  return asciiLowercase(text);
}

/** `\r\n` and `\r` to `\n` (`endings: 'native'` on a POSIX host, as Node does on Linux). */
function toNativeLineEndings(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (StringPrototypeCharCodeAt(text, i) !== 0x0d) continue;
    out += `${StringPrototypeSlice(text, start, i)}\n`;
    if (i + 1 < text.length && StringPrototypeCharCodeAt(text, i + 1) === 0x0a) i++;
    start = i + 1;
  }
  return start === 0 ? text : out + StringPrototypeSlice(text, start);
}

function readOptions(options: unknown): { type: unknown; endings: string } {
  if (options === undefined || options === null) {
    return { type: undefined, endings: 'transparent' };
  }
  if (!isObject(options)) {
    throw codedTypeError(
      'ERR_INVALID_ARG_TYPE',
      `The "options" argument must be a dictionary. Received ${describeReceived(options)}`,
    );
  }
  const endingsValue = (options as { endings?: unknown }).endings;
  const endings = endingsValue === undefined ? 'transparent' : `${endingsValue as string}`;
  if (endings !== 'transparent' && endings !== 'native') {
    throw codedTypeError(
      'ERR_INVALID_ARG_VALUE',
      `The property 'options.endings' is invalid. Received '${endings}'`,
    );
  }
  return { type: (options as { type?: unknown }).type, endings };
}

/** The bytes of `parts` (a sequence of strings, BufferSources and Blobs), concatenated. */
function partsToBytes(parts: unknown, endings: string): Uint8Array {
  if (parts === undefined) return new Uint8ArrayCtor(0);
  const notSequence = () =>
    codedTypeError('ERR_INVALID_ARG_TYPE', 'Value cannot be converted to sequence.');
  if (!isObject(parts)) throw notSequence();
  const chunks = createList<Uint8Array>();
  let total = 0;
  iterateSequence(
    parts,
    (parts as { [Symbol.iterator]?: unknown })[SymbolIterator],
    (part) => {
      let bytes: Uint8Array | undefined;
      if (blobInternals.isBlob(part)) bytes = blobInternals.bytesOf(part);
      else if (isObject(part)) bytes = bufferSourceBytes(part);
      if (bytes === undefined) {
        const text = toUSVString(part);
        bytes = utf8Encode(endings === 'native' ? toNativeLineEndings(text) : text);
      } else if (!blobInternals.isBlob(part)) {
        bytes = TypedArrayPrototypeSlice(bytes);
      }
      chunks[chunks.length] = bytes;
      total += TypedArrayPrototypeGetLength(bytes);
    },
    notSequence,
  );
  return concatBytes(chunks, total);
}

/** A relative index of `slice()` clamped to `[0, size]`. */
function clampIndex(value: unknown, size: number, fallback: number): number {
  if (value === undefined) return fallback;
  let n = NumberCtor(value);
  n = NumberIsNaN(n) ? 0 : MathTrunc(n);
  return n < 0 ? MathMax(size + n, 0) : MathMin(n, size);
}

/**
 * The File API `Blob`, held in memory: `size`, `type`, `slice()`, `text()`, `arrayBuffer()` and
 * `bytes()`. There is no `stream()`: this sandbox has no `ReadableStream`.
 */
export class Blob {
  #bytes: Uint8Array;
  #type: string;

  constructor(blobParts: unknown = undefined, options: unknown = undefined) {
    if (blobParts === constructionToken) {
      this.#bytes = new Uint8ArrayCtor(0);
      this.#type = '';
      return;
    }
    const read = readOptions(options);
    this.#bytes = partsToBytes(blobParts, read.endings);
    this.#type = normalizeType(read.type);
  }

  get size(): number {
    if (!(#bytes in this)) throw invalidThis();
    return TypedArrayPrototypeGetLength(this.#bytes);
  }

  get type(): string {
    if (!(#bytes in this)) throw invalidThis();
    return this.#type;
  }

  slice(start: unknown = undefined, end: unknown = undefined, contentType: unknown = undefined) {
    if (!(#bytes in this)) throw invalidThis();
    const size = TypedArrayPrototypeGetLength(this.#bytes);
    const from = clampIndex(start, size, 0);
    const to = clampIndex(end, size, size);
    const bytes = TypedArrayPrototypeSlice(this.#bytes, from, MathMax(from, to));
    return blobInternals.create(bytes, normalizeType(contentType));
  }

  text(): Promise<string> {
    if (!(#bytes in this)) return PromiseReject(invalidThis());
    return PromiseResolve(decodeUtf8Text(this.#bytes));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (!(#bytes in this)) return PromiseReject(invalidThis());
    return PromiseResolve(bytesToArrayBuffer(this.#bytes));
  }

  bytes(): Promise<Uint8Array> {
    if (!(#bytes in this)) return PromiseReject(invalidThis());
    return PromiseResolve(TypedArrayPrototypeSlice(this.#bytes));
  }

  static {
    blobInternals.isBlob = (value): value is Blob => isObject(value) && #bytes in value;
    blobInternals.bytesOf = (blob) => blob.#bytes;
    blobInternals.typeOf = (blob) => blob.#type;
    blobInternals.setData = (blob, bytes, type) => {
      blob.#bytes = bytes;
      blob.#type = type;
    };
    blobInternals.create = (bytes, type) => {
      const blob = new Blob(constructionToken);
      blob.#bytes = bytes;
      blob.#type = type;
      return blob;
    };
  }
}

makeEnumerable(Blob.prototype, ['size', 'type', 'slice', 'text', 'arrayBuffer', 'bytes']);
defineToStringTag(Blob.prototype, 'Blob');
markNotCloneable(Blob.prototype);
