import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGlobalsRealm, type GlobalsRealm } from './test-realm';

let realm: GlobalsRealm;
beforeAll(async () => {
  realm = await createGlobalsRealm();
});

/** Runs `fn` in the sandbox realm and in Node, expecting the same outcome (value or error name). */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return {
      error: (error as Error).name,
      code: (error as { code?: string }).code,
      message: (error as Error).message,
    };
  }
}

describe('TextEncoder', () => {
  it('encodes like Node for a table of strings, lone surrogates included', () => {
    const encode = realm.run<(s: string) => number[]>(
      '(s) => Array.from(new TextEncoder().encode(s))',
    );
    const cases = [
      '',
      'abc',
      'héllo',
      '€',
      '😀',
      'a\uD800b',
      '\uDC00',
      '\uD83D',
      'x\uD83D\uDE00y',
      '\0\x7f\x80',
      'ß∂ƒ©',
    ];
    for (const text of cases)
      expect(encode(text), JSON.stringify(text)).toEqual(
        Array.from(new TextEncoder().encode(text)),
      );
  });

  it('encodes random strings exactly like Node', () => {
    const encode = realm.run<(s: string) => number[]>(
      '(s) => Array.from(new TextEncoder().encode(s))',
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(encode(text)).toEqual(Array.from(new TextEncoder().encode(text)));
      }),
      { numRuns: 500 },
    );
  });

  it('encodeInto writes whole characters only and reports read/written like Node', () => {
    const encodeInto = realm.run<(s: string, n: number) => unknown>(
      '(s, n) => { const d = new Uint8Array(n); const r = new TextEncoder().encodeInto(s, d); return [r.read, r.written, Array.from(d)]; }',
    );
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 16 }),
        fc.integer({ min: 0, max: 40 }),
        (text, size) => {
          const dest = new Uint8Array(size);
          const result = new TextEncoder().encodeInto(text, dest);
          expect(encodeInto(text, size)).toEqual([result.read, result.written, Array.from(dest)]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('has the encoding property and rejects a non-Uint8Array destination like Node', () => {
    expect(realm.run('new TextEncoder().encoding')).toBe('utf-8');
    const error = realm.run<Error & { code: string }>(
      "(() => { try { new TextEncoder().encodeInto('a', []) } catch (e) { return e } })()",
    );
    expect(error.code).toBe('ERR_INVALID_ARG_TYPE');
    expect(error.message).toBe(
      'The "dest" argument must be an instance of Uint8Array. Received an instance of Array',
    );
  });
});

