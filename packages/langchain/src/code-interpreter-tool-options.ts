import type { CodeInterpreter, CodeInterpreterOptions } from '@code-interpreter/core';
import type { ToolParams } from '@langchain/core/tools';

/**
 * Options of {@link CodeInterpreterTool}: the interpreter's own options (limits, caps, languages,
 * Python runtime), how the tool uses it, and LangChain's tool parameters (callbacks, tags, ...).
 */
export interface CodeInterpreterToolOptions
  extends CodeInterpreterOptions,
    Omit<ToolParams, 'responseFormat'> {
  /**
   * An interpreter to run code with, shared with the rest of the application. The tool then does
   * not own it: `tool.close()` leaves it open, and the interpreter options above are not used,
   * except `languages`, which narrows what the tool offers.
   * @default undefined (the tool creates its own interpreter and `tool.close()` closes it)
   */
  interpreter?: CodeInterpreter;
  /**
   * Keep one session across the agent's calls, so variables, functions and imports defined in one
   * call are there in the next. The session belongs to the tool instance: create one tool per
   * conversation (thread) to give each its own state.
   * @default false (every call starts fresh)
   */
  session?: boolean;
  /**
   * The tool's name, as the model sees it.
   * @default 'run_code'
   */
  name?: string;
  /**
   * The description the model reads.
   * @default describeCodeInterpreter(interpreter.capabilities, { languages, session })
   */
  description?: string;
}
