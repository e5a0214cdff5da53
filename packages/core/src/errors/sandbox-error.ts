import { CodeInterpreterError } from './code-interpreter-error';

const name = 'CodeInterpreterSandboxError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);

/** The sandbox infrastructure failed (a worker process could not start or answer); not the user's code. */
export class SandboxError extends CodeInterpreterError {
  protected readonly [symbol] = true;

  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name, message, cause });
  }

  static override isInstance(error: unknown): error is SandboxError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
