import type { CodeInterpreter } from '../interpreter/code-interpreter';
import { createCodeInterpreter } from '../interpreter/create-code-interpreter';
import type { ExecutionResult } from '../result/execution-result';
import type { CodeExecutionInput } from '../schema/code-execution-schema';

/** The seed's one-shot options: `{ code, language, timeout?, memoryLimit? }` (ms and MB). */
export type CodeExecutionOptions = CodeExecutionInput;

let shared: CodeInterpreter | undefined;

/**
 * Runs code once in a fresh sandbox, using an interpreter shared by the process (its idle
 * workers do not keep the process alive). Kept from the seed API; for control over limits,
 * sessions and closing, use `createCodeInterpreter()`.
 *
 * @example
 * ```ts
 * const result = await executeCode({ language: 'javascript', code: '[1, 2, 3].map((n) => n * 2)' });
 * result.output; // "[ 2, 4, 6 ]"
 * ```
 */
export function executeCode(options: CodeExecutionOptions): Promise<ExecutionResult> {
  shared ??= createCodeInterpreter();
  return shared.run(options);
}

/** Closes the interpreter `executeCode` shares; the next `executeCode` starts a new one. */
export async function closeSharedInterpreter(): Promise<void> {
  const closing = shared;
  shared = undefined;
  await closing?.close();
}
