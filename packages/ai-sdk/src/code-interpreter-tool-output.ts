import type { ExecutionResult } from '@code-interpreter/core';

/** A preliminary result, yielded while the code runs: what it printed so far. */
export interface CodeInterpreterToolProgress {
  status: 'running';
  /** Everything printed to standard output so far. */
  stdout: string;
  /** Everything printed to standard error so far. */
  stderr: string;
}

/** The final result: the interpreter's full `ExecutionResult`. */
export interface CodeInterpreterToolResult extends ExecutionResult {
  status: 'completed';
}

/**
 * What the tool's `execute` yields: preliminary `{ status: 'running' }` snapshots while the code
 * runs, then one `{ status: 'completed', ...ExecutionResult }`. Only the final result reaches the
 * model (through `toModelOutput`); the UI sees all of them.
 */
export type CodeInterpreterToolOutput = CodeInterpreterToolProgress | CodeInterpreterToolResult;
