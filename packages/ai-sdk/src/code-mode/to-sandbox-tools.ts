import type { SandboxTool, SandboxTools } from '@code-interpreter/core';
import type { ModelMessage, Tool, ToolExecutionOptions, ToolSet } from 'ai';
import { toSandboxToolSchema } from './to-sandbox-tool-schema';

/**
 * What the call that runs the code hands on to each tool its code calls, as the AI SDK would
 * give it to a direct call (`toolCallId` and `abortSignal` are the sandbox call's own).
 */
export interface ToSandboxToolsOptions {
  /**
   * The messages of the step whose tool call runs the code (`messages` of each tool's execute
   * options).
   * @default []
   */
  messages?: ModelMessage[];
  /**
   * The context each tool's `execute` receives. `createCodeModeTool` and the tool-caller form pass
   * the code interpreter tool's own context (its `toolsContext` entry), as `@ai-sdk/code-mode` does.
   * @default undefined
   */
  context?: unknown;
  /**
   * The sandbox of the generation (`experimental_sandbox` of each tool's execute options).
   * @default undefined
   */
  experimental_sandbox?: ToolExecutionOptions<unknown>['experimental_sandbox'];
}

/**
 * Converts AI SDK tools to tools sandboxed code can call (`await tools.name(input)` in
 * JavaScript/TypeScript, `await tools.name(**input)` in Python) through an interpreter's, a
 * session's or a run's `tools`. Each keeps its description, its input schema (checked on the host
 * with the AI SDK schema's own validation before `execute` runs) and its output schema; `execute`
 * gets `{ toolCallId, messages, abortSignal, context }` like a direct call, and a streaming tool
 * (an `execute` that yields) answers with its last value.
 *
 * A tool without `execute` (a client-side tool, whose result comes from the UI, or a
 * provider-executed tool such as a provider's web search) cannot run on the host: it is refused
 * with a `TypeError` naming it, rather than left for sandboxed code to fail on. So is a tool that
 * always needs approval (`needsApproval: true`); one whose `needsApproval` function says yes for a
 * call fails that call with an error the code sees, since a call from code cannot wait for
 * approval.
 *
 * @example
 * ```ts
 * const interpreter = createCodeInterpreter({ tools: toSandboxTools({ getWeather }) });
 * const result = await interpreter.run({
 *   language: 'javascript',
 *   code: 'const w = await tools.getWeather({ city: "Paris" }); w.temperature',
 * });
 * ```
 */
export function toSandboxTools(tools: ToolSet, options: ToSandboxToolsOptions = {}): SandboxTools {
  const refusals = Object.entries(tools).flatMap(([name, tool]) => {
    if (typeof tool.execute !== 'function') {
      return [`'${name}' has no execute (a client-side or provider-executed tool)`];
    }
    return tool.needsApproval === true ? [`'${name}' always needs approval`] : [];
  });
  if (refusals.length > 0) {
    throw new TypeError(
      `Sandboxed code cannot call these tools: ${refusals.join('; ')}. Let the model call them directly: list only 'AI_SDK_DIRECT_TOOL_CALL' for them in experimental_toolCallers, or leave them out of createCodeModeTool's tools.`,
    );
  }
  const sandboxTools: SandboxTools = {};
  for (const [name, tool] of Object.entries(tools)) {
    sandboxTools[name] = toSandboxTool(name, tool as Tool, options);
  }
  return sandboxTools;
}

function toSandboxTool(name: string, tool: Tool, options: ToSandboxToolsOptions): SandboxTool {
  const execute = tool.execute as NonNullable<Tool['execute']>;
  const description = descriptionOf(tool, options);
  return {
    ...(description === undefined ? {} : { description }),
    inputSchema: toSandboxToolSchema(tool.inputSchema),
    ...(tool.outputSchema ? { outputSchema: toSandboxToolSchema(tool.outputSchema) } : {}),
    async execute(input, { signal, toolCallId }) {
      const executionOptions: ToolExecutionOptions<unknown> = {
        toolCallId,
        messages: options.messages ?? [],
        abortSignal: signal,
        context: options.context,
        ...(options.experimental_sandbox
          ? { experimental_sandbox: options.experimental_sandbox }
          : {}),
      };
      if (typeof tool.needsApproval === 'function') {
        const needsApproval = await tool.needsApproval(input, executionOptions);
        if (needsApproval) {
          throw new Error(
            `${name} needs approval for this call, and a call from code cannot wait for it: ask the user, or call ${name} directly.`,
          );
        }
      }
      return lastValue(await execute.call(tool, input, executionOptions));
    },
  };
}

/** The tool's description; a description function is called with the forwarded context. */
function descriptionOf(tool: Tool, options: ToSandboxToolsOptions): string | undefined {
  const { description } = tool as { description?: unknown };
  if (typeof description === 'string') return description;
  if (typeof description !== 'function') return undefined;
  try {
    const text: unknown = description({
      context: options.context,
      ...(options.experimental_sandbox
        ? { experimental_sandbox: options.experimental_sandbox }
        : {}),
    });
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** A streaming tool's answer is its last value (its earlier ones are preliminary). */
async function lastValue(output: unknown): Promise<unknown> {
  if (!isAsyncIterable(output)) return output;
  let last: unknown;
  for await (const value of output) last = value;
  return last;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
