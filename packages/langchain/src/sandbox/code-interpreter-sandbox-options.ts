import type { CodeInterpreter, CodeInterpreterOptions } from '@code-interpreter/core';

/**
 * Options of {@link CodeInterpreterSandbox}: the interpreter to run in (its own, made from the
 * interpreter options, or a shared one), the files to start with, and the limits of `execute`.
 */
export interface CodeInterpreterSandboxOptions extends CodeInterpreterOptions {
  /**
   * An existing interpreter to open the sandbox's session in. The sandbox then does not close it
   * (`close()` ends only the session), and the interpreter options here are ignored. Without
   * it, the sandbox creates an interpreter at `initialize()` and closes it at `close()`.
   * @default a new interpreter, made with the other options
   */
  interpreter?: CodeInterpreter;
  /**
   * Files to put in the workspace when the sandbox starts, by path: text is written as UTF-8,
   * bytes as they are. Paths are read as every path of the sandbox is (`/workspace/src/app.py`,
   * `/src/app.py` and `src/app.py` are the same file); missing folders are made. A file that
   * cannot be written (over a workspace limit, a path with `..`) fails `initialize()` with a
   * `SandboxBackendError` (`FILE_OPERATION_FAILED`) naming it, and the session is closed.
   * @default {} (an empty workspace)
   */
  initialFiles?: Record<string, string | Uint8Array>;
  /**
   * Wall-clock limit of each `execute` command line, in ms (capped by the interpreter's
   * `maxTimeoutMs`). A command stopped at the limit answers exit code 124 with a note.
   * @default the interpreter's `defaultTimeoutMs` (30000)
   */
  commandTimeoutMs?: number;
  /**
   * Environment variables every `execute` command sees (nothing of the host's environment is
   * ever passed).
   * @default {}
   */
  env?: Record<string, string>;
  /**
   * Memory limit of the session's sandboxes in MB (capped by the interpreter's
   * `maxMemoryLimitMb`); `python3` and `node` commands run with it.
   * @default the interpreter's `defaultMemoryLimitMb` (128)
   */
  memoryLimitMb?: number;
  /**
   * The sandbox's `id`, as deepagents and your logs see it.
   * @default `code-interpreter-` and a random UUID
   */
  id?: string;
}
