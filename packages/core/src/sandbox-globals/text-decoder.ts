import { defineToStringTag, makeEnumerable } from './define-global';
import { getEncoding, type SupportedEncoding } from './encoding-labels';
import { createNodeError } from './node-errors';
import {
  ArrayBufferIsView,
  ArrayBufferPrototypeGetByteLength,
  DataViewPrototypeGetBuffer,
  DataViewPrototypeGetByteLength,
  DataViewPrototypeGetByteOffset,
  RangeErrorCtor,
  SharedArrayBufferPrototypeGetByteLength,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetSymbolToStringTag,
  TypeErrorCtor,
  Uint8ArrayCtor,
} from './primordials';
import {
  CodeUnitWriter,
  createUtf8DecoderState,
  DECODE_ERROR,
  toDOMString,
  type Utf8DecoderState,
  utf8Decode,
} from './utf8';
import { Utf16Decoder } from './utf16-decoder';
import { Windows1252Decoder } from './windows-1252-decoder';

interface StreamDecoder {
  decode(
    bytes: Uint8Array,
    start: number,
    end: number,
    flush: boolean,
    fatal: boolean,
    out: CodeUnitWriter,
  ): void;
}

class Utf8Decoder implements StreamDecoder {
  #state: Utf8DecoderState = createUtf8DecoderState();

  decode(
    bytes: Uint8Array,
    start: number,
    end: number,
    flush: boolean,
    fatal: boolean,
    out: CodeUnitWriter,
  ): void {
    try {
      utf8Decode(bytes, start, end, this.#state, flush, fatal, out);
    } catch (error) {
      this.#state = createUtf8DecoderState();
      throw error;
    }
  }
}

function createDecoder(encoding: SupportedEncoding): StreamDecoder {
  switch (encoding) {
    case 'utf-8':
      return new Utf8Decoder();
    case 'utf-16le':
      return new Utf16Decoder(false);
    case 'utf-16be':
      return new Utf16Decoder(true);
    default:
      return new Windows1252Decoder();
  }
}

function invalidInputError(): Error {
  return createNodeError(
    TypeErrorCtor,
    'ERR_INVALID_ARG_TYPE',
    'The "input" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.',
  );
}

/** A Uint8Array over the bytes of a WebIDL `BufferSource` (ArrayBuffer, SharedArrayBuffer or view). */
export function bufferSourceBytes(input: unknown): Uint8Array | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  if (ArrayBufferIsView(input)) {
    if (TypedArrayPrototypeGetSymbolToStringTag(input) !== undefined) {
      return new Uint8ArrayCtor(
        TypedArrayPrototypeGetBuffer(input),
        TypedArrayPrototypeGetByteOffset(input),
        TypedArrayPrototypeGetByteLength(input),
      );
    }
    const view = input as DataView;
    return new Uint8ArrayCtor(
      DataViewPrototypeGetBuffer(view),
      DataViewPrototypeGetByteOffset(view),
      DataViewPrototypeGetByteLength(view),
    );
  }
  try {
    ArrayBufferPrototypeGetByteLength(input as ArrayBuffer);
    return new Uint8ArrayCtor(input as ArrayBuffer);
  } catch {
    // not an ArrayBuffer
  }
  if (SharedArrayBufferPrototypeGetByteLength) {
    try {
      SharedArrayBufferPrototypeGetByteLength(input as SharedArrayBuffer);
      return new Uint8ArrayCtor(input as SharedArrayBuffer);
    } catch {
      // not a SharedArrayBuffer
    }
  }
  return undefined;
}

function readBooleanOption(options: unknown, name: string, what: string): boolean {
  if (options === undefined || options === null) return false;
  if (typeof options !== 'object' && typeof options !== 'function') {
    throw createNodeError(
      TypeErrorCtor,
      'ERR_INVALID_ARG_TYPE',
      `The "${what}" argument must be of type object.`,
    );
  }
  return !!(options as Record<string, unknown>)[name];
}

/**
 * The WHATWG `TextDecoder` for UTF-8, UTF-16LE/BE and windows-1252 (`latin1`, `ascii`): `fatal`,
 * `ignoreBOM`, and `decode(input, { stream: true })` for input split at any byte. Invalid input
 * decodes to U+FFFD exactly as browsers and Node do; other encodings throw a RangeError.
 */
export class TextDecoder {
  readonly #encoding: SupportedEncoding;
  readonly #fatal: boolean;
  readonly #ignoreBOM: boolean;
  #decoder: StreamDecoder;
  #bomSeen = false;
  #streaming = false;

  constructor(label: unknown = 'utf-8', options: unknown = undefined) {
    const name = toDOMString(label);
    const encoding = getEncoding(name);
    if (encoding === undefined) {
      throw createNodeError(
        RangeErrorCtor,
        'ERR_ENCODING_NOT_SUPPORTED',
        `The "${name}" encoding is not supported`,
      );
    }
    this.#encoding = encoding;
    this.#fatal = readBooleanOption(options, 'fatal', 'options');
    this.#ignoreBOM = readBooleanOption(options, 'ignoreBOM', 'options');
    this.#decoder = createDecoder(encoding);
  }

  get encoding(): string {
    return this.#encoding;
  }

  get fatal(): boolean {
    return this.#fatal;
  }

  get ignoreBOM(): boolean {
    return this.#ignoreBOM;
  }

  decode(input: unknown = undefined, options: unknown = undefined): string {
    let bytes: Uint8Array | undefined;
    if (input !== undefined) {
      bytes = bufferSourceBytes(input);
      if (bytes === undefined) throw invalidInputError();
    }
    const stream = readBooleanOption(options, 'stream', 'options');
    if (!this.#streaming) {
      this.#decoder = createDecoder(this.#encoding);
      this.#bomSeen = false;
    }
    this.#streaming = stream;
    const length = bytes === undefined ? 0 : TypedArrayPrototypeGetByteLength(bytes);
    const out = new CodeUnitWriter(length);
    try {
      this.#decoder.decode(bytes ?? emptyBytes, 0, length, !stream, this.#fatal, out);
    } catch (error) {
      this.#streaming = false;
      if (error === DECODE_ERROR) {
        throw createNodeError(
          TypeErrorCtor,
          'ERR_ENCODING_INVALID_ENCODED_DATA',
          `The encoded data was not valid for encoding ${this.#encoding}`,
          false,
        );
      }
      throw error;
    }
    let text = out.finish();
    if (!this.#bomSeen && text.length > 0 && this.#encoding !== 'windows-1252') {
      this.#bomSeen = true;
      if (!this.#ignoreBOM && StringPrototypeCharCodeAt(text, 0) === 0xfeff) {
        text = StringPrototypeSlice(text, 1);
      }
    }
    return text;
  }
}

const emptyBytes = new Uint8ArrayCtor(0);

makeEnumerable(TextDecoder.prototype, ['encoding', 'fatal', 'ignoreBOM', 'decode']);
defineToStringTag(TextDecoder.prototype, 'TextDecoder');
