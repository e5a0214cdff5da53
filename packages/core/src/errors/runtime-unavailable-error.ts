import { CodeInterpreterError } from './code-interpreter-error';

const name = 'CodeInterpreterRuntimeUnavailableError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);

/** A runtime that a run needs is not available: not installed, not supported here, or turned off. */
export class RuntimeUnavailableError extends CodeInterpreterError {
  protected readonly [symbol] = true;
  /** The runtime that is missing, e.g. `'python-native'`. */
  readonly runtime: string;

  constructor({ runtime, message, cause }: { runtime: string; message: string; cause?: unknown }) {
    super({ name, message, cause });
    this.runtime = runtime;
  }

  static override isInstance(error: unknown): error is RuntimeUnavailableError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
