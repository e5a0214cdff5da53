/**
 * Text and bytes as just-bash passes them: strings in a named encoding, where `binary` and
 * `latin1` are "one character per byte" strings (its `ByteString`).
 */

const encodings = new Set(['utf8', 'utf-8', 'ascii', 'binary', 'base64', 'hex', 'latin1']);

/** Node's name for an encoding just-bash names (`binary` is latin1; anything unknown is UTF-8). */
function nodeEncoding(encoding: string | null | undefined): BufferEncoding {
  if (!encoding || !encodings.has(encoding)) return 'utf8';
  return encoding === 'binary' ? 'latin1' : (encoding as BufferEncoding);
}

/** The bytes of file content given as a string in `encoding` (UTF-8 by default) or as bytes. */
export function encodeContent(content: string | Uint8Array, encoding?: string | null): Uint8Array {
  if (typeof content !== 'string') return content;
  return Buffer.from(content, nodeEncoding(encoding));
}

/** Bytes as a string in `encoding` (UTF-8 by default). */
export function decodeBytes(bytes: Uint8Array, encoding?: string | null): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    nodeEncoding(encoding),
  );
}
