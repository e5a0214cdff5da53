const marker = 'code-interpreter.error';
const symbol = Symbol.for(marker);

/**
 * Base of every error the interpreter throws. Thrown errors are for misuse and infrastructure
 * faults; a fault in the user's code is returned as data (`ExecutionResult.success === false`).
 *
 * Use `CodeInterpreterError.isInstance(e)` (or a subclass's) rather than `instanceof`, which breaks
 * when two copies of the package are installed.
 */
export class CodeInterpreterError extends Error {
  protected readonly [symbol] = true;

  constructor({ name, message, cause }: { name: string; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = name;
  }

  /** True for any error thrown by this package, whichever copy of it threw. */
  static isInstance(error: unknown): error is CodeInterpreterError {
    return CodeInterpreterError.hasMarker(error, marker);
  }

  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    );
  }
}