describe('TextDecoder', () => {
  const decodeIn = () =>
    realm.run<
      (label: string, bytes: number[], options: object) => unknown
    >(`(label, bytes, options) => {
      try { return { value: new TextDecoder(label, options).decode(new Uint8Array(bytes)) } }
      catch (e) { return { error: e.name, code: e.code, message: e.message } }
    }`);

  it('decodes invalid UTF-8 with the same replacement characters as Node', () => {
    const decode = decodeIn();
    const cases = [
      [0xff],
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf0, 0x9f, 0x98],
      [0xf0, 0x9f, 0x98, 0x41],
      [0xe2, 0x82],
      [0x61, 0xe2, 0x82, 0x62],
      [0xef, 0xbb, 0xbf, 0x61],
      [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
      [0x80, 0x80, 0xbf],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ];
    for (const bytes of cases) {
      expect(decode('utf-8', bytes, {}), JSON.stringify(bytes)).toEqual(
        outcome(() => new TextDecoder('utf-8').decode(new Uint8Array(bytes))),
      );
      expect(decode('utf-8', bytes, { ignoreBOM: true })).toEqual(
        outcome(() => new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(bytes))),
      );
      expect(decode('utf-8', bytes, { fatal: true })).toEqual(
        outcome(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes))),
      );
    }
  });

  it('decodes random bytes like Node in UTF-8, UTF-16LE and UTF-16BE, fatal or not', () => {
    const decode = decodeIn();
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 255 }),
            fc.constantFrom(0xef, 0xbb, 0xbf, 0xd8, 0xdc, 0xf0, 0x80),
          ),
          { maxLength: 24 },
        ),
        fc.constantFrom('utf-8', 'utf-16le', 'utf-16be'),
        fc.boolean(),
        fc.boolean(),
        (bytes, label, fatal, ignoreBOM) => {
          const expected = outcome(() =>
            new TextDecoder(label, { fatal, ignoreBOM }).decode(new Uint8Array(bytes)),
          );
          expect(decode(label, bytes, { fatal, ignoreBOM })).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('streams: any split of the input decodes like one call (Node as the oracle)', () => {
    const stream = realm.run<(label: string, chunks: number[][]) => string>(`(label, chunks) => {
      const decoder = new TextDecoder(label);
      let out = '';
      for (const chunk of chunks) out += decoder.decode(new Uint8Array(chunk), { stream: true });
      return out + decoder.decode();
    }`);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }), { maxLength: 6 }),
        fc.constantFrom('utf-8', 'utf-16le'),
        (chunks, label) => {
          const decoder = new TextDecoder(label);
          let expected = '';
          for (const chunk of chunks)
            expected += decoder.decode(new Uint8Array(chunk), { stream: true });
          expected += decoder.decode();
          expect(stream(label, chunks)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decodes long mostly-ASCII input with stray bytes like Node (bulk ASCII path, chunk seams)', () => {
    const decode = decodeIn();
    const mostlyAscii = fc.array(
      fc.oneof(
        { weight: 20, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
        { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
        { weight: 1, arbitrary: fc.constantFrom(0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80) },
      ),
      { minLength: 30, maxLength: 400 },
    );
    fc.assert(
      fc.property(mostlyAscii, fc.boolean(), (bytes, fatal) => {
        const expected = outcome(() =>
          new TextDecoder('utf-8', { fatal }).decode(new Uint8Array(bytes)),
        );
        expect(decode('utf-8', bytes, { fatal })).toEqual(expected);
      }),
      { numRuns: 500 },
    );
    // Large inputs cross the 8192-unit chunks of the string builder.
    const big = new TextEncoder().encode(
      `${'ascii only '.repeat(3000)}é€😀${'x'.repeat(20000)}\u{10FFFF}`,
    );
    const bytes = Array.from(big);
    bytes.splice(40000, 0, 0xff, 0xc3);
    expect(decode('utf-8', bytes, {})).toEqual(
      outcome(() => new TextDecoder().decode(new Uint8Array(bytes))),
    );
    const roundTrip = realm.run<(n: number) => boolean>(
      "(n) => { const s = 'héllo wörld € 😀 '.repeat(n); return new TextDecoder().decode(new TextEncoder().encode(s)) === s }",
    );
    expect(roundTrip(20000)).toBe(true);
  });

  it('round-trips random strings through TextEncoder and TextDecoder exactly as Node does', () => {
    const roundTrip = realm.run<(s: string) => string>(
      '(s) => new TextDecoder().decode(new TextEncoder().encode(s))',
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(roundTrip(text)).toBe(new TextDecoder().decode(new TextEncoder().encode(text)));
      }),
      { numRuns: 500 },
    );
  });

  it('maps labels to encodings like Node and rejects unknown ones with a RangeError', () => {
    const encodingOf = realm.run<(label: string) => unknown>(`(label) => {
      try { return { value: new TextDecoder(label).encoding } } catch (e) { return { error: e.name, code: e.code, message: e.message } }
    }`);
    for (const label of [
      'utf8',
      ' UTF-8 ',
      'unicode-1-1-utf-8',
      'utf-16',
      'UTF-16LE',
      'utf-16be',
      'ucs-2',
      'latin1',
      'ascii',
      'iso-8859-1',
      'windows-1252',
      'us-ascii',
    ]) {
      expect(encodingOf(label), label).toEqual(outcome(() => new TextDecoder(label).encoding));
    }
    expect(encodingOf('no-such-encoding')).toEqual(
      outcome(() => new TextDecoder('no-such-encoding')),
    );
  });

  it('decodes windows-1252 (latin1) with the WHATWG table', () => {
    const decode = decodeIn();
    const bytes = Array.from({ length: 256 }, (_, i) => i);
    const expected = outcome(() => new TextDecoder('windows-1252').decode(new Uint8Array(bytes)));
    expect(decode('latin1', bytes, {})).toEqual(expected);
    expect((decode('latin1', [0x80, 0x9f, 0xe9], {}) as { value: string }).value).toBe('€Ÿé');
  });

  it('accepts ArrayBuffer, DataView and other typed arrays, and rejects other input like Node', () => {
    const result = realm.run<string[]>(`(() => {
      const bytes = new TextEncoder().encode('hello world');
      const d = new TextDecoder();
      return [
        d.decode(bytes.buffer),
        d.decode(new DataView(bytes.buffer, 6, 5)),
        d.decode(new Uint16Array(bytes.buffer, 0, 2)),
        d.decode(bytes.subarray(0, 5)),
        d.decode(),
      ];
    })()`);
    expect(result).toEqual(['hello world', 'world', 'hell', 'hello', '']);
    const error = realm.run<Error & { code: string }>(
      "(() => { try { new TextDecoder().decode('abc') } catch (e) { return e } })()",
    );
    expect(error.name).toBe('TypeError');
    expect(error.code).toBe('ERR_INVALID_ARG_TYPE');
  });

  it('reports the fatal and ignoreBOM options', () => {
    expect(
      realm.run(
        "(() => { const d = new TextDecoder('utf-8', { fatal: true }); return [d.fatal, d.ignoreBOM, d.encoding] })()",
      ),
    ).toEqual([true, false, 'utf-8']);
  });
});
