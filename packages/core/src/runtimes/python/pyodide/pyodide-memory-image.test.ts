import { describe, expect, it } from 'vitest';
import { sparseImagePageBytes } from './isolate/restore-sparse-image';
import { pyodideMemoryImage } from './pyodide-memory-image';

/** A snapshot-shaped image: Pyodide's magic, a 64-byte header, then two pages, one non-zero. */
function snapshot(): ArrayBuffer {
  const bytes = new Uint8Array(64 + 2 * sparseImagePageBytes);
  const header = new DataView(bytes.buffer);
  header.setUint32(0, 0x706e_7300, true);
  header.setUint32(4, 64, true);
  bytes[64 + sparseImagePageBytes + 5] = 1;
  return bytes.buffer;
}

describe('pyodideMemoryImage', () => {
  it('packs a Pyodide snapshot and says how, so workers restore it without its zero pages', () => {
    const image = pyodideMemoryImage(snapshot());
    expect(image.sparse).toEqual({
      layout: { headerBytes: 64, runCount: 1, memoryBytes: 2 * sparseImagePageBytes },
      imageBytes: 64 + 2 * sparseImagePageBytes,
    });
    expect(image.bytes.byteLength).toBe(64 + 8 + sparseImagePageBytes);
  });

  it('hands over anything else whole, with no layout', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer;
    const image = pyodideMemoryImage(bytes);
    expect(image.bytes).toBe(bytes);
    expect(image.sparse).toBeUndefined();
  });
});
