import {
  type CodeExecutionInput,
  type CodeInterpreter,
  createCodeInterpreterToolRunner,
} from '@code-interpreter/core';
import { type Tool, tool } from 'ai';
import type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
import type { CodeInterpreterToolOutput } from './code-interpreter-tool-output';
import { runWithPreview } from './run-with-preview';
import { toModelOutput } from './to-model-output';

/**
 * An AI SDK tool that runs code, plus the means to free what it holds. Pass it in `tools`; call
 * `close()` (or use `await using`) when the conversation or the application ends.
 */
export type CodeInterpreterTool = Tool<CodeExecutionInput, CodeInterpreterToolOutput> & {
  /** The interpreter the tool runs code with (its own, or the one passed in the options). */
  readonly interpreter: CodeInterpreter;
  /**
   * Frees the tool's session and, when the tool created its interpreter, the interpreter with its
   * worker processes. Later calls fail with `InterpreterClosedError`. Idempotent.
   */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * Creates an AI SDK tool that runs JavaScript, TypeScript or Python in a sandbox. Its input is the
 * shared `codeExecutionSchema`; while code runs it streams preliminary results (live stdout), and
 * the model reads compact text plus images. A fault in the code is a result the model can fix;
 * misuse (a language not offered, a closed interpreter) throws.
 *
 * @example
 * ```ts
 * const runCode = createCodeInterpreterTool({ session: true });
 * const { text } = await generateText({
 *   model, tools: { runCode }, stopWhen: stepCountIs(5),
 *   prompt: 'What is the 20th Fibonacci number?',
 * });
 * await runCode.close();
 * ```
 */
export function createCodeInterpreterTool(
  options: CodeInterpreterToolOptions = {},
): CodeInterpreterTool {
  const { previewIntervalMs = 100, ...runnerOptions } = options;
  const runner = createCodeInterpreterToolRunner(runnerOptions);
  const runCode = tool({
    description: runner.description,
    inputSchema: runner.inputSchema,
    async *execute(input, { abortSignal }) {
      const result = yield* runWithPreview((runOptions) => runner.run(input, runOptions), {
        signal: abortSignal,
        intervalMs: previewIntervalMs,
        maxChars: runner.interpreter.capabilities.maxOutputChars,
      });
      yield { status: 'completed' as const, ...result };
    },
    toModelOutput: ({ output }) => toModelOutput(output),
  });
  return Object.assign(runCode, {
    interpreter: runner.interpreter,
    close: runner.close,
    [Symbol.asyncDispose]: runner.close,
  }) as CodeInterpreterTool;
}
