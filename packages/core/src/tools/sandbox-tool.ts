/**
 * A schema a tool's input or output is checked against: a Standard Schema (Zod 4, Valibot,
 * ArkType...; its JSON Schema is read from `~standard.jsonSchema` when the library offers it) or
 * a plain JSON Schema object (checked by core's own validator: see `validateJsonSchema`).
 */
export type SandboxToolSchema = StandardSchemaLike | JsonSchemaObject;

/** A JSON Schema (draft 2020-12 or 7) as a plain object. */
export type JsonSchemaObject = { readonly [keyword: string]: unknown };

/** The parts of Standard Schema v1 (and Standard JSON Schema) that core uses. */
export interface StandardSchemaLike {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardSchemaResult | Promise<StandardSchemaResult>;
    readonly jsonSchema?: {
      readonly input: (options: { target: string }) => Record<string, unknown>;
      readonly output?: (options: { target: string }) => Record<string, unknown>;
    };
  };
}

/** What a Standard Schema's `validate` answers. */
export type StandardSchemaResult =
  | { readonly value: unknown; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
      }>;
    };

/** What a tool's `execute` receives besides its input. */
export interface SandboxToolExecuteOptions {
  /**
   * Aborted when the run that made the call ends (finished, timed out, aborted by the caller,
   * or its sandbox stopped): a tool should stop its work then; its answer is dropped.
   */
  signal: AbortSignal;
  /** Unique id of this call (also in the run's `toolCalls`). */
  toolCallId: string;
}

/**
 * A function of the application that sandboxed code may call: `await tools.name(input)` in
 * JavaScript/TypeScript, `await tools.name(**input)` (or `tools.name.sync(**input)`) in Python.
 * The input is checked against `inputSchema` on the host before `execute` runs; values cross the
 * sandbox boundary as JSON (copies, never references).
 */
// biome-ignore lint/suspicious/noExplicitAny: a tool's input type is the application's, `any` lets tools of every input share one record type.
export interface SandboxTool<INPUT = any, OUTPUT = unknown> {
  /** What the tool does, for the model (put in the declarations it writes code against). */
  description?: string;
  /** The input's schema: the argument object is checked against it before `execute` runs. */
  inputSchema: SandboxToolSchema;
  /**
   * The output's schema, when known: shown to the model as the call's return type. Not
   * enforced on the value `execute` returns (it is the application's own code).
   */
  outputSchema?: SandboxToolSchema;
  /**
   * Does the work on the host, with the checked input. What it returns must be JSON
   * (`JSON.stringify`-able, within `toolLimits.maxOutputBytes`); what it throws becomes an
   * error in the sandbox with the error's message (never its stack or a host path).
   */
  execute(input: INPUT, options: SandboxToolExecuteOptions): OUTPUT | PromiseLike<OUTPUT>;
}

/**
 * Tools by the name sandboxed code calls them by: `tools.getWeather(...)` in JavaScript and
 * TypeScript; in Python the name made a Python identifier by `pythonToolName`
 * (`tools.get_weather(...)`).
 */
export type SandboxTools = Record<string, SandboxTool>;

/** Bounds on what one run's code may do with its tools. */
export interface SandboxToolLimits {
  /**
   * Most tool calls one run may make; later calls fail in the sandbox with a `ToolError` saying so.
   * @default 1000
   */
  maxCalls?: number;
  /**
   * Most of a run's tool calls in progress at once; more wait their turn (in order).
   * @default 16
   */
  maxConcurrent?: number;
  /**
   * Largest input of one call, as JSON, in bytes.
   * @default 1048576 (1 MB)
   */
  maxInputBytes?: number;
  /**
   * Largest output of one call, as JSON, in bytes; a larger one fails the call.
   * @default 4194304 (4 MB)
   */
  maxOutputBytes?: number;
}

/** One tool call a run made, as its result reports it. */
export interface ToolCallRecord {
  /** Unique id of the call (the `toolCallId` its `execute` received). */
  id: string;
  /** The tool's name. */
  name: string;
  /** The input the code passed (after JSON), or what could be read of it. */
  input: unknown;
  /**
   * What `execute` returned (after JSON). Absent when the call failed, and when it is larger
   * than 16 KB of JSON (then `outputBytes` says how large it was).
   */
  output?: unknown;
  /** Size of the output as JSON, in bytes, when the call succeeded. */
  outputBytes?: number;
  /** Why the call failed: the message the sandbox saw. */
  error?: string;
  /** Time from the call reaching the host to its answer, in ms. */
  ms: number;
}
