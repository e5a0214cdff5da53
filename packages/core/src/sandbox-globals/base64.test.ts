import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGlobalsRealm, type GlobalsRealm } from './test-realm';

let realm: GlobalsRealm;
beforeAll(async () => {
  realm = await createGlobalsRealm();
});

function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return {
      error: (error as Error).name,
      code: (error as { code?: unknown }).code,
      message: (error as Error).message,
    };
  }
}

const inRealm = (name: 'atob' | 'btoa') =>
  realm.run<(input: unknown) => unknown>(`(input) => {
    try { return { value: ${name}(input) } } catch (e) { return { error: e.name, code: e.code, message: e.message } }
  }`);

describe('atob and btoa', () => {
  it('match Node for a table of valid and malformed inputs', () => {
    const atobIn = inRealm('atob');
    const cases = [
      '',
      'YQ==',
      'YQ',
      'YWI=',
      'YWJj',
      ' Y W J j ',
      'YQ=',
      'YQ===',
      'Y',
      'abc=d',
      '=',
      '====',
      'YW==',
      'Y\tQ\n=\f=\r',
      'YQ==YQ==',
      'YQ!=',
      '\u00ff',
      'AAAA',
      '////',
      '++++',
      'Zm9vYmFy',
      'Zm9vYg',
      'Zm9vYmE',
    ];
    for (const input of cases)
      expect(atobIn(input), JSON.stringify(input)).toEqual(outcome(() => atob(input)));
    const btoaIn = inRealm('btoa');
    for (const input of ['', 'a', 'ab', 'abc', '\u00ff\u00fe', '\u0100', '😀', 'hello world']) {
      expect(btoaIn(input), JSON.stringify(input)).toEqual(outcome(() => btoa(input)));
    }
  });

  it('round-trip random binary strings and decode random Base64-ish text like Node', () => {
    const atobIn = inRealm('atob');
    const btoaIn = inRealm('btoa');
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)),
          maxLength: 40,
        }),
        (binary) => {
          expect(btoaIn(binary)).toEqual({ value: btoa(binary) });
          expect(atobIn(btoa(binary))).toEqual({ value: binary });
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'AZaz09+/= \t\n-_!'.split('')), maxLength: 12 }),
        (text) => {
          expect(atobIn(text)).toEqual(outcome(() => atob(text)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('handle large inputs like Node', () => {
    const binary = String.fromCharCode(
      ...Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 256),
    );
    expect(inRealm('btoa')(binary)).toEqual({ value: btoa(binary) });
    expect(inRealm('atob')(btoa(binary))).toEqual({ value: binary });
  });

  it('throw a DOMException InvalidCharacterError that is an Error, and need an argument', () => {
    const result = realm.run<unknown[]>(`(() => {
      try { atob('%') } catch (e) { return [e instanceof DOMException, e instanceof Error, e.name, e.code] }
    })()`);
    expect(result).toEqual([true, true, 'InvalidCharacterError', 5]);
    expect(inRealm('atob')).toBeTypeOf('function');
    expect(realm.run(`(() => { try { atob() } catch (e) { return e.code } })()`)).toBe(
      'ERR_MISSING_ARGS',
    );
    expect(realm.run(`btoa(12)`)).toBe(btoa('12'));
  });
});
