import type { CodeInterpreterToolRunnerOptions, SandboxTools } from '@code-interpreter/core';
import type { StructuredToolInterface, ToolParams } from '@langchain/core/tools';

/**
 * Options of {@link CodeInterpreterTool}: the interpreter's own options (limits, caps, languages,
 * Python runtime), how the tool uses it (`interpreter`, `session`, `description`: see
 * `CodeInterpreterToolRunnerOptions`), the tools the model's code may call (`tools`), and
 * LangChain's tool parameters (callbacks, tags, ...).
 */
export interface CodeInterpreterToolOptions
  extends Omit<CodeInterpreterToolRunnerOptions, 'tools'>,
    Omit<ToolParams, 'responseFormat'> {
  /**
   * The tool's name, as the model sees it.
   * @default 'run_code'
   */
  name?: string;
  /**
   * Code mode: tools the model's code may call from the sandbox, so one program can make many
   * calls (a loop over 50 items, a join of two results) instead of one model turn each. LangChain
   * tools (converted with `toSandboxTools`, called with `tool.invoke` and traced as children of
   * this tool's run) or core `SandboxTools`. Their TypeScript declarations and Python stubs are
   * appended to the description; each result's text ends with a summary of the calls made, and
   * the artifact's `toolCalls` lists every call.
   * @default undefined (no tools)
   */
  tools?: readonly StructuredToolInterface[] | SandboxTools;
}
