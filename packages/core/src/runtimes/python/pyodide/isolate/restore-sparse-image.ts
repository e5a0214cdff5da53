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
 * whole image) leaves it, while touching only the image's non-zero pages and the pages of
 * `heap` that are not zero already. Pages never touched by the new instance stay unmapped: a
 * fresh sandbox faults in about half the pages, and holds that much less memory.
 */
export function restoreSparseImage(
  heap: Uint8Array,
  packed: Uint8Array,
  layout: SparseImageLayout,
): void {
  const { headerBytes, runCount, memoryBytes } = layout;
  if (heap.length < memoryBytes) throw new RangeError('The memory is smaller than the image');
  const runTable = new DataView(packed.buffer, packed.byteOffset + headerBytes, runCount * 8);
  let source = headerBytes + runCount * 8;
  let cursor = 0;
  for (let index = 0; index < runCount; index++) {
    const offset = runTable.getUint32(index * 8, true);
    const length = runTable.getUint32(index * 8 + 4, true);
    if (offset < cursor || offset + length > memoryBytes || source + length > packed.length) {
      throw new RangeError('The packed memory snapshot is malformed');
    }
    zeroWhereNotZero(heap, cursor, offset);
    heap.set(packed.subarray(source, source + length), offset);
    source += length;
    cursor = offset + length;
  }
  zeroWhereNotZero(heap, cursor, memoryBytes);
}

/** Makes `heap[start, end)` all zeros, writing only the pages that are not zero already. */
function zeroWhereNotZero(heap: Uint8Array, start: number, end: number): void {
  const words =
    (heap.byteOffset & 3) === 0
      ? new Int32Array(heap.buffer, heap.byteOffset, heap.length >>> 2)
      : undefined;
  for (let page = start; page < end; page += sparseImagePageBytes) {
    const pageEnd = Math.min(page + sparseImagePageBytes, end);
    if (!isZero(heap, words, page, pageEnd)) heap.fill(0, page, pageEnd);
  }
}

function isZero(
  heap: Uint8Array,
  words: Int32Array | undefined,
  start: number,
  end: number,
): boolean {
  let index = start;
  if (words) {
    while (index < end && (index & 3) !== 0) if (heap[index++] !== 0) return false;
    let bits = 0;
    const wordEnd = (end & ~3) >>> 2;
    for (let word = index >>> 2; word < wordEnd; word++) bits |= words[word] as number;
    if (bits !== 0) return false;
    index = Math.max(index, wordEnd << 2);
  }
  for (; index < end; index++) if (heap[index] !== 0) return false;
  return true;
}
