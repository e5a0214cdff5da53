import {
  type CodeExecutionInput,
  type CodeInterpreter,
  type CodeInterpreterToolRunner,
  createCodeInterpreterToolRunner,
} from '@code-interpreter/core';
import { type Tool, type ToolSet, tool } from 'ai';
import type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
import type { CodeInterpreterToolOutput } from './code-interpreter-tool-output';
import { toSandboxTools } from './code-mode/to-sandbox-tools';
import { withReadableFileContents } from './model-readable-files';
import { runWithPreview } from './run-with-preview';
import { type SandboxSessionCore, sandboxSessionCore } from './sandbox/sandbox-session-core';
import { createSessionToolRunner } from './sandbox/session-tool-runner';
import { toModelOutput } from './to-model-output';

/** Options of {@link createRunCodeToolFactory}: the tool's options, and the tools its code may call. */
export interface RunCodeToolFactoryOptions extends CodeInterpreterToolOptions {
  /**
   * The AI SDK tools the code of every call may call (code mode): refused at creation when code
   * cannot call them, given to the runner as its `tools` (so its description declares them), and
   * bound to each call's `messages`, `context` and `experimental_sandbox`.
   * @default undefined (no tools)
   */
  tools?: ToolSet;
}

/**
 * The shared state of one code interpreter tool: its runner (its own interpreter, or a given one,
 * or a sandbox's session), the runners of the code-interpreter sandboxes calls come with, and
 * whether it is closed. Every AI SDK tool it makes (the tool, a tool caller bound to the
 * application's tools, a code mode tool) runs code through this one state, so they share the
 * session and are all closed by one `close()`.
 */
export interface RunCodeToolFactory {
  /** The runner of calls without a code-interpreter sandbox (description, languages, interpreter). */
  readonly runner: CodeInterpreterToolRunner;
  /** The interpreter the tools run code with. */
  readonly interpreter: CodeInterpreter;
  /**
   * An AI SDK tool described as the runner is, whose calls run code as the options say. The code
   * may call `tools` (the factory's own when not given), bound to each call's `messages`,
   * `context` and `experimental_sandbox`; tools code cannot call are refused here.
   */
  tool(tools?: ToolSet): Tool<CodeExecutionInput, CodeInterpreterToolOutput>;
  /** `tool` with the factory's `interpreter`, `close()` and `[Symbol.asyncDispose]()` on it. */
  closable<T extends object>(tool: T): T & ClosableParts;
  /** Frees the runner's session and, when it created its interpreter, the interpreter. */
  close(): Promise<void>;
}

/** What a tool made by a factory carries to free what it holds. */
interface ClosableParts {
  readonly interpreter: CodeInterpreter;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Creates the shared state of a code interpreter tool from its options. */
export function createRunCodeToolFactory(options: RunCodeToolFactoryOptions): RunCodeToolFactory {
  const { previewIntervalMs = 100, sandbox, tools: ownTools, ...runnerOptions } = options;
  const ownCore = sandbox ? sandboxSessionCore(sandbox) : undefined;
  if (sandbox && !ownCore) {
    throw new TypeError(
      'createCodeInterpreterTool: `sandbox` must come from createSandboxSession (other sandboxes have no code-interpreter session to run in).',
    );
  }
  // Refuses tools code cannot call before anything starts; the runner declares them.
  const tools = ownTools ? toSandboxTools(ownTools) : undefined;
  const narrowing = {
    ...(runnerOptions.languages ? { languages: runnerOptions.languages } : {}),
    ...(runnerOptions.description === undefined ? {} : { description: runnerOptions.description }),
    ...(tools ? { tools } : {}),
  };
  const runner = ownCore
    ? createSessionToolRunner(ownCore, narrowing)
    : createCodeInterpreterToolRunner({ ...runnerOptions, ...(tools ? { tools } : {}) });
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

  const interpreter = ownCore ? ownCore.interpreter : runner.interpreter;
  const close = () => {
    closed = true;
    return runner.close();
  };

  return {
    runner,
    interpreter,
    tool(boundTools = ownTools) {
      if (boundTools && boundTools !== ownTools) toSandboxTools(boundTools);
      return tool({
        description: runner.description,
        inputSchema: runner.inputSchema,
        async *execute(input, executionOptions) {
          const target = runnerFor(executionOptions.experimental_sandbox);
          const { messages, context, experimental_sandbox } = executionOptions;
          // The tools bound to this call (in code mode they replace the runner's unbound ones).
          const callTools = boundTools
            ? toSandboxTools(boundTools, { messages, context, experimental_sandbox })
            : undefined;
          const result = yield* runWithPreview(
            (runOptions) =>
              target.runner.run(
                input,
                callTools ? { ...runOptions, tools: callTools } : runOptions,
              ),
            {
              signal: executionOptions.abortSignal,
              intervalMs: previewIntervalMs,
              maxChars: runner.interpreter.capabilities.maxOutputChars,
            },
          );
          // A session's files stay in its workspace: read the ones the model can see.
          const workspace = target.core ? target.core.session.files : target.runner.files();
          const withFiles = workspace ? await withReadableFileContents(result, workspace) : result;
          yield { status: 'completed' as const, ...withFiles };
        },
        toModelOutput: ({ output }) => toModelOutput(output),
      });
    },
    closable: (tool) => Object.assign(tool, { interpreter, close, [Symbol.asyncDispose]: close }),
    close,
  };
}
