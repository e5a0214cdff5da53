import type { CodeInterpreterToolRunnerOptions } from '@code-interpreter/core';
import type { CodeInterpreterSandboxSession } from './sandbox/create-sandbox-session';

/**
 * Options of {@link createCodeInterpreterTool}: the interpreter's own options (limits, caps,
 * languages, Python runtime, `toolLimits`), how the tool uses it (`interpreter`, `session`,
 * `description`: see `CodeInterpreterToolRunnerOptions`), the sandbox to run in, and how it
 * streams. The runner's `tools` (core `SandboxTools`) are left out: AI SDK tools reach the code
 * through `experimental_toolCallers` or `createCodeModeTool`, which also declare them to the model.
 */
export interface CodeInterpreterToolOptions
  extends Omit<CodeInterpreterToolRunnerOptions, 'tools'> {
  /**
   * Least time between two preliminary results (live stdout and stderr) while code runs, in ms.
   * @default 100
   */
  previewIntervalMs?: number;
  /**
   * A sandbox from `createSandboxSession` to run every call in: the code runs in the sandbox's
   * session, so it sees the files the agent reads and writes through the sandbox (and the other
   * way round), and variables persist between calls. `interpreter`, `session` and the interpreter
   * options are then not used, and `close()` leaves the sandbox open (it is the sandbox's to close).
   *
   * Without it, a call made with a code-interpreter sandbox as `experimental_sandbox` (of
   * `generateText`, `streamText` or an agent) runs in that sandbox's session too; with any other
   * sandbox, or none, calls run as the other options say.
   * @default undefined
   */
  sandbox?: CodeInterpreterSandboxSession;
}
