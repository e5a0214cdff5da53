import { chacha20Block } from './chacha20';
import {
  MathMin,
  TypedArrayPrototypeFill,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSubarray,
  TypeErrorCtor,
  Uint8ArrayCtor,
  Uint32ArrayCtor,
} from './primordials';

const BLOCKS_PER_REFILL = 16;
const REFILL_BYTES = BLOCKS_PER_REFILL * 64;
const KEY_BYTES = 32;

/**
 * A cryptographically secure random generator inside the isolate: ChaCha20 keyed from host
 * randomness, used as a fast-key-erasure generator (Bernstein, 2017). Each refill produces 16
 * blocks under the current key; the first 32 bytes become the next key and the rest is output,
 * so a later compromise of the state reveals nothing about bytes already handed out. Consumed
 * output is zeroed.
 *
 * Build one per sandbox start from fresh host randomness: a generator captured in a heap snapshot
 * would give every restored sandbox the same stream.
 */
export class ChaCha20Random {
  readonly #key = new Uint32ArrayCtor(8);
  readonly #nonce = new Uint32ArrayCtor(3);
  readonly #pool = new Uint8ArrayCtor(REFILL_BYTES);
  #position = REFILL_BYTES;

  #seeded = false;

  /**
   * `seed`: at least 32 bytes of real randomness; bytes past 32 are folded into the key. Without
   * it the generator refuses to produce bytes until `seed()` is called (for a generator built
   * inside a heap snapshot and keyed in each restored context).
   */
  constructor(seed?: Uint8Array) {
    if (seed !== undefined) this.seed(seed);
  }

  /** Keys the generator afresh from host randomness, dropping any output not yet handed out. */
  seed(seed: Uint8Array): void {
    const length = TypedArrayPrototypeGetLength(seed);
    if (length < KEY_BYTES) {
      throw new TypeErrorCtor(
        `The random seed must hold at least ${KEY_BYTES} bytes; got ${length}.`,
      );
    }
    const keyBytes = new Uint8ArrayCtor(KEY_BYTES);
    for (let i = 0; i < length; i++) {
      keyBytes[i % KEY_BYTES] = (keyBytes[i % KEY_BYTES] as number) ^ (seed[i] as number);
    }
    this.#setKey(keyBytes, 0);
    TypedArrayPrototypeFill(keyBytes, 0);
    TypedArrayPrototypeFill(this.#pool, 0);
    // The first refill happens on first use: a sandbox that never asks for randomness pays nothing.
    this.#position = REFILL_BYTES;
    this.#seeded = true;
  }

  #setKey(bytes: Uint8Array, offset: number): void {
    for (let i = 0; i < 8; i++) {
      const at = offset + i * 4;
      this.#key[i] =
        (bytes[at] as number) |
        ((bytes[at + 1] as number) << 8) |
        ((bytes[at + 2] as number) << 16) |
        ((bytes[at + 3] as number) << 24);
    }
  }

  #refill(): void {
    const pool = this.#pool;
    for (let block = 0; block < BLOCKS_PER_REFILL; block++) {
      chacha20Block(this.#key, block, this.#nonce, pool, block * 64);
    }
    this.#setKey(pool, 0);
    TypedArrayPrototypeFill(pool, 0, 0, KEY_BYTES);
    this.#position = KEY_BYTES;
  }

  /** Fills `target` with random bytes. */
  fill(target: Uint8Array): void {
    if (!this.#seeded) {
      throw new TypeErrorCtor(
        'crypto is not ready: the sandbox was started without host randomness.',
      );
    }
    const length = TypedArrayPrototypeGetLength(target);
    let written = 0;
    while (written < length) {
      if (this.#position >= REFILL_BYTES) this.#refill();
      const take = MathMin(REFILL_BYTES - this.#position, length - written);
      const end = this.#position + take;
      TypedArrayPrototypeSet(
        target,
        TypedArrayPrototypeSubarray(this.#pool, this.#position, end),
        written,
      );
      TypedArrayPrototypeFill(this.#pool, 0, this.#position, end);
      this.#position = end;
      written += take;
    }
  }
}
