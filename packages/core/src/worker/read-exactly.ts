import { read } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads exactly `byteLength` bytes from file descriptor `fd` (a pipe or stream socket, read in
 * whatever pieces it yields) into a new ArrayBuffer. A descriptor in non-blocking mode is waited
 * on (a millisecond at a time) when it has nothing yet. Rejects when the stream ends first.
 */
export async function readExactly(fd: number, byteLength: number): Promise<ArrayBuffer> {
  const bytes = new Uint8Array(new ArrayBuffer(byteLength));
  let filled = 0;
  while (filled < byteLength) {
    const count = await new Promise<number | 'again'>((resolve, reject) =>
      read(fd, bytes, filled, byteLength - filled, null, (error, bytesRead) => {
        if (error?.code === 'EAGAIN') resolve('again');
        else if (error) reject(error);
        else resolve(bytesRead);
      }),
    );
    if (count === 'again') {
      await sleep(1);
      continue;
    }
    if (count === 0) {
      throw new Error(`The stream ended after ${filled} of ${byteLength} bytes.`);
    }
    filled += count;
  }
  return bytes.buffer;
}
