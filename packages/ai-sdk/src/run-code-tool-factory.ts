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

/** What one AI SDK tool over a factory's runners says and gives its runs. */
export interface RunCodeToolSettings {
  /** The description the model reads. */
  description: string;
  /**
   * The AI SDK tools the code of every call may call; each call's `messages`, `context` and
   * `experimental_sandbox` are handed on to their `execute`.
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
  /** An AI SDK tool whose calls run code as the options say, with `settings`' tools. */
  tool(settings: RunCodeToolSettings): Tool<CodeExecutionInput, CodeInterpreterToolOutput>;
  /** Frees the runner's session and, when it created its interpreter, the interpreter. */
  close(): Promise<void>;
}

/** Creates the shared state of a code interpreter tool from its options. */
export function createRunCodeToolFactory(options: CodeInterpreterToolOptions): RunCodeToolFactory {
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

  return {
    runner,
    interpreter: ownCore ? ownCore.interpreter : runner.interpreter,
    tool: ({ description, tools }) =>
      tool({
        description,
        inputSchema: runner.inputSchema,
        async *execute(input, executionOptions) {
          const target = runnerFor(executionOptions.experimental_sandbox);
          const { messages, context, experimental_sandbox } = executionOptions;
          const callTools = tools
            ? toSandboxTools(tools, { messages, context, experimental_sandbox })
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
      }),
    close() {
      closed = true;
      return runner.close();
    },
  };
}
