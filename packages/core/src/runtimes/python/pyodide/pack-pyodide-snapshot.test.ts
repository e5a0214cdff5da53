import { describe, expect, it } from 'vitest';
import { restoreSparseImage, sparseImagePageBytes } from './isolate/restore-sparse-image';
import { packPyodideSnapshot } from './pack-pyodide-snapshot';

const headerBytes = 128;

/** A snapshot-shaped image: Pyodide's magic, the header length, then `memory`. */
function image(memory: Uint8Array): ArrayBuffer {
  const bytes = new Uint8Array(headerBytes + memory.length);
  const header = new DataView(bytes.buffer);
  header.setUint32(0, 0x706e_7300, true);
  header.setUint32(4, headerBytes, true);
  bytes.set([1, 2, 3], 48);
  bytes.set(memory, headerBytes);
  return bytes.buffer;
}

/** Memory with non-zero bytes at the given places, of `pages` pages plus `tail` bytes. */
function memoryWith(pages: number, tail: number, nonZero: number[]): Uint8Array {
  const memory = new Uint8Array(pages * sparseImagePageBytes + tail);
  for (const at of nonZero) memory[at] = (at % 251) + 1;
  return memory;
}

describe('packPyodideSnapshot and restoreSparseImage', () => {
  it('restore memory byte for byte over a heap that held other data, keeping only non-zero pages', () => {
    const page = sparseImagePageBytes;
    const memory = memoryWith(12, 100, [
      0,
      5,
      page * 1 + 7,
      page * 2,
      page * 6 + page - 1,
      page * 12 + 99,
    ]);
    const packed = packPyodideSnapshot(image(memory));
    expect(packed).toBeDefined();
    if (!packed) return;
    // Pages 0-2 are one run, 6 another, the 100-byte tail a third.
    expect(packed.layout).toEqual({ headerBytes, runCount: 3, memoryBytes: memory.length });
    expect(packed.packed.byteLength).toBe(headerBytes + 3 * 8 + 4 * page + 100);
    expect(packed.imageBytes).toBe(headerBytes + memory.length);
    // The header travels unchanged (Pyodide's own restore reads it).
    expect([...new Uint8Array(packed.packed, 48, 3)]).toEqual([1, 2, 3]);

    // A heap longer than the image, dirty where the image is zero and where it is not.
    const heap = new Uint8Array(memory.length + page);
    heap.fill(9, page * 3, page * 5 + 10);
    heap[page * 11 + 4] = 1;
    heap[1] = 7;
    heap[memory.length + 3] = 42;
    restoreSparseImage(heap, new Uint8Array(packed.packed), packed.layout);
    expect(Buffer.from(heap.subarray(0, memory.length)).equals(Buffer.from(memory))).toBe(true);
    // Beyond the image the heap is left as it was, as Pyodide's own restore leaves it.
    expect(heap[memory.length + 3]).toBe(42);
  });

  it('an all-zero memory packs to its header, and restores to zeros', () => {
    const memory = new Uint8Array(3 * sparseImagePageBytes);
    const packed = packPyodideSnapshot(image(memory));
    expect(packed?.layout.runCount).toBe(0);
    const heap = new Uint8Array(memory.length).fill(3);
    if (packed) restoreSparseImage(heap, new Uint8Array(packed.packed), packed.layout);
    expect(heap.every((byte) => byte === 0)).toBe(true);
  });

  it('refuses what is not a Pyodide snapshot, and a run table pointing outside the memory', () => {
    expect(packPyodideSnapshot(new ArrayBuffer(4))).toBeUndefined();
    expect(packPyodideSnapshot(new Uint8Array(256).buffer)).toBeUndefined();
    const memory = memoryWith(2, 0, [10]);
    const packed = packPyodideSnapshot(image(memory));
    if (!packed) throw new Error('not packed');
    const bytes = new Uint8Array(packed.packed);
    new DataView(bytes.buffer).setUint32(headerBytes, 3 * sparseImagePageBytes, true);
    expect(() => restoreSparseImage(new Uint8Array(memory.length), bytes, packed.layout)).toThrow(
      RangeError,
    );
  });

  it('does not touch memory known to be zero (a fresh instance never wrote there) except to write the image', () => {
    const page = sparseImagePageBytes;
    const memory = memoryWith(8, 0, [page * 6 + 1]);
    const packed = packPyodideSnapshot(image(memory));
    if (!packed) throw new Error('not packed');
    const heap = new Uint8Array(memory.length);
    heap[page + 2] = 5; // below the break: cleared, the image is zero there
    heap[page * 4 + 9] = 5;
    heap[page * 4 + 10] = 5; // at and above it: assumed zero, so left (a fresh instance has none)
    heap[page * 5 + 3] = 5;
    restoreSparseImage(heap, new Uint8Array(packed.packed), packed.layout, [
      [page * 4 + 10, heap.length],
    ]);
    expect(heap[page + 2]).toBe(0);
    expect(heap[page * 4 + 9]).toBe(0);
    expect(heap[page * 4 + 10]).toBe(5);
    expect(heap[page * 5 + 3]).toBe(5);
    expect(heap[page * 6 + 1]).toBe(memory[page * 6 + 1]);
  });

  it('clears between known-zero ranges, and around runs inside them writes only the runs', () => {
    const page = sparseImagePageBytes;
    const memory = memoryWith(10, 0, [page * 3 + 1, page * 8 + 2]);
    const packed = packPyodideSnapshot(image(memory));
    if (!packed) throw new Error('not packed');
    const heap = new Uint8Array(memory.length).fill(5);
    // Pages 2-4 (a run at page 3 inside) and 7 onwards are said to be zero already.
    restoreSparseImage(heap, new Uint8Array(packed.packed), packed.layout, [
      [page * 7, heap.length],
      [page * 2, page * 5],
    ]);
    const at = (index: number) => heap[index];
    expect(at(0)).toBe(0); // cleared: not known to be zero
    expect(at(page * 2)).toBe(5); // left: known zero
    expect(at(page * 3 + 1)).toBe(memory[page * 3 + 1]); // the image's run, written
    expect(at(page * 3 + 2)).toBe(0); // the run's whole page is written
    expect(at(page * 4 + 9)).toBe(5);
    expect(at(page * 5)).toBe(0);
    expect(at(page * 6 + page - 1)).toBe(0);
    expect(at(page * 7)).toBe(5);
    expect(at(page * 8 + 2)).toBe(memory[page * 8 + 2]);
    expect(at(page * 9)).toBe(5);
  });
});
