import type { SandboxToolSchema, StandardSchemaLike } from '@code-interpreter/core';
import { asSchema, type FlexibleSchema, type Schema } from 'ai';

/** The AI SDK's own conversion of a schema, kept per schema object (Zod's JSON Schema is costly). */
const converted = new WeakMap<object, SandboxToolSchema>();

/** What a Standard Schema's `validate` answers. */
type StandardSchemaResult = Awaited<ReturnType<StandardSchemaLike['~standard']['validate']>>;

/**
 * A tool schema of the AI SDK (Zod, Standard Schema, `jsonSchema(...)`, `zodSchema(...)`, a lazy
 * schema) as a schema core checks sandbox calls against: the JSON Schema the AI SDK sends the
 * model (so the model's declarations and the direct tool's are the same), checked with the
 * AI SDK schema's own `validate`. A schema without `validate` (a plain `jsonSchema(...)`) is
 * handed to core as its JSON Schema, which core's validator checks.
 */
export function toSandboxToolSchema(
  schema: FlexibleSchema<unknown> | undefined,
): SandboxToolSchema {
  const key = typeof schema === 'object' || typeof schema === 'function' ? schema : undefined;
  const cached = key ? converted.get(key) : undefined;
  if (cached) return cached;
  const result = convert(asSchema(schema));
  if (key) converted.set(key, result);
  return result;
}

function convert(schema: Schema<unknown>): SandboxToolSchema {
  const { validate } = schema;
  if (!validate) {
    const json = readJsonSchema(schema);
    // A JSON Schema that only arrives asynchronously cannot be read here: accept any input.
    return json ?? passThrough;
  }
  return {
    '~standard': {
      version: 1,
      vendor: 'ai-sdk',
      validate: async (value: unknown): Promise<StandardSchemaResult> => {
        const result = await validate(value);
        return result.success ? { value: result.value } : { issues: issuesOf(result.error) };
      },
      jsonSchema: { input: () => readJsonSchema(schema) ?? {} },
    },
  };
}

const passThrough: SandboxToolSchema = {
  '~standard': {
    version: 1,
    vendor: 'ai-sdk',
    validate: (value: unknown) => ({ value }),
    jsonSchema: { input: () => ({}) },
  },
};

/** The schema's JSON Schema, or undefined when it is asynchronous or cannot be made. */
function readJsonSchema(schema: Schema<unknown>): Record<string, unknown> | undefined {
  try {
    const json: unknown = schema.jsonSchema;
    if (typeof json !== 'object' || json === null || 'then' in json) return undefined;
    return json as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

type Issue = { message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> };

/**
 * The issues of a failed AI SDK validation: a Zod error's own issues, a `TypeValidationError`'s
 * Standard Schema issues (its `cause`), else the error's message.
 */
function issuesOf(error: unknown): Issue[] {
  for (const candidate of [
    (error as { issues?: unknown } | undefined)?.issues,
    (error as { cause?: unknown } | undefined)?.cause,
  ]) {
    if (Array.isArray(candidate) && candidate.length > 0 && candidate.every(isIssue)) {
      return candidate.map((issue) => ({
        message: issue.message,
        ...(Array.isArray(issue.path) ? { path: issue.path } : {}),
      }));
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return [{ message: message || 'the input does not match the schema' }];
}

function isIssue(value: unknown): value is Issue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
