import { defineToStringTag, makeEnumerable } from './define-global';
import { invalidArgTypeError } from './node-errors';
import {
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag,
} from './primordials';
import { toDOMString, utf8Encode, utf8EncodeInto } from './utf8';

/**
 * The WHATWG `TextEncoder`: UTF-8 only; lone surrogates encode as U+FFFD (USVString), as in
 * browsers and Node. `encodeInto` writes whole characters only and reports `{ read, written }`.
 */
export class TextEncoder {
  get encoding(): string {
    return 'utf-8';
  }

  encode(input: unknown = ''): Uint8Array {
    return utf8Encode(toDOMString(input));
  }

  encodeInto(source: unknown, destination: unknown): { read: number; written: number } {
    const text = toDOMString(source);
    if (TypedArrayPrototypeGetSymbolToStringTag(destination) !== 'Uint8Array') {
      throw invalidArgTypeError('dest', 'an instance of Uint8Array', destination);
    }
    const bytes = destination as Uint8Array;
    return utf8EncodeInto(text, bytes, 0, TypedArrayPrototypeGetLength(bytes));
  }
}

makeEnumerable(TextEncoder.prototype, ['encoding', 'encode', 'encodeInto']);
defineToStringTag(TextEncoder.prototype, 'TextEncoder');
