import {
  type CodeExecutionInput,
  type CodeExecutionRequest,
  type CodeInterpreter,
  type CodeInterpreterSession,
  type codeExecutionSchema,
  codeExecutionSchemaFor,
  createCodeInterpreter,
  describeCodeInterpreter,
  type ExecutionResult,
  InterpreterClosedError,
  InvalidInputError,
  type SupportedLanguage,
} from '@code-interpreter/core';
import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager';
import { StructuredTool, type ToolRunnableConfig } from '@langchain/core/tools';
import type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
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
 * @example
 * ```ts
 * const runCode = new CodeInterpreterTool({ session: true });
 * const agent = createAgent({ model, tools: [runCode] });
 * await agent.invoke({ messages: [{ role: 'user', content: 'Sum 1..100 in Python' }] });
 * await runCode.close();
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

  readonly #ownsInterpreter: boolean;
  readonly #useSession: boolean;
  #session: CodeInterpreterSession | undefined;
  #closed: Promise<void> | undefined;

  constructor(options: CodeInterpreterToolOptions = {}) {
    const {
      interpreter,
      session = false,
      name,
      description,
      // LangChain's own tool parameters:
      callbacks,
      tags,
      metadata,
      verbose,
      verboseParsingErrors,
      defaultConfig,
      extras,
      ...interpreterOptions
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
    this.interpreter = interpreter ?? createCodeInterpreter(interpreterOptions);
    this.#ownsInterpreter = !interpreter;
    this.#useSession = session;
    const capabilities = this.interpreter.capabilities;
    this.languages = (options.languages ?? capabilities.languages).filter((language) =>
      capabilities.languages.includes(language),
    );
    this.schema = codeExecutionSchemaFor({ ...capabilities, languages: this.languages });
    this.name = name ?? 'run_code';
    this.description =
      description ?? describeCodeInterpreter(capabilities, { languages: this.languages, session });
  }

  protected async _call(
    input: CodeExecutionRequest,
    runManager?: CallbackManagerForToolRun,
    config?: ToolRunnableConfig,
  ): Promise<CodeInterpreterToolResponse> {
    if (this.#closed) {
      throw new InterpreterClosedError({ what: this.#useSession ? 'session' : 'interpreter' });
    }
    if (!this.languages.includes(input.language)) {
      throw new InvalidInputError({
        issues: [
          {
            path: 'language',
            message: `'${input.language}' is not offered here: use ${this.languages.map((l) => `'${l}'`).join(' or ')}`,
          },
        ],
      });
    }
    if (this.#useSession) this.#session ??= this.interpreter.createSession();
    const target = this.#session ?? this.interpreter;
    const result = await target.run(input, {
      signal: config?.signal,
      onOutput: (chunk) => {
        runManager?.handleCustomEvent(codeInterpreterOutputEvent, chunk).catch(() => {});
      },
    });
    const capabilities = this.interpreter.capabilities;
    const timeoutMs = Math.min(
      input.timeout ?? capabilities.defaultTimeoutMs,
      capabilities.maxTimeoutMs,
    );
    return [toContentBlocks(result, { timeoutMs }), result];
  }

  /**
   * Frees the tool's session and, when the tool created its interpreter, the interpreter with its
   * worker processes. Later calls fail with `InterpreterClosedError`. Idempotent.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#session?.close();
      if (this.#ownsInterpreter) await this.interpreter.close();
    })();
    return this.#closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
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
