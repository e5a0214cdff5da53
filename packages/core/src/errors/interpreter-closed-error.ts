import { CodeInterpreterError } from './code-interpreter-error';

const name = 'CodeInterpreterClosedError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);

/** The interpreter or session was closed; create a new one to run more code. */
export class InterpreterClosedError extends CodeInterpreterError {
  protected readonly [symbol] = true;

  constructor({ what = 'interpreter' }: { what?: 'interpreter' | 'session' } = {}) {
    const create = what === 'session' ? 'interpreter.createSession()' : 'createCodeInterpreter()';
    super({ name, message: `This code ${what} is closed: create a new one with ${create}.` });
  }

  static override isInstance(error: unknown): error is InterpreterClosedError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
