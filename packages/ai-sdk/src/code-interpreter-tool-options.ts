import type { CodeInterpreter, CodeInterpreterOptions } from '@code-interpreter/core';

/**
 * Options of {@link createCodeInterpreterTool}: the interpreter's own options (limits, caps,
 * languages, Python runtime) plus how the tool uses it.
 */
export interface CodeInterpreterToolOptions extends CodeInterpreterOptions {
  /**
   * An interpreter to run code with, shared with the rest of the application. The tool then does
   * not own it: `tool.close()` leaves it open, and the interpreter options above are not used
   * (the interpreter has its own), except `languages`, which narrows what the tool offers.
   * @default undefined (the tool creates its own interpreter and `tool.close()` closes it)
   */
  interpreter?: CodeInterpreter;
  /**
   * Keep one session across the model's calls, so variables, functions and imports defined in one
   * call are there in the next. The session belongs to the tool instance: create one tool per
   * conversation to give each conversation its own state, and `close()` it when the conversation ends.
   * @default false (every call starts fresh)
   */
  session?: boolean;
  /**
   * The description the model reads. The default is derived from the interpreter's capabilities:
   * languages, what Python can import, no network, limits, and how results come back.
   * @default describeCodeInterpreter(interpreter.capabilities, { languages, session })
   */
  description?: string;
  /**
   * Least time between two preliminary results (live stdout and stderr) while code runs, in ms.
   * @default 100
   */
  previewIntervalMs?: number;
}
