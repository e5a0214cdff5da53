import type { ChaCha20Random } from './chacha20-random';
import { defineToStringTag, makeEnumerable } from './define-global';
import { DOMException } from './dom-exception';
import { createNodeError } from './node-errors';
import {
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteLength,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetSymbolToStringTag,
  TypeErrorCtor,
  Uint8ArrayCtor,
} from './primordials';

const MAX_BYTES = 65536;

const integerArrays: Record<string, true> = {
  __proto__: null,
  Int8Array: true,
  Uint8Array: true,
  Uint8ClampedArray: true,
  Int16Array: true,
  Uint16Array: true,
  Int32Array: true,
  Uint32Array: true,
  BigInt64Array: true,
  BigUint64Array: true,
} as unknown as Record<string, true>;

const HEX = '0123456789abcdef';

function hex(byte: number): string {
  return `${HEX[byte >> 4]}${HEX[byte & 15]}`;
}

const constructionToken = Symbol('Crypto');
let sharedCrypto: Crypto | undefined;
let randomOf: (receiver: unknown) => ChaCha20Random;

/**
 * The `crypto` global: `getRandomValues` and `randomUUID`, backed by a ChaCha20 generator seeded
 * with host randomness. No `subtle` (Web Crypto digests and keys are not provided).
 * Unlike Node and browsers, the methods also work when detached from `crypto`.
 */
export class Crypto {
  readonly #random: ChaCha20Random;

  constructor(token: unknown, random: ChaCha20Random) {
    if (token !== constructionToken) {
      throw createNodeError(TypeErrorCtor, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    }
    this.#random = random;
  }

  static {
    randomOf = (receiver) =>
      receiver !== null && typeof receiver === 'object' && #random in receiver
        ? receiver.#random
        : (sharedCrypto as Crypto).#random;
  }

  /**
   * Fills an integer typed array with random values and returns it. Float arrays, DataViews and
   * non-views throw a DOMException `TypeMismatchError`; more than 65,536 bytes throws
   * `QuotaExceededError`, as in browsers and Node.
   */
  getRandomValues<T extends ArrayBufferView | null>(array: T): T {
    const kind = TypedArrayPrototypeGetSymbolToStringTag(array);
    if (kind === undefined || integerArrays[kind] !== true) {
      throw new DOMException(
        'The data argument must be an integer-type TypedArray',
        'TypeMismatchError',
      );
    }
    const view = array as unknown as Uint8Array;
    const byteLength = TypedArrayPrototypeGetByteLength(view);
    if (byteLength > MAX_BYTES) {
      throw new DOMException('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
    }
    const bytes = new Uint8ArrayCtor(
      TypedArrayPrototypeGetBuffer(view),
      TypedArrayPrototypeGetByteOffset(view),
      byteLength,
    );
    randomOf(this).fill(bytes);
    return array;
  }

  /** A random (version 4) UUID, lowercase: `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`. */
  randomUUID(): string {
    const b = new Uint8ArrayCtor(16);
    randomOf(this).fill(b);
    b[6] = ((b[6] as number) & 0x0f) | 0x40;
    b[8] = ((b[8] as number) & 0x3f) | 0x80;
    return (
      `${hex(b[0] as number)}${hex(b[1] as number)}${hex(b[2] as number)}${hex(b[3] as number)}-` +
      `${hex(b[4] as number)}${hex(b[5] as number)}-${hex(b[6] as number)}${hex(b[7] as number)}-` +
      `${hex(b[8] as number)}${hex(b[9] as number)}-${hex(b[10] as number)}${hex(b[11] as number)}` +
      `${hex(b[12] as number)}${hex(b[13] as number)}${hex(b[14] as number)}${hex(b[15] as number)}`
    );
  }
}

makeEnumerable(Crypto.prototype, ['getRandomValues', 'randomUUID']);
defineToStringTag(Crypto.prototype, 'Crypto');

/** Makes the realm's `crypto` object around `random` (the latest one also serves detached calls). */
export function createCrypto(random: ChaCha20Random): Crypto {
  sharedCrypto = new Crypto(constructionToken, random);
  return sharedCrypto;
}
