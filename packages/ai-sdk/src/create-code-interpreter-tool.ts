import type { CodeExecutionInput, CodeInterpreter } from '@code-interpreter/core';
import { type Experimental_ToolCallerTool, experimental_toolCaller, type Tool } from 'ai';
import type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
import type { CodeInterpreterToolOutput } from './code-interpreter-tool-output';
import { toolCallerMessage } from './code-mode/tool-caller-message';
import { createRunCodeToolFactory } from './run-code-tool-factory';

/**
 * An AI SDK tool that runs code, plus the means to free what it holds. Pass it in `tools`; call
 * `close()` (or use `await using`) when the conversation or the application ends.
 */
export type CodeInterpreterTool = Experimental_ToolCallerTool<
  Tool<CodeExecutionInput, CodeInterpreterToolOutput>
> & {
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
 * It is also a local tool caller (`experimental_toolCaller`): the application's tools that
 * `experimental_toolCallers` of `generateText`/`streamText` route to it are callable from its
 * code (`await tools.getInventory({ ... })`, in Python `await tools.get_inventory(...)`), as with
 * `@ai-sdk/code-mode`; their declarations reach the model in a message of the conversation.
 *
 * @example
 * ```ts
 * const runCode = createCodeInterpreterTool({ session: true });
 * const { text } = await generateText({
 *   model, tools: { runCode }, stopWhen: stepCountIs(5),
 *   prompt: 'What is the 20th Fibonacci number?',
 * });
 * await runCode.close();
 *
 * // Code mode: getInventory is called from the model's code (and directly too).
 * await generateText({
 *   model, tools: { runCode, getInventory }, stopWhen: stepCountIs(5),
 *   experimental_toolCallers: { getInventory: ['runCode', 'AI_SDK_DIRECT_TOOL_CALL'] },
 *   prompt: 'Which of our 30 products are out of stock?',
 * });
 * ```
 */
export function createCodeInterpreterTool(
  options: CodeInterpreterToolOptions = {},
): CodeInterpreterTool {
  const factory = createRunCodeToolFactory(options);
  const runCode = factory.tool();
  const caller = experimental_toolCaller(runCode, {
    type: 'local',
    // Called at every step of a generation with the tools experimental_toolCallers routes here;
    // tools code cannot call are refused before the step starts.
    bind: (tools) => (Object.keys(tools).length === 0 ? runCode : factory.tool(tools)),
    // The model keeps seeing the tool above; the tools its code can call come as a message.
    prepareModelMessage: (tools) => toolCallerMessage(tools, factory.runner.languages),
  });
  return factory.closable(caller);
}
