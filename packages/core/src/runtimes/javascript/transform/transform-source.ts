import { SourceSyntaxError } from './source-syntax-error';
import { stripTypeScript } from './strip-typescript';
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
 * Strips TypeScript types and applies the REPL rewrite. Pure and synchronous: it runs on a
 * transform thread (see `SourceTransformer`), never on the thread that answers runs, because a
 * parser can be made to work for a long time by a small input.
 */
export function transformSource(request: SourceTransformRequest): SourceTransformResult {
  let javascript = request.code;
  try {
    if (request.language === 'typescript') javascript = stripTypeScript(javascript);
    const wrapped = wrapForRepl(javascript, { persistBindings: request.persistBindings });
    return { kind: 'program', code: wrapped.code, columnShifts: wrapped.columnShifts };
  } catch (error) {
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
}
