import { describe, expect, it } from 'vitest';
import { decodeBytes, encodeText, Buffer as FileBuffer, type FileEncoding } from './file-bytes';

const encodings: FileEncoding[] = [
  'utf8',
  'utf16le',
  'latin1',
  'ascii',
  'base64',
  'base64url',
  'hex',
];
const texts = ['', 'plain ascii', 'héllo wörld', '😀 emoji', '\u0000\u00ff\u0100', 'a\ud800b'];
const byteSamples = [
  new Uint8Array([]),
  new Uint8Array([0, 1, 127, 128, 255]),
  new Uint8Array([0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98]),
  Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256),
];

describe('fs encodings match Node Buffer', () => {
  it('decodes bytes like buffer.toString(encoding)', () => {
    for (const encoding of encodings) {
      for (const bytes of byteSamples) {
        expect([encoding, decodeBytes(bytes, encoding)]).toEqual([
          encoding,
          Buffer.from(bytes).toString(encoding),
        ]);
      }
    }
  });

  it('encodes text like Buffer.from(text, encoding)', () => {
    for (const encoding of ['utf8', 'utf16le', 'latin1', 'ascii'] as const) {
      for (const text of texts) {
        expect([encoding, text, [...encodeText(text, encoding)]]).toEqual([
          encoding,
          text,
          [...Buffer.from(text, encoding)],
        ]);
      }
    }
    for (const encoded of ['aGk=', 'aGk', 'aGk=!!aGk', '/+-_', ' a G k ', 'a', '']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        expect([encoded, [...encodeText(encoded, encoding)]]).toEqual([
          encoded,
          [...Buffer.from(encoded, encoding)],
        ]);
      }
    }
    for (const encoded of ['00ff10', 'abz1', 'ABCDEF', 'abc', '']) {
      expect([...encodeText(encoded, 'hex')]).toEqual([...Buffer.from(encoded, 'hex')]);
    }
  });

  it('gives read bytes a toString that decodes, like a Buffer', () => {
    const bytes = new FileBuffer(Buffer.from('{"a":"é"}'));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(String(bytes)).toBe('{"a":"é"}');
    expect(JSON.parse(bytes as unknown as string)).toEqual({ a: 'é' });
    expect(bytes.toString('hex', 1, 4)).toBe(Buffer.from('"a"').toString('hex'));
    expect(bytes.subarray(2, 3).toString()).toBe('a');
    expect(() => bytes.toString('klingon')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    );
  });
});
