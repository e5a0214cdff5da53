import { CodeInterpreterError } from '@code-interpreter/core';

const name = 'CodeInterpreterSandboxBackendError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);
/** deepagents' own marker: its `SandboxError.isInstance(e)` recognises this error too. */
const deepagentsMarker = Symbol.for('sandbox.error');

/**
 * What went wrong with a {@link CodeInterpreterSandbox} itself (deepagents' `SandboxErrorCode`s):
 * - `NOT_INITIALIZED`: used before `initialize()` (or use `CodeInterpreterSandbox.create()`);
 * - `ALREADY_INITIALIZED`: `initialize()` called twice;
 * - `CLOSED`: used or initialized after `close()`;
 * - `FILE_OPERATION_FAILED`: `initialFiles` could not be written.
 */
export type SandboxBackendErrorCode =
  | 'NOT_INITIALIZED'
  | 'ALREADY_INITIALIZED'
  | 'CLOSED'
  | 'FILE_OPERATION_FAILED';

/**
 * Misuse of a {@link CodeInterpreterSandbox} (not started, closed, seeded with files it cannot
 * hold). A failing command or a missing file is never thrown: it is data (`exitCode`, per-file
 * `error`). Recognised by `SandboxBackendError.isInstance(e)` and by deepagents'
 * `SandboxError.isInstance(e)`, with the same `code`.
 */
export class SandboxBackendError extends CodeInterpreterError {
  protected readonly [symbol] = true;
  protected readonly [deepagentsMarker] = true;
  /** Which misuse it was. */
  readonly code: SandboxBackendErrorCode;

  constructor(options: {
    code: SandboxBackendErrorCode;
    message: string;
    cause?: unknown;
  }) {
    super({ name, message: options.message, cause: options.cause });
    this.code = options.code;
  }

  static override isInstance(error: unknown): error is SandboxBackendError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
