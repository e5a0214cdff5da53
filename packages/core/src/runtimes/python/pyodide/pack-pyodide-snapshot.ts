import { type SparseImageLayout, sparseImagePageBytes } from './isolate/restore-sparse-image';

/** A Pyodide memory snapshot without its zero pages (see `restoreSparseImage`). */
export interface PackedPyodideSnapshot {
  /** Header, run table and the non-zero runs (see {@link SparseImageLayout}). */
  packed: ArrayBuffer;
  layout: SparseImageLayout;
  /** Length of the whole snapshot (header and memory), which sizes the new instance's memory. */
  imageBytes: number;
}

/** Pyodide's snapshot magic number (the first 32-bit word of a snapshot). */
const pyodideSnapshotMagic = 0x706e_7300;

/**
 * Packs a snapshot made by Pyodide's `makeMemorySnapshot` (a header whose second word is the
 * offset of the memory image, then the image) into its non-zero 4 KB pages, merged into runs.
 * About half of a booted interpreter's pages are zero: a fresh WebAssembly memory already is,
 * so they need neither a copy into the sandbox nor a write into its memory. `undefined` when the
 * header is not laid out as expected (the caller then restores the whole image).
 */
export function packPyodideSnapshot(image: ArrayBuffer): PackedPyodideSnapshot | undefined {
  if (image.byteLength < 8) return undefined;
  const header = new DataView(image);
  if (header.getUint32(0, true) !== pyodideSnapshotMagic) return undefined;
  const headerBytes = header.getUint32(4, true);
  if (headerBytes % 4 !== 0 || headerBytes > image.byteLength) return undefined;
  const memory = new Uint8Array(image, headerBytes);
  const words = new Int32Array(image, headerBytes, memory.length >>> 2);
  const runs: number[] = [];
  let dataBytes = 0;
  for (let page = 0; page < memory.length; page += sparseImagePageBytes) {
    const end = Math.min(page + sparseImagePageBytes, memory.length);
    if (isZeroPage(memory, words, page, end)) continue;
    const last = runs.length - 2;
    if (last >= 0 && (runs[last] as number) + (runs[last + 1] as number) === page) {
      runs[last + 1] = (runs[last + 1] as number) + (end - page);
    } else {
      runs.push(page, end - page);
    }
    dataBytes += end - page;
  }
  const runCount = runs.length / 2;
  const packed = new Uint8Array(headerBytes + runCount * 8 + dataBytes);
  packed.set(new Uint8Array(image, 0, headerBytes));
  const table = new DataView(packed.buffer, headerBytes, runCount * 8);
  let target = headerBytes + runCount * 8;
  for (let index = 0; index < runCount; index++) {
    const offset = runs[index * 2] as number;
    const length = runs[index * 2 + 1] as number;
    table.setUint32(index * 8, offset, true);
    table.setUint32(index * 8 + 4, length, true);
    packed.set(memory.subarray(offset, offset + length), target);
    target += length;
  }
  return {
    packed: packed.buffer,
    layout: { headerBytes, runCount, memoryBytes: memory.length },
    imageBytes: image.byteLength,
  };
}

function isZeroPage(memory: Uint8Array, words: Int32Array, start: number, end: number): boolean {
  if (end - start === sparseImagePageBytes) {
    let bits = 0;
    for (let word = start >>> 2; word < end >>> 2; word++) bits |= words[word] as number;
    return bits === 0;
  }
  for (let index = start; index < end; index++) if (memory[index] !== 0) return false;
  return true;
}
