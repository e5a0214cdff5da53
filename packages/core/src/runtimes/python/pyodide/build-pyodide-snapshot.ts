import type IsolatedVM from 'isolated-vm';
import { loadPyodideAssets } from './pyodide-assets';
import { PyodideIsolate } from './pyodide-isolate';

/**
 * Boots one interpreter from scratch and returns its memory as a Pyodide snapshot, from which
 * sandboxes boot in a fraction of the time. The interpreter runs no user code.
 */
export async function buildPyodideSnapshot(
  bootTimeoutMs: number,
): Promise<IsolatedVM.ExternalCopy<ArrayBuffer>> {
  const builder = await PyodideIsolate.boot({
    assets: loadPyodideAssets(),
    heapLimitMb: 512,
    wasmMemoryLimitMb: 1024,
    forSnapshot: true,
    timeoutMs: bootTimeoutMs,
  });
  try {
    return await builder.makeSnapshot();
  } finally {
    builder.dispose();
  }
}
