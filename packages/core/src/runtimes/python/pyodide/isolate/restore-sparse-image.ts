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

/** A range `[start, end)` of linear memory. */
export type MemoryRange = readonly [start: number, end: number];

/**
 * Writes the image into `heap` (a WebAssembly memory at least `memoryBytes` long) so that
 * `heap[0, memoryBytes)` equals the image byte for byte, as Pyodide's own restore (a copy of the
 * whole image) leaves it. `knownZero` lists ranges known to be zero already (in a fresh instance:
 * the memory above its program break and the part of its stack its start-up never reached, which
 * nothing has written yet): there only the image's non-zero runs are written, and the rest is not
 * touched at all. Elsewhere the gaps between runs are cleared. Every write is one native copy or
 * fill (no byte is inspected in JavaScript, which a fresh isolate would run unoptimized), and a
 * page never touched is a page the process never faults in: on these machines a fault costs as
 * much as copying the page, and a page written stays in the sandbox's memory for its life.
 */
export function restoreSparseImage(
  heap: Uint8Array,
  packed: Uint8Array,
  layout: SparseImageLayout,
  knownZero: readonly MemoryRange[] = [],
): void {
  const { headerBytes, runCount, memoryBytes } = layout;
  if (heap.length < memoryBytes) throw new RangeError('The memory is smaller than the image');
  const zero = [...knownZero].sort((a, b) => a[0] - b[0]);
  /** Fills `[from, to)` with zeros, except where `zero` says it is zero already. */
  const clear = (from: number, to: number) => {
    let cursor = from;
    for (const [start, end] of zero) {
      if (end <= cursor || start >= to) continue;
      if (start > cursor) heap.fill(0, cursor, start);
      cursor = Math.max(cursor, end);
      if (cursor >= to) return;
    }
    if (cursor < to) heap.fill(0, cursor, to);
  };
  const runTable = new DataView(packed.buffer, packed.byteOffset + headerBytes, runCount * 8);
  let source = headerBytes + runCount * 8;
  let cursor = 0;
  for (let index = 0; index < runCount; index++) {
    const offset = runTable.getUint32(index * 8, true);
    const length = runTable.getUint32(index * 8 + 4, true);
    if (offset < cursor || offset + length > memoryBytes || source + length > packed.length) {
      throw new RangeError('The packed memory snapshot is malformed');
    }
    clear(cursor, offset);
    heap.set(packed.subarray(source, source + length), offset);
    source += length;
    cursor = offset + length;
  }
  clear(cursor, memoryBytes);
}
