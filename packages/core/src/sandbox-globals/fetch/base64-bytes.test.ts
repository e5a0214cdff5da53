import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64-bytes';

describe('base64-bytes', () => {
  it('encodes and decodes every length and byte value as Node does', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 37 + length) % 256);
      const encoded = encodeBase64(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(decodeBase64(encoded) ?? [])).toEqual(Array.from(bytes));
      expect(Array.from(decodeBase64(encoded.replace(/=+$/, '')) ?? [])).toEqual(Array.from(bytes));
    }
  });

  it('refuses what is not Base64 instead of guessing', () => {
    for (const text of ['%%%%', 'abcde', 'ab cd', 'YQ==YQ==', 'é===']) {
      expect(decodeBase64(text), text).toBeUndefined();
    }
  });
});
