import {
  type CodeExecutionInput,
  type CodeInterpreter,
  type CodeInterpreterSession,
  codeExecutionSchemaFor,
  createCodeInterpreter,
  describeCodeInterpreter,
  InterpreterClosedError,
  InvalidInputError,
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
  const {
    interpreter: givenInterpreter,
    session: useSession = false,
    description,
    previewIntervalMs = 100,
    ...interpreterOptions
  } = options;
  const interpreter = givenInterpreter ?? createCodeInterpreter(interpreterOptions);
  const capabilities = interpreter.capabilities;
  const languages = (options.languages ?? capabilities.languages).filter((language) =>
    capabilities.languages.includes(language),
  );
  let session: CodeInterpreterSession | undefined;
  let closed: Promise<void> | undefined;

  const runCode = tool({
    description:
      description ?? describeCodeInterpreter(capabilities, { languages, session: useSession }),
    // What the model sees is what it may send: the languages offered, the application's caps.
    inputSchema: codeExecutionSchemaFor({ ...capabilities, languages }),
    async *execute(input, { abortSignal }) {
      if (closed)
        throw new InterpreterClosedError({ what: useSession ? 'session' : 'interpreter' });
      if (!languages.includes(input.language)) {
        throw new InvalidInputError({
          issues: [
            {
              path: 'language',
              message: `'${input.language}' is not offered here: use ${languages.map((l) => `'${l}'`).join(' or ')}`,
            },
          ],
        });
      }
      if (useSession) session ??= interpreter.createSession();
      const target = session ?? interpreter;
      const result = yield* runWithPreview((runOptions) => target.run(input, runOptions), {
        signal: abortSignal,
        intervalMs: previewIntervalMs,
        maxChars: capabilities.maxOutputChars,
      });
      yield { status: 'completed' as const, ...result };
    },
    toModelOutput: ({ input, output }) =>
      toModelOutput(output, {
        timeoutMs: Math.min(
          input.timeout ?? capabilities.defaultTimeoutMs,
          capabilities.maxTimeoutMs,
        ),
      }),
  });

  const close = () => {
    closed ??= (async () => {
      await session?.close();
      if (!givenInterpreter) await interpreter.close();
    })();
    return closed;
  };
  return Object.assign(runCode, {
    interpreter,
    close,
    [Symbol.asyncDispose]: close,
  }) as CodeInterpreterTool;
}
