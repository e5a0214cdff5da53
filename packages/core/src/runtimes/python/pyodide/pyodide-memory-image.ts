import type { SparseBootImage } from './isolate/with-sparse-restore';
import { packPyodideSnapshot } from './pack-pyodide-snapshot';

/**
 * The memory snapshot Pyodide sandboxes boot from, as a worker receives it: packed without its
 * zero pages when the snapshot's layout allows (`sparse` then says how), else the whole snapshot.
 */
export interface PyodideMemoryImage {
  bytes: ArrayBuffer;
  /** Set when `bytes` is packed (see `packPyodideSnapshot`). */
  sparse?: SparseBootImage;
}

/**
 * A snapshot made by Pyodide's `makeMemorySnapshot`, packed into its non-zero pages when its
 * header is laid out as expected: half the bytes to hand to each worker and to copy into each
 * sandbox. About 80 ms of CPU for 30 MB, so it is done once, by whoever holds the snapshot first.
 */
export function pyodideMemoryImage(snapshot: ArrayBuffer): PyodideMemoryImage {
  const packed = packPyodideSnapshot(snapshot);
  if (!packed) return { bytes: snapshot };
  return {
    bytes: packed.packed,
    sparse: { layout: packed.layout, imageBytes: packed.imageBytes },
  };
}
