import { WorkspaceError } from '@code-interpreter/core';

/** A stream that yields `bytes` in chunks of at most `chunkBytes`, then ends. */
export function bytesToStream(
  bytes: Uint8Array,
  chunkBytes = 64 * 1024,
): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
}

/**
 * Reads a whole stream into one byte array. Past `maxBytes` it stops reading, cancels the stream
 * and throws `WorkspaceError` `EFBIG` (the same refusal a write of that size gets), so a caller's
 * endless stream never fills the host's memory.
 */
export async function collectStream(
  stream: ReadableStream<Uint8Array>,
  { maxBytes, path }: { maxBytes: number; path: string },
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) {
        throw new TypeError(
          `writeFile's stream must yield Uint8Array chunks, got ${typeof value}.`,
        );
      }
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel('file too large').catch(() => {});
        throw new WorkspaceError({
          code: 'EFBIG',
          syscall: 'write',
          path,
          detail: `the stream holds more than ${maxBytes} bytes, the largest file allowed here`,
        });
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return concatBytes(chunks, total);
}

/** The chunks, in order, as one byte array of `total` bytes (their summed length). */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
