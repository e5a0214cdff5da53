import type { CodeInterpreterToolRunnerOptions } from '@code-interpreter/core';
import type { ToolParams } from '@langchain/core/tools';

/**
 * Options of {@link CodeInterpreterTool}: the interpreter's own options (limits, caps, languages,
 * Python runtime), how the tool uses it (`interpreter`, `session`, `description`: see
 * `CodeInterpreterToolRunnerOptions`), and LangChain's tool parameters (callbacks, tags, ...).
 */
export interface CodeInterpreterToolOptions
  extends CodeInterpreterToolRunnerOptions,
    Omit<ToolParams, 'responseFormat'> {
  /**
   * The tool's name, as the model sees it.
   * @default 'run_code'
   */
  name?: string;
}
