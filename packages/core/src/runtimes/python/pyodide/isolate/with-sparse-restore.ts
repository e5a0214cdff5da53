import { ArrayBufferPrototypeTransfer } from '../../../../sandbox-globals/primordials';
import { restoreSparseImage, type SparseImageLayout } from './restore-sparse-image';

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
      restoreSparseImage(
        new Uint8Array(module.HEAP8.buffer, 0, module.HEAP8.buffer.byteLength),
        bytes,
        image.layout,
      );
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
