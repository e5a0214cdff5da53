import { SourceSyntaxError } from './source-syntax-error';
import { wrapForRepl } from './wrap-for-repl';

/** What a cell's source needs before V8 runs it. */
export interface SourceTransformRequest {
  code: string;
  language: 'javascript' | 'typescript';
  /** Keep top-level bindings for the next run (sessions); see `WrapOptions.persistBindings`. */
  persistBindings: boolean;
}

/** The transformed cell, or the syntax error that stopped the transform. */
export type SourceTransformResult =
  | {
      kind: 'program';
      /** The script to evaluate (see `WrappedProgram.code`). */
      code: string;
      columnShifts: Array<[number, number, number]>;
    }
  | {
      kind: 'syntax-error';
      /** Which step found it: the TypeScript stripper or the JavaScript parser. */
      foundBy: 'typescript' | 'javascript';
      message: string;
      line?: number;
      column?: number;
      /** The code as JavaScript (types stripped), for asking V8 for its own wording. */
      javascript: string;
    };

/**
 * The REPL rewrite of a JavaScript cell (acorn only). Kept apart from the TypeScript stripper
 * (sucrase, about 680 KB of code with acorn): a worker process parses short JavaScript cells on
 * its own thread with this and never loads sucrase, whose loading cost each worker start about
 * 24 ms of CPU; only its transform threads load it (see `transformSource`).
 */
export function transformJavaScript(
  javascript: string,
  persistBindings: boolean,
): SourceTransformResult {
  try {
    const wrapped = wrapForRepl(javascript, { persistBindings });
    return { kind: 'program', code: wrapped.code, columnShifts: wrapped.columnShifts };
  } catch (error) {
    return syntaxErrorResult(error, javascript);
  }
}

/** A transform's syntax error as its result; any other error is thrown again. */
export function syntaxErrorResult(error: unknown, javascript: string): SourceTransformResult {
  if (!(error instanceof SourceSyntaxError)) throw error;
  const result: SourceTransformResult = {
    kind: 'syntax-error',
    foundBy: error.foundBy,
    message: error.message,
    javascript,
  };
  if (error.line !== undefined) result.line = error.line;
  if (error.column !== undefined) result.column = error.column;
  return result;
}
