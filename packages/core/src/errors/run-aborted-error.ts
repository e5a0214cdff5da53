import { CodeInterpreterError } from './code-interpreter-error';

const name = 'CodeInterpreterRunAbortedError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);

/** The caller aborted the run through its `AbortSignal`; the sandbox that ran it was discarded. */
export class RunAbortedError extends CodeInterpreterError {
  protected readonly [symbol] = true;

  constructor({ reason }: { reason?: unknown } = {}) {
    super({ name, message: 'The code run was aborted by its caller.', cause: reason });
  }

  static override isInstance(error: unknown): error is RunAbortedError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
