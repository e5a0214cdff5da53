export { createPyodideRuntime, type PyodideRuntimeOptions } from './create-pyodide-runtime';
export { minimumPyodideHeapLimitMb, minimumPyodideMemoryLimitMb } from './pyodide-memory-limits';
