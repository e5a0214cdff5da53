import type { SandboxTool, SandboxTools, StandardSchemaLike } from '@code-interpreter/core';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { toSandboxToolOutput } from './to-sandbox-tool-output';

/** Options of {@link toSandboxTools}. */
export interface ToSandboxToolsOptions {
  /**
   * Config merged into every call's `tool.invoke` (callbacks, tags, metadata, ...), so the calls
   * sandboxed code makes show up in the application's traces. The call's own abort signal (the
   * run's end) always wins over a `signal` given here.
   * @default undefined
   */
  config?: RunnableConfig;
}

/**
 * Turns LangChain tools into tools sandboxed code can call (`await tools.get_weather({ city })`
 * in JavaScript, `await tools.get_weather(city=...)` in Python), for `createCodeInterpreter({ tools })`,
 * a session's or a run's `tools`. Each keeps its name, description and input schema (Zod or JSON
 * Schema); a call is checked against the schema on the host, then made with
 * `tool.invoke(input, { signal })`. What the tool returns reaches the code as JSON: a string that
 * is JSON comes back parsed, other strings as they are, text content blocks as their joined
 * text, a `ToolMessage` as its content (a `status: 'error'` one fails the call with its text).
 * A tool that throws fails the call with the error's message.
 *
 * @example
 * ```ts
 * const interpreter = createCodeInterpreter({ tools: toSandboxTools([getWeather, searchDocs]) });
 * const result = await interpreter.run({
 *   language: 'javascript',
 *   code: "const w = await tools.get_weather({ city: 'Paris' }); w.temperature",
 * });
 * ```
 */
export function toSandboxTools(
  tools: readonly StructuredToolInterface[],
  options: ToSandboxToolsOptions = {},
): SandboxTools {
  const sandboxTools: SandboxTools = {};
  for (const tool of tools) {
    if (Object.hasOwn(sandboxTools, tool.name)) {
      throw new TypeError(
        `toSandboxTools: two tools are named '${tool.name}'; sandboxed code calls tools by name, so each needs its own.`,
      );
    }
    sandboxTools[tool.name] = toSandboxTool(tool, options.config);
  }
  return sandboxTools;
}

function toSandboxTool(
  tool: StructuredToolInterface,
  config: RunnableConfig | undefined,
): SandboxTool {
  return {
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: inputSchemaOf(tool.schema),
    async execute(input, { signal }) {
      const output = await tool.invoke(input, { ...config, signal });
      return toSandboxToolOutput(output, tool.name);
    },
  };
}

/**
 * A tool's schema as core checks and describes it. A Zod (or other Standard Schema) schema checks
 * the input with its own `validate` but hands `execute` the input as the code passed it, since
 * `tool.invoke` parses it again (a transform applied twice would fail); its JSON Schema is the
 * one LangChain shows models (`toJsonSchema`). A JSON Schema is passed as it is.
 */
function inputSchemaOf(schema: unknown): StandardSchemaLike | Record<string, unknown> {
  if (schema === undefined || schema === null) return { type: 'object' };
  // A JSON Schema stays as it is; a Zod 3 schema older than Standard Schema becomes JSON Schema.
  if (!isStandardSchema(schema)) return toJsonSchema(schema as never) as Record<string, unknown>;
  const standard = schema['~standard'];
  const jsonSchema = () => toJsonSchema(schema as never) as Record<string, unknown>;
  return {
    '~standard': {
      version: 1,
      vendor: `langchain:${standard.vendor}`,
      validate: async (value) => {
        const result = await standard.validate(value);
        return result.issues ? { issues: result.issues } : { value };
      },
      jsonSchema: { input: jsonSchema },
    },
  };
}

function isStandardSchema(schema: unknown): schema is StandardSchemaLike {
  return (
    typeof schema === 'object' &&
    schema !== null &&
    '~standard' in schema &&
    typeof (schema as StandardSchemaLike)['~standard']?.validate === 'function'
  );
}
