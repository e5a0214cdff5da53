import { ArrayBufferPrototypeTransfer } from '../../../../sandbox-globals/primordials';
import {
  type MemoryRange,
  restoreSparseImage,
  type SparseImageLayout,
} from './restore-sparse-image';
import { untouchedStack } from './untouched-stack';

const detach = ArrayBufferPrototypeTransfer as
  | ((buffer: ArrayBuffer, newLength: number) => ArrayBuffer)
  | undefined;

/** How a sandbox boots from a packed snapshot (see `packPyodideSnapshot`). */
export interface SparseBootImage {
  layout: SparseImageLayout;
  /** Length of the whole snapshot, header included. */
  imageBytes: number;
}

interface PyodideModuleShape {
  API: { restoreSnapshot(snapshot: Uint8Array): unknown };
  HEAP8: Int8Array;
  /** Address of the program break (Emscripten's sbrk pointer). */
  _emscripten_get_sbrk_ptr?: () => number;
  /** The stack's highest address (it grows down from there). */
  _emscripten_stack_get_base?: () => number;
  /** The stack's lowest address. */
  _emscripten_stack_get_end?: () => number;
}
type CreateModule = (settings: Record<string, unknown>) => Promise<PyodideModuleShape>;

/**
 * Wraps Pyodide's module factory so that its one `restoreSnapshot` call (given only the
 * snapshot's header: it checks the magic and build id and reads the serialized JavaScript
 * references, and copies no memory) is followed by writing the packed image into the new
 * instance's memory with {@link restoreSparseImage}. The packed bytes are freed once written: the
 * buffer is detached (transferred to an empty one), so its 15 MB go at once instead of waiting for
 * a garbage collection that an idle warm sandbox may not run for a long time.
 */
export function withSparseRestore(
  createModule: CreateModule,
  packedBuffer: ArrayBuffer,
  image: SparseBootImage,
): CreateModule {
  let packed: Uint8Array | undefined = new Uint8Array(packedBuffer);
  return async (settings) => {
    settings.INITIAL_MEMORY = image.imageBytes;
    const module = await createModule(settings);
    const api = module.API;
    const restoreHeader = api.restoreSnapshot;
    api.restoreSnapshot = (header: Uint8Array) => {
      api.restoreSnapshot = restoreHeader;
      const state = restoreHeader.call(api, header);
      const bytes = packed;
      packed = undefined;
      if (!bytes) throw new Error('The packed memory snapshot was already restored');
      const heap = new Uint8Array(module.HEAP8.buffer, 0, module.HEAP8.buffer.byteLength);
      restoreSparseImage(heap, bytes, image.layout, freshZeroRanges(module, heap));
      detach?.(packedBuffer, 0);
      return state;
    };
    return module;
  };
}

/** The header alone, as Pyodide's loader takes a snapshot (its own copy: the rest is not kept). */
export function sparseSnapshotHeader(
  packedBuffer: ArrayBuffer,
  image: SparseBootImage,
): Uint8Array {
  return new Uint8Array(packedBuffer.slice(0, image.layout.headerBytes));
}

/**
 * What a fresh instance has not written yet, so is still zero: the memory above its program break
 * (everything its start-up wrote, data, stack and what its constructors allocated, lies below
 * it; the whole memory when the module does not say) and the part of its stack that start-up
 * never reached (see `untouchedStack`).
 */
function freshZeroRanges(module: PyodideModuleShape, heap: Uint8Array): MemoryRange[] {
  const ranges: MemoryRange[] = [[programBreak(module, heap), heap.length]];
  const end = module._emscripten_stack_get_end?.();
  const base = module._emscripten_stack_get_base?.();
  if (typeof end === 'number' && typeof base === 'number') {
    const stack = untouchedStack(heap, { end, base });
    if (stack) ranges.push(stack);
  }
  return ranges;
}

/** The new instance's program break; the whole memory when the module does not say. */
function programBreak(module: PyodideModuleShape, heap: Uint8Array): number {
  const pointer = module._emscripten_get_sbrk_ptr?.();
  if (typeof pointer !== 'number' || pointer < 0 || pointer + 4 > heap.length) return heap.length;
  const value = new DataView(heap.buffer, heap.byteOffset, heap.byteLength).getUint32(
    pointer,
    true,
  );
  return value > 0 && value <= heap.length ? value : heap.length;
}
