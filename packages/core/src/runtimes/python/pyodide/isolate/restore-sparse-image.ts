/**
 * Where the parts of a packed memory snapshot are (see `packPyodideSnapshot`): the packed buffer
 * holds Pyodide's snapshot header, then `runCount` pairs of 32-bit numbers (offset in linear
 * memory, length), then the bytes of those runs one after another. Every byte of linear memory in
 * `[0, memoryBytes)` outside the runs is zero in the image.
 */
export interface SparseImageLayout {
  /** Bytes of Pyodide's header (magic, offsets, build id, serialized JavaScript references). */
  headerBytes: number;
  /** Runs of non-zero pages. */
  runCount: number;
  /** Bytes of linear memory the image covers. */
  memoryBytes: number;
}

/** Granularity of the runs and of the zero checks between them. */
export const sparseImagePageBytes = 4096;

/**
 * Writes the image into `heap` (a WebAssembly memory at least `memoryBytes` long) so that
 * `heap[0, memoryBytes)` equals the image byte for byte, as Pyodide's own restore (a copy of the
 * whole image) leaves it. Bytes at or above `untouchedFrom` are known to be zero already (a fresh
 * instance's memory above its program break, which nothing has written yet): there only the
 * image's non-zero runs are written, and the rest is not touched at all. Below it the gaps
 * between runs are cleared. Every write is one native copy or fill (no byte is inspected in
 * JavaScript, which a fresh isolate would run unoptimized), and a page never touched is a page
 * the process never faults in: on these machines a fault costs as much as copying the page.
 */
export function restoreSparseImage(
  heap: Uint8Array,
  packed: Uint8Array,
  layout: SparseImageLayout,
  untouchedFrom = heap.length,
): void {
  const { headerBytes, runCount, memoryBytes } = layout;
  if (heap.length < memoryBytes) throw new RangeError('The memory is smaller than the image');
  const clearedEnd = Math.min(memoryBytes, Math.max(0, untouchedFrom));
  const runTable = new DataView(packed.buffer, packed.byteOffset + headerBytes, runCount * 8);
  let source = headerBytes + runCount * 8;
  let cursor = 0;
  for (let index = 0; index < runCount; index++) {
    const offset = runTable.getUint32(index * 8, true);
    const length = runTable.getUint32(index * 8 + 4, true);
    if (offset < cursor || offset + length > memoryBytes || source + length > packed.length) {
      throw new RangeError('The packed memory snapshot is malformed');
    }
    if (cursor < clearedEnd) heap.fill(0, cursor, Math.min(offset, clearedEnd));
    heap.set(packed.subarray(source, source + length), offset);
    source += length;
    cursor = offset + length;
  }
  if (cursor < clearedEnd) heap.fill(0, cursor, clearedEnd);
}
