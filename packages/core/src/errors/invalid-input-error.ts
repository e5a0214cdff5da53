import { CodeInterpreterError } from './code-interpreter-error';

const name = 'CodeInterpreterInvalidInputError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);

/** One problem found in the input, with the path of the field it concerns. */
export interface InputIssue {
  path: string;
  message: string;
}

/** The input failed validation: the message lists each problem and what to send instead. */
export class InvalidInputError extends CodeInterpreterError {
  protected readonly [symbol] = true;
  /** Each problem found. */
  readonly issues: ReadonlyArray<InputIssue>;

  constructor({ issues, cause }: { issues: ReadonlyArray<InputIssue>; cause?: unknown }) {
    const listed = issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join('; ');
    super({ name, message: `Invalid code interpreter input: ${listed}.`, cause });
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is InvalidInputError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
