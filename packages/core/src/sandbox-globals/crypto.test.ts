import { beforeAll, describe, expect, it } from 'vitest';
import { chacha20Block } from './chacha20';
import { ChaCha20Random } from './chacha20-random';
import { createGlobalsRealm, type GlobalsRealm } from './test-realm';

let realm: GlobalsRealm;
beforeAll(async () => {
  realm = await createGlobalsRealm();
});

describe('ChaCha20', () => {
  it('matches the RFC 8439 block function test vector (section 2.3.2)', () => {
    const keyBytes = Uint8Array.from({ length: 32 }, (_, i) => i);
    const key = new Uint32Array(keyBytes.buffer);
    const nonce = new Uint32Array(new Uint8Array([0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0]).buffer);
    const out = new Uint8Array(64);
    chacha20Block(key, 1, nonce, out, 0);
    expect(Buffer.from(out).toString('hex')).toBe(
      '10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e' +
        'd2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e',
    );
  });
});

describe('ChaCha20Random', () => {
  const draw = (random: ChaCha20Random) => {
    const bytes = new Uint8Array(48);
    random.fill(bytes);
    return Buffer.from(bytes).toString('hex');
  };

  it('refuses to produce bytes until it is seeded (a generator built inside a heap snapshot)', () => {
    const random = new ChaCha20Random();
    expect(() => draw(random)).toThrow(/without host randomness/);
    random.seed(new Uint8Array(32).fill(7));
    expect(draw(random)).toMatch(/^[0-9a-f]{96}$/);
  });

  it('starts a new stream from each seed, dropping what the old key had buffered', () => {
    const seeded = (byte: number) => new ChaCha20Random(new Uint8Array(32).fill(byte));
    const reseeded = seeded(1);
    draw(reseeded);
    reseeded.seed(new Uint8Array(32).fill(2));
    expect(draw(reseeded)).toBe(draw(seeded(2)));
    expect(draw(seeded(1))).not.toBe(draw(seeded(2)));
  });
});

describe('crypto.getRandomValues', () => {
  it('fills every integer typed array kind and returns the same array', () => {
    const result = realm.run<unknown[]>(`(() => {
      const kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];
      return kinds.map((Kind) => { const a = new Kind(64); return [crypto.getRandomValues(a) === a, a.some((x) => x != 0)]; });
    })()`);
    expect(result).toEqual(Array.from({ length: 9 }, () => [true, true]));
  });

  it('rejects float arrays, DataView and non-views with TypeMismatchError, and >65536 bytes with QuotaExceededError, like Node', () => {
    const script = (make: string) =>
      `(() => { try { crypto.getRandomValues(${make}); return 'ok' } catch (e) { return [e.name, e.code, e.message, e instanceof DOMException] } })()`;
    const nodeOutcome = (value: unknown) => {
      try {
        crypto.getRandomValues(value as Uint8Array);
        return 'ok';
      } catch (error) {
        const e = error as DOMException;
        return [e.name, e.code, e.message, true];
      }
    };
    expect(realm.run(script('new Float32Array(2)'))).toEqual(nodeOutcome(new Float32Array(2)));
    expect(realm.run(script('new DataView(new ArrayBuffer(2))'))).toEqual(
      nodeOutcome(new DataView(new ArrayBuffer(2))),
    );
    expect(realm.run(script('[1, 2]'))).toEqual(nodeOutcome([1, 2]));
    expect(realm.run(script('new Uint8Array(65537)'))).toEqual(nodeOutcome(new Uint8Array(65537)));
    expect(realm.run(script('new Uint32Array(16384)'))).toBe('ok');
  });

  it('fills only the view, not the rest of its buffer', () => {
    const result = realm.run<number[]>(`(() => {
      const buffer = new Uint8Array(64);
      crypto.getRandomValues(new Uint8Array(buffer.buffer, 16, 32));
      return [buffer.subarray(0, 16).some(Boolean), buffer.subarray(48).some(Boolean), buffer.subarray(16, 48).filter(Boolean).length > 20];
    })()`);
    expect(result).toEqual([false, false, true]);
  });

  it('is seeded by the host: equal seeds give equal streams, different seeds differ', async () => {
    const seed = new Uint8Array(32).fill(7);
    const a = await createGlobalsRealm({ seed, timers: false });
    const b = await createGlobalsRealm({ seed, timers: false });
    const c = await createGlobalsRealm({ seed: new Uint8Array(32).fill(8), timers: false });
    const sample = (realmUnderTest: GlobalsRealm) =>
      realmUnderTest.run<number[]>('Array.from(crypto.getRandomValues(new Uint8Array(2000)))');
    const first = sample(a);
    expect(sample(b)).toEqual(first);
    expect(sample(c)).not.toEqual(first);
    // Output looks uniform: every byte value appears in a large sample.
    const counts = new Array(256).fill(0);
    for (const value of a.run<number[]>(
      'Array.from(crypto.getRandomValues(new Uint8Array(65536)))',
    ))
      counts[value]++;
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(370);
  });

  it('refuses a seed shorter than 32 bytes', async () => {
    await expect(createGlobalsRealm({ seed: new Uint8Array(16) })).rejects.toThrow(
      /at least 32 bytes/,
    );
  });
});

describe('crypto.randomUUID', () => {
  it('returns distinct version 4 UUIDs', () => {
    const uuids = realm.run<string[]>('Array.from({ length: 1000 }, () => crypto.randomUUID())');
    for (const uuid of uuids)
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(uuids).size).toBe(1000);
  });

  it('has no subtle and a Crypto tag; the constructor is not usable', () => {
    expect(realm.run('[typeof crypto.subtle, Object.prototype.toString.call(crypto)]')).toEqual([
      'undefined',
      '[object Crypto]',
    ]);
    expect(
      realm.run('(() => { try { new crypto.constructor() } catch (e) { return e.message } })()'),
    ).toBe('Illegal constructor');
  });
});
