import {
  type CodeExecutionInput,
  type CodeExecutionRequest,
  type CodeInterpreter,
  type CodeInterpreterToolRunner,
  type codeExecutionSchema,
  createCodeInterpreterToolRunner,
  type ExecutionResult,
  type SandboxTools,
  type SupportedLanguage,
} from '@code-interpreter/core';
import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager';
import {
  StructuredTool,
  type StructuredToolInterface,
  type ToolRunnableConfig,
} from '@langchain/core/tools';
import type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
import { toSandboxTools } from './code-mode/to-sandbox-tools';
import {
  type CodeInterpreterImageBlock,
  type CodeInterpreterTextBlock,
  toContentBlocks,
} from './to-content-blocks';

/** The tool's `[content, artifact]`: text and image blocks for the model, the full result for the app. */
export type CodeInterpreterToolResponse = [
  Array<CodeInterpreterTextBlock | CodeInterpreterImageBlock>,
  ExecutionResult,
];

/** Name of the custom callback event that carries live output (`on_custom_event` in `streamEvents`). */
export const codeInterpreterOutputEvent = 'code_interpreter_output';

/**
 * A LangChain tool that runs JavaScript, TypeScript or Python in a sandbox. Its schema is the shared
 * `codeExecutionSchema`; it answers with `[content, artifact]`: the ToolMessage's content is text and
 * image blocks the model reads, its `artifact` the full `ExecutionResult`. A fault in the code is a
 * result the model can fix; misuse throws. `config.signal` stops the run. While code runs, output
 * is dispatched as `code_interpreter_output` custom events.
 *
 * With `tools` (code mode), the model's code may call the application's tools from the sandbox
 * (`await tools.search({ query })` in JavaScript, `await tools.search(query=...)` in Python): one
 * program makes the calls that would otherwise take a model turn each.
 *
 * @example
 * ```ts
 * const runCode = new CodeInterpreterTool({ session: true });
 * const agent = createAgent({ model, tools: [runCode] });
 * await agent.invoke({ messages: [{ role: 'user', content: 'Sum 1..100 in Python' }] });
 * await runCode.close();
 * ```
 *
 * @example Code mode
 * ```ts
 * const codeMode = new CodeInterpreterTool({ tools: [getPrice, getStock] });
 * const agent = createAgent({ model, tools: [codeMode] });
 * ```
 */
export class CodeInterpreterTool extends StructuredTool<
  typeof codeExecutionSchema,
  CodeExecutionRequest,
  CodeExecutionInput,
  CodeInterpreterToolResponse
> {
  static override lc_name(): string {
    return 'CodeInterpreterTool';
  }

  name: string;
  description: string;
  /** The input schema, narrowed to the languages offered and the application's caps. */
  schema: typeof codeExecutionSchema;
  override responseFormat = 'content_and_artifact' as const;
  /** The interpreter the tool runs code with (its own, or the one passed in the options). */
  readonly interpreter: CodeInterpreter;
  /** The languages this tool offers. */
  readonly languages: readonly SupportedLanguage[];

  readonly #runner: CodeInterpreterToolRunner;
  /** LangChain tools given as `tools`, bound to each call's config. */
  readonly #toolList: readonly StructuredToolInterface[] | undefined;

  constructor(options: CodeInterpreterToolOptions = {}) {
    const {
      name,
      // LangChain's own tool parameters:
      callbacks,
      tags,
      metadata,
      verbose,
      verboseParsingErrors,
      defaultConfig,
      extras,
      tools,
      ...runnerOptions
    } = options;
    super({
      callbacks,
      tags,
      metadata,
      verbose,
      verboseParsingErrors,
      defaultConfig,
      extras,
      responseFormat: 'content_and_artifact',
    });
    // The runner declares the tools and gives them to every run; LangChain tools are bound
    // again to each call's callbacks and config in _call.
    this.#runner = createCodeInterpreterToolRunner({
      ...runnerOptions,
      ...(tools ? { tools: isToolList(tools) ? toSandboxTools(tools) : tools } : {}),
    });
    this.interpreter = this.#runner.interpreter;
    this.languages = this.#runner.languages;
    this.schema = this.#runner.inputSchema;
    this.name = name ?? 'run_code';
    this.description = this.#runner.description;
    this.#toolList = tools && isToolList(tools) ? tools : undefined;
  }

  protected async _call(
    input: CodeExecutionRequest,
    runManager?: CallbackManagerForToolRun,
    config?: ToolRunnableConfig,
  ): Promise<CodeInterpreterToolResponse> {
    const tools = this.#boundTools(runManager, config);
    const result = await this.#runner.run(input, {
      signal: config?.signal,
      onOutput: (chunk) => {
        runManager?.handleCustomEvent(codeInterpreterOutputEvent, chunk).catch(() => {});
      },
      ...(tools ? { tools } : {}),
    });
    return [toContentBlocks(result), result];
  }

  /**
   * The LangChain tools bound to this call, replacing the runner's unbound ones: invoked with
   * this call's config (its runtime context, tags, metadata), their runs traced as children of
   * this one. Undefined for `SandboxTools`, which the runner gives to every run as they are.
   */
  #boundTools(
    runManager: CallbackManagerForToolRun | undefined,
    config: ToolRunnableConfig | undefined,
  ): SandboxTools | undefined {
    const tools = this.#toolList;
    if (!tools) return undefined;
    const {
      toolCall: _toolCall,
      runId: _runId,
      runName: _runName,
      signal: _signal,
      ...inherited
    } = config ?? {};
    return toSandboxTools(tools, {
      config: { ...inherited, callbacks: runManager?.getChild() },
    });
  }

  /**
   * Frees the tool's session and, when the tool created its interpreter, the interpreter with its
   * worker processes. Later calls fail with `InterpreterClosedError`. Idempotent.
   */
  close(): Promise<void> {
    return this.#runner.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

function isToolList(
  tools: readonly StructuredToolInterface[] | SandboxTools,
): tools is readonly StructuredToolInterface[] {
  return Array.isArray(tools);
}

/**
 * Creates a {@link CodeInterpreterTool}.
 *
 * @example
 * ```ts
 * const runCode = createCodeInterpreterTool({ languages: ['python'], maxTimeoutMs: 10_000 });
 * ```
 */
export function createCodeInterpreterTool(
  options: CodeInterpreterToolOptions = {},
): CodeInterpreterTool {
  return new CodeInterpreterTool(options);
}
