/** Encodings `readTextFile` and `writeTextFile` accept (Node's names, case-insensitive). */
const encodings = [
  'utf-8',
  'utf8',
  'utf16le',
  'utf-16le',
  'ucs2',
  'ucs-2',
  'latin1',
  'binary',
  'ascii',
  'base64',
  'base64url',
  'hex',
];

function checkedEncoding(encoding: string): BufferEncoding {
  if (typeof encoding !== 'string' || !Buffer.isEncoding(encoding)) {
    throw new TypeError(
      `Unknown text encoding ${JSON.stringify(encoding)}: use one of ${encodings.join(', ')} (default utf-8).`,
    );
  }
  return encoding;
}

/** Decodes file bytes as `encoding` (invalid UTF-8 becomes U+FFFD, as Node decodes it). */
export function decodeText(bytes: Uint8Array, encoding: string): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    checkedEncoding(encoding),
  );
}

/** Encodes text as `encoding` into bytes. */
export function encodeText(text: string, encoding: string): Uint8Array {
  if (typeof text !== 'string') {
    throw new TypeError(`writeTextFile needs a string as content, got ${typeof text}.`);
  }
  const buffer = Buffer.from(text, checkedEncoding(encoding));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
