import type { ExecutionErrorInfo } from '../../result/execution-result';
import type { SandboxRunRequest } from '../sandbox-runtime';
import type { JavaScriptIsolate } from './javascript-isolate';
import { SourceSyntaxError } from './transform/source-syntax-error';
import { stripTypeScript } from './transform/strip-typescript';
import { type WrapOptions, wrapForRepl } from './transform/wrap-for-repl';

export type CompiledProgram =
  | { code: string; filename: string; columnShifts: Array<[number, number, number]> }
  | { syntaxError: ExecutionErrorInfo };

const v8Position = /\s*\[cell\.(?:js|ts):(\d+):(\d+)\]$/;

/**
 * Turns the user's code into the script to run in the isolate: TypeScript types stripped, the
 * REPL rewrite applied. Syntax errors come back with V8's own wording where V8 can tell, and
 * with the line and column in the user's code.
 */
export async function compileProgram(
  host: JavaScriptIsolate,
  request: Pick<SandboxRunRequest, 'code' | 'language'>,
  options: WrapOptions = {},
): Promise<CompiledProgram> {
  const filename = request.language === 'typescript' ? 'cell.ts' : 'cell.js';
  let javascript = request.code;
  try {
    if (request.language === 'typescript') javascript = stripTypeScript(javascript);
    const wrapped = wrapForRepl(javascript, options);
    return { code: wrapped.code, filename, columnShifts: wrapped.columnShifts };
  } catch (error) {
    if (error instanceof SourceSyntaxError && error.foundBy === 'typescript') {
      return { syntaxError: withPosition(error.message, error.line, error.column) };
    }
    if (error instanceof SourceSyntaxError) {
      const v8 = await v8SyntaxError(host, javascript, filename);
      return {
        syntaxError: v8 ?? withPosition(error.message, error.line, error.column),
      };
    }
    throw error;
  }
}

/** A SyntaxError V8 raised while compiling the rewritten cell (an early error acorn let pass). */
export function v8CompileError(error: unknown): ExecutionErrorInfo | undefined {
  if (!(error instanceof Error) || error.name !== 'SyntaxError') return undefined;
  const match = v8Position.exec(error.message);
  return withPosition(
    error.message.replace(v8Position, ''),
    match ? Number(match[1]) : undefined,
    match ? Number(match[2]) : undefined,
  );
}

/** Asks V8 itself to compile the code as an async function body, for its exact message. */
async function v8SyntaxError(
  host: JavaScriptIsolate,
  javascript: string,
  filename: string,
): Promise<ExecutionErrorInfo | undefined> {
  try {
    await host.isolate.compileScript(`(async () => {\n${javascript}\n})`, {
      filename,
      lineOffset: -1,
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'SyntaxError') return undefined;
    const match = v8Position.exec(error.message);
    if (!match) return undefined;
    const message = error.message.replace(v8Position, '');
    const hint = /^Cannot use import statement/.test(message)
      ? ' (modules cannot be imported in the sandbox: use the built-in globals instead)'
      : '';
    return withPosition(`${message}${hint}`, Number(match[1]), Number(match[2]));
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
