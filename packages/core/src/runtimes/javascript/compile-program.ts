import type { ExecutionErrorInfo } from '../../result/execution-result';
import { limitErrorInfo } from '../limit-error-info';
import type { SandboxRunRequest } from '../sandbox-runtime';
import type { JavaScriptIsolate } from './javascript-isolate';
import type { SourceTransformer, SourceTransformOutcome } from './transform/source-transformer';
import { splitTrailingPosition } from './transform/trailing-position';
import { transformJavaScript } from './transform/transform-javascript';

export type CompiledProgram =
  | { code: string; filename: string; columnShifts: Array<[number, number, number]> }
  /** The program never reached the isolate: a syntax error, or the transform was stopped. */
  | { failed: ExecutionErrorInfo; timedOut: boolean };

/**
 * JavaScript cells up to this size are parsed on the calling thread: the parser (acorn) works in
 * time linear in its input, so this costs well under a millisecond, less than a trip to a
 * transform thread. Longer cells, and all TypeScript (the stripper can be driven into
 * exponential work by a 126-character cell), are transformed on a transform thread under the
 * run's deadline.
 */
export const inlineParseMaxChars = 4_096;

/** What `compileProgram` needs besides the run itself. */
export interface CompileProgramOptions {
  transformer: SourceTransformer;
  /** Keep top-level bindings for the next run (sessions). */
  persistBindings: boolean;
  /** The run's deadline (`performance.now()` time): the transform is part of the run. */
  deadline: number;
  signal: AbortSignal;
}

/**
 * Turns the user's code into the script to run in the isolate: TypeScript types stripped, the
 * REPL rewrite applied, on a transform thread under the run's deadline. Syntax errors come back
 * with V8's own wording where V8 can tell, and with the line and column in the user's code.
 */
export async function compileProgram(
  host: JavaScriptIsolate,
  request: Pick<SandboxRunRequest, 'code' | 'language' | 'timeoutMs'>,
  options: CompileProgramOptions,
): Promise<CompiledProgram> {
  const filename = request.language === 'typescript' ? 'cell.ts' : 'cell.js';
  const transformRequest = {
    code: request.code,
    language: request.language === 'typescript' ? 'typescript' : 'javascript',
    persistBindings: options.persistBindings,
  } as const;
  const outcome: SourceTransformOutcome =
    transformRequest.language === 'javascript' && request.code.length <= inlineParseMaxChars
      ? transformJavaScript(transformRequest.code, transformRequest.persistBindings)
      : await options.transformer.transform(transformRequest, {
          deadline: options.deadline,
          signal: options.signal,
        });
  switch (outcome.kind) {
    case 'program':
      return { code: outcome.code, filename, columnShifts: outcome.columnShifts };
    case 'stopped':
      return {
        failed: transformStopErrorInfo(outcome.why, request.timeoutMs, outcome.message),
        timedOut: outcome.why === 'timeout',
      };
    case 'syntax-error': {
      const fallback = withPosition(outcome.message, outcome.line, outcome.column);
      if (outcome.foundBy === 'typescript') return { failed: fallback, timedOut: false };
      const v8 = await v8SyntaxError(host, outcome.javascript, filename, options.deadline);
      return { failed: v8 ?? fallback, timedOut: false };
    }
  }
}

/** Why a cell's transform did not finish, in words a model can act on. */
function transformStopErrorInfo(
  why: 'timeout' | 'aborted' | 'memory' | 'crashed',
  timeoutMs: number,
  detail: string | undefined,
): ExecutionErrorInfo {
  switch (why) {
    case 'timeout':
      return {
        ...limitErrorInfo('timeout', timeoutMs, 0),
        message: `Execution timed out after ${timeoutMs} ms while the code was still being parsed: the program was stopped before it ran. Simplify the code (deeply nested generics or parentheses are slow to parse).`,
      };
    case 'aborted':
      return limitErrorInfo('aborted', timeoutMs, 0);
    case 'memory':
      return {
        name: 'MemoryLimitError',
        message:
          'Parsing the code needed too much memory: the program was stopped before it ran. Simplify the code or split it into smaller cells.',
      };
    case 'crashed':
      return {
        name: 'SandboxCrashedError',
        message: `The code could not be prepared to run${detail ? ` (${detail.slice(0, 500)})` : ''}; nothing of it ran. Try again.`,
      };
  }
}

/** A SyntaxError V8 raised while compiling the rewritten cell (an early error acorn let pass). */
export function v8CompileError(error: unknown): ExecutionErrorInfo | undefined {
  if (!(error instanceof Error) || error.name !== 'SyntaxError') return undefined;
  const { text, line, column } = splitTrailingPosition(error.message, '[cell.');
  return withPosition(`${text}${importHint(text)}`, line, column);
}

/** What to do about an `import` V8 refused (one not at the top level of the cell). */
function importHint(message: string): string {
  return message.startsWith('Cannot use import statement')
    ? ' (import declarations work only at the top level of a cell, for the modules fs, fs/promises and path)'
    : '';
}

/** Asks V8 itself to compile the code as an async function body, for its exact message. */
async function v8SyntaxError(
  host: JavaScriptIsolate,
  javascript: string,
  filename: string,
  deadline: number,
): Promise<ExecutionErrorInfo | undefined> {
  if (host.isDisposed || performance.now() >= deadline) return undefined;
  try {
    await host.isolate.compileScript(`(async () => {\n${javascript}\n})`, {
      filename,
      lineOffset: -1,
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'SyntaxError') return undefined;
    const { text, line, column } = splitTrailingPosition(error.message, '[cell.');
    if (line === undefined) return undefined;
    const lines = javascript.split('\n');
    if (line > lines.length) {
      // V8 stumbled on the wrapper's closing line: the cell ended too soon (a truncated program).
      // Say so where it ended, as Node does, not at a `}` the user never wrote.
      const last = lines.at(-1) ?? '';
      return withPosition('Unexpected end of input', lines.length, last.length + 1);
    }
    return withPosition(`${text}${importHint(text)}`, line, column);
  }
}

function withPosition(message: string, line?: number, column?: number): ExecutionErrorInfo {
  const info: ExecutionErrorInfo = { name: 'SyntaxError', message };
  if (line !== undefined) info.line = line;
  if (column !== undefined) info.column = column;
  if (line !== undefined)
    info.stack = `SyntaxError: ${message}\n    at cell:${line}${column ? `:${column}` : ''}`;
  return info;
}
