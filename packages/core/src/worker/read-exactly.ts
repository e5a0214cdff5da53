import { read } from 'node:fs';

/**
 * Reads exactly `byteLength` bytes from file descriptor `fd` (a pipe or stream socket, read in
 * whatever pieces it yields) into a new ArrayBuffer. Rejects when the stream ends first.
 */
export async function readExactly(fd: number, byteLength: number): Promise<ArrayBuffer> {
  const bytes = new Uint8Array(new ArrayBuffer(byteLength));
  let filled = 0;
  while (filled < byteLength) {
    const count = await new Promise<number>((resolve, reject) =>
      read(fd, bytes, filled, byteLength - filled, null, (error, bytesRead) =>
        error ? reject(error) : resolve(bytesRead),
      ),
    );
    if (count === 0) {
      throw new Error(`The stream ended after ${filled} of ${byteLength} bytes.`);
    }
    filled += count;
  }
  return bytes.buffer;
}
