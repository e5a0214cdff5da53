import type {
  CodeInterpreter,
  CodeInterpreterOptions,
  CodeInterpreterSession,
} from '@code-interpreter/core';

/**
 * Options of {@link createSandboxSession}: what the sandbox runs on (an existing interpreter or
 * session, or the options of a new interpreter that it then owns) and how it presents itself.
 */
export interface CodeInterpreterSandboxSessionOptions extends CodeInterpreterOptions {
  /**
   * An interpreter to run on, shared with the rest of the application. The sandbox creates its
   * session on it (and closes that session on `close()`), but never closes the interpreter; the
   * interpreter options are then not used.
   * @default undefined (the sandbox creates its own interpreter and `close()` closes it)
   */
  interpreter?: CodeInterpreter;
  /**
   * An existing session of `interpreter` (required with it) to expose as the sandbox: its
   * workspace is the sandbox's `/workspace`, and the application keeps using it as before.
   * `close()` then closes nothing; the session stays the application's.
   * @default undefined (a new session of the interpreter, closed by `close()`)
   */
  session?: CodeInterpreterSession;
  /**
   * The description the agent reads (`sandbox.description`).
   * @default derived from the interpreter's capabilities: the working directory `/workspace`, the
   * shell, python3/node/tsx running in sandboxes, no network, the limits
   */
  description?: string;
  /**
   * Time limit of each command (`run` and `spawn`) in ms, capped by the interpreter's
   * `maxTimeoutMs`. A command past it is stopped with exit code 124.
   * @default the interpreter's `defaultTimeoutMs`
   */
  commandTimeoutMs?: number;
  /**
   * Largest file `writeFile` reads from its stream, in bytes; a longer stream is cancelled and
   * refused with `WorkspaceError` `EFBIG` (the workspace's own limit applies to every write too).
   * @default `workspace.maxFileBytes`, else 67108864 (64 MB)
   */
  maxStreamedFileBytes?: number;
}
