import {
  type CodeExecutionInput,
  type CodeInterpreter,
  type CodeInterpreterToolRunner,
  createCodeInterpreterToolRunner,
} from '@code-interpreter/core';
import { type Tool, tool } from 'ai';
import type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
import type { CodeInterpreterToolOutput } from './code-interpreter-tool-output';
import { withReadableFileContents } from './model-readable-files';
import { runWithPreview } from './run-with-preview';
import { type SandboxSessionCore, sandboxSessionCore } from './sandbox/sandbox-session-core';
import { createSessionToolRunner } from './sandbox/session-tool-runner';
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
 * the model reads compact text plus images (and the images and PDFs the code wrote). A fault in
 * the code is a result the model can fix; misuse (a language not offered, a closed interpreter)
 * throws. Given a code-interpreter sandbox (`sandbox`, or `experimental_sandbox` of the call), it
 * runs in the sandbox's session and sees its files.
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
  const { previewIntervalMs = 100, sandbox, ...runnerOptions } = options;
  const ownCore = sandbox ? sandboxSessionCore(sandbox) : undefined;
  if (sandbox && !ownCore) {
    throw new TypeError(
      'createCodeInterpreterTool: `sandbox` must come from createSandboxSession (other sandboxes have no code-interpreter session to run in).',
    );
  }
  const narrowing = {
    ...(runnerOptions.languages ? { languages: runnerOptions.languages } : {}),
    ...(runnerOptions.description === undefined ? {} : { description: runnerOptions.description }),
  };
  const runner = ownCore
    ? createSessionToolRunner(ownCore, narrowing)
    : createCodeInterpreterToolRunner(runnerOptions);
  // Runners for the code-interpreter sandboxes calls come with, one per sandbox session.
  const sandboxRunners = new WeakMap<SandboxSessionCore, CodeInterpreterToolRunner>();
  let closed = false;
  const runnerFor = (experimentalSandbox: unknown) => {
    // A closed tool answers every call with its runner's InterpreterClosedError.
    const core = closed ? undefined : (ownCore ?? sandboxSessionCore(experimentalSandbox));
    if (!core) return { runner, core: undefined };
    if (ownCore) return { runner, core };
    let sandboxRunner = sandboxRunners.get(core);
    if (!sandboxRunner) {
      sandboxRunner = createSessionToolRunner(core, narrowing);
      sandboxRunners.set(core, sandboxRunner);
    }
    return { runner: sandboxRunner, core };
  };

  const runCode = tool({
    description: runner.description,
    inputSchema: runner.inputSchema,
    async *execute(input, { abortSignal, experimental_sandbox }) {
      const target = runnerFor(experimental_sandbox);
      const result = yield* runWithPreview((runOptions) => target.runner.run(input, runOptions), {
        signal: abortSignal,
        intervalMs: previewIntervalMs,
        maxChars: runner.interpreter.capabilities.maxOutputChars,
      });
      // A session's files stay in its workspace: read the ones the model can see.
      const workspace = target.core ? target.core.session.files : target.runner.files();
      const withFiles = workspace ? await withReadableFileContents(result, workspace) : result;
      yield { status: 'completed' as const, ...withFiles };
    },
    toModelOutput: ({ output }) => toModelOutput(output),
  });
  const close = () => {
    closed = true;
    return runner.close();
  };
  return Object.assign(runCode, {
    interpreter: ownCore ? ownCore.interpreter : runner.interpreter,
    close,
    [Symbol.asyncDispose]: close,
  }) as CodeInterpreterTool;
}
