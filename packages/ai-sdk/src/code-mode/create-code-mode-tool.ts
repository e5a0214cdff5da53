import type { CodeExecutionInput, CodeInterpreter } from '@code-interpreter/core';
import type { Tool, ToolSet } from 'ai';
import type { CodeInterpreterToolOptions } from '../code-interpreter-tool-options';
import type { CodeInterpreterToolOutput } from '../code-interpreter-tool-output';
import { createRunCodeToolFactory } from '../run-code-tool-factory';

/**
 * Options of {@link createCodeModeTool}: the tools its code may call, plus every option of
 * `createCodeInterpreterTool` (an `interpreter` to share, `session`, `languages`, `python`,
 * limits, `toolLimits`...).
 */
export interface CodeModeToolOptions extends CodeInterpreterToolOptions {
  /**
   * The AI SDK tools the model's code may call: `await tools.name(input)` in JavaScript and
   * TypeScript, `await tools.name(**input)` (or `tools.name.sync(**input)`) in Python. Each call
   * is checked against the tool's `inputSchema` and runs the tool's `execute` in this process,
   * with the code interpreter call's `messages`, `context` and `experimental_sandbox`. Every tool
   * needs an `execute` (see `toSandboxTools`). Their TypeScript declarations (and Python stubs)
   * are appended to the description.
   */
  tools: ToolSet;
  /**
   * The description the model reads, before the declarations of `tools` (which are always added:
   * the model cannot call what it has not seen).
   * @default the code interpreter's description (languages, limits, sandbox rules)
   */
  description?: string;
}

/** The tool {@link createCodeModeTool} returns: an AI SDK tool that runs code calling tools. */
export type CodeModeTool = Tool<CodeExecutionInput, CodeInterpreterToolOutput> & {
  /** The interpreter the tool runs code with (its own, or the one passed in the options). */
  readonly interpreter: CodeInterpreter;
  /**
   * Frees the tool's session and, when the tool created its interpreter, the interpreter with its
   * worker processes. Idempotent.
   */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * Creates a code interpreter tool whose code can call the given AI SDK tools, for use without
 * `experimental_toolCallers`: one program makes many tool calls (a loop, `Promise.all`, a join of
 * two results) instead of one model turn each. Its description ends with TypeScript declarations
 * (and Python stubs) of the tools; the model reads the program's output followed by how many tool
 * calls it made and which failed; the tool result keeps every call in `toolCalls`.
 *
 * @example
 * ```ts
 * const runCode = createCodeModeTool({ tools: { getInventory, getDemand } });
 * const { text } = await generateText({
 *   model, tools: { runCode }, stopWhen: stepCountIs(5),
 *   prompt: 'Which of products p1..p30 have less stock than demand?',
 * });
 * await runCode.close();
 * ```
 */
export function createCodeModeTool(options: CodeModeToolOptions): CodeModeTool {
  const factory = createRunCodeToolFactory(options);
  return factory.closable(factory.tool());
}
