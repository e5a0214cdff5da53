import { setFlagsFromString } from 'node:v8';

/**
 * The old generation a Pyodide isolate's heap starts with, in MB. A boot allocates tens of MB of
 * JavaScript objects (the glue's tables, 8,560 export wrappers, the file system); from the
 * 8 MB a worker gives every isolate (for JavaScript sandboxes: see worker-process.ts) the heap
 * runs several full collections on its way up, on the isolate's thread and V8's helpers.
 * Measured for issue 17 (2 cores, 16 callers, stateless): 148 ms of CPU a Pyodide run at 8 MB,
 * 126–129 at 32, 126 at 64.
 */
export const pyodideInitialOldSpaceMb = 32;

const flag = 'initial-old-space-size';

/**
 * The process's own `--initial-old-space-size` (from NODE_OPTIONS, then its command line: the
 * last one given counts), 0 (V8's default) when none is given.
 */
export function initialOldSpaceMbOf(args: readonly string[]): number {
  let value = 0;
  for (let index = 0; index < args.length; index++) {
    const arg = (args[index] as string).replaceAll('_', '-');
    let text: string | undefined;
    if (arg.startsWith(`--${flag}=`)) text = arg.slice(flag.length + 3);
    else if (arg === `--${flag}`) text = args[++index];
    const parsed = Number(text);
    if (text !== undefined && Number.isInteger(parsed) && parsed >= 0) value = parsed;
  }
  return value;
}

const processInitialOldSpaceMb = initialOldSpaceMbOf([
  ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean),
  ...process.execArgv,
]);

/**
 * Runs `create` (which makes an isolate, synchronously) with V8's `--initial-old-space-size` at
 * {@link pyodideInitialOldSpaceMb}, and sets the process's own value back before returning.
 * isolated-vm has no per-isolate setting for it; V8 reads the flag only as it configures a new
 * isolate's heap, so the isolate made here gets it and every other isolate keeps the process's
 * (JavaScript isolates are made on this thread too, never during `create`). Changing a flag
 * changes V8's flag hash, which code caches carry: one made by another thread in that moment is
 * rejected later, and the Pyodide runtime then makes its caches again (see `runScript`).
 */
export function withPyodideHeapStart<T>(create: () => T): T {
  setFlagsFromString(`--${flag}=${pyodideInitialOldSpaceMb}`);
  try {
    return create();
  } finally {
    setFlagsFromString(`--${flag}=${processInitialOldSpaceMb}`);
  }
}
