import type { CodeInterpreterToolRunnerOptions } from '@code-interpreter/core';

/**
 * Options of {@link createCodeInterpreterTool}: the interpreter's own options (limits, caps,
 * languages, Python runtime), how the tool uses it (`interpreter`, `session`, `description`: see
 * `CodeInterpreterToolRunnerOptions`), and how it streams.
 */
export interface CodeInterpreterToolOptions extends CodeInterpreterToolRunnerOptions {
  /**
   * Least time between two preliminary results (live stdout and stderr) while code runs, in ms.
   * @default 100
   */
  previewIntervalMs?: number;
}
