/** Why a Pyodide run failed outside the user's code, or why its interpreter cannot go on. */
export interface FailureDescription {
  name: string;
  message: string;
  stack?: string;
  /** The exit status, when the interpreter exited (`os._exit`). */
  exitStatus?: number;
}

/** What the sandbox side's `collect()` hands back to the worker (copied out of the isolate). */
export interface CollectedRun {
  /** The driver's result, as JSON (absent when Python could not finish the run). */
  result?: string;
  /** Why the run failed outside the user's code (the driver never raised). */
  failure?: FailureDescription;
  /** Set when the interpreter can no longer be used (it exited or crashed). */
  fatal?: FailureDescription;
  /** What the run printed, as far as JavaScript saw it (used when `result` is absent). */
  stdout: string;
  stderr: string;
  truncated: boolean;
  wasmMemoryBytes: number;
}
