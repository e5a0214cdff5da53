import type { ThrownValueDescription } from './describe-thrown-value';

/** What a JavaScript sandbox's `collect` hands back to the worker (copied out of the isolate). */
export interface CollectedRun {
  stdout: string;
  stderr: string;
  /** The rendered value of the cell's last expression. */
  value?: string;
  error?: ThrownValueDescription;
  truncated: boolean;
}
