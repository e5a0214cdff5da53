/**
 * How a sandbox's `memoryLimit` maps onto the two memories a Pyodide sandbox has:
 * - WebAssembly linear memory, where CPython keeps every Python object (about 31 MB right after
 *   boot): capped at `memoryLimitMb` by the sandbox's memory guard, so `bytearray(300 MB)` raises
 *   MemoryError under a 256 MB limit;
 * - the isolate's V8 heap (Pyodide's JavaScript side, files written to the in-memory file system,
 *   objects made through `import js`): capped at `memoryLimitMb` as well, by isolated-vm.
 * Pyodide cannot start in less than {@link minimumPyodideMemoryLimitMb}: smaller limits are raised
 * to it (the floor is the interpreter itself, not room for the program).
 */
export interface PyodideMemoryLimits {
  wasmMemoryLimitMb: number;
  heapLimitMb: number;
}

/** The smallest WebAssembly memory limit a Pyodide sandbox gets, in MB. */
export const minimumPyodideMemoryLimitMb = 64;
/** The smallest V8 heap limit a Pyodide sandbox gets, in MB (booting copies ~45 MB of files in). */
export const minimumPyodideHeapLimitMb = 128;

export function pyodideMemoryLimits(memoryLimitMb: number): PyodideMemoryLimits {
  return {
    wasmMemoryLimitMb: Math.max(memoryLimitMb, minimumPyodideMemoryLimitMb),
    heapLimitMb: Math.max(memoryLimitMb, minimumPyodideHeapLimitMb),
  };
}
