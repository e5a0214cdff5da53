import type { JsonSchemaObject, SandboxToolSchema, StandardSchemaResult } from './sandbox-tool';
import { joinPath, validateJsonSchema } from './validate-json-schema';

/** What a value's check against a tool's schema answers. */
export type ToolSchemaValidation =
  | { ok: true; value: unknown }
  | {
      ok: false;
      /** What is wrong, by path (`input.sku: expected string, got number`), a few issues at most. */
      message: string;
    };

/** A tool's schema made usable: its JSON Schema for the model and a check for values. */
export interface ResolvedToolSchema {
  /**
   * The JSON Schema shown to the model: the object passed, or the Standard Schema's own
   * (`~standard.jsonSchema.input`, draft 2020-12); `{}` (anything) when it offers none.
   */
  jsonSchema: JsonSchemaObject;
  /**
   * Checks a value. A Standard Schema's answer is its library's, with the value it returns
   * (which may be transformed: defaults filled, strings coerced); a JSON Schema's is core's
   * `validateJsonSchema`, with the value unchanged.
   */
  validate(value: unknown): Promise<ToolSchemaValidation>;
}

/** Most issues put in one message. */
const MESSAGE_MAX_ISSUES = 3;
/** Longest issue message kept from a schema library. */
const ISSUE_MAX_CHARS = 200;

/**
 * Reads a tool's `inputSchema` or `outputSchema`: a Standard Schema (Zod 4, Valibot, ArkType...)
 * or a plain JSON Schema object.
 *
 * @throws TypeError when the schema is neither (a Zod 3 schema, an AI SDK `jsonSchema()`
 * wrapper, a class instance...), naming what to pass instead.
 *
 * @example
 * ```ts
 * const schema = resolveToolSchema(z.object({ sku: z.string() }));
 * schema.jsonSchema; // { type: 'object', properties: { sku: { type: 'string' } }, ... }
 * await schema.validate({ sku: 1 }); // { ok: false, message: 'input.sku: expected string, received number' }
 * ```
 */
export function resolveToolSchema(schema: SandboxToolSchema): ResolvedToolSchema {
  if (isStandardSchema(schema)) return resolveStandardSchema(schema);
  if (isPlainObject(schema)) {
    if (Object.getOwnPropertySymbols(schema).includes(Symbol.for('vercel.ai.schema'))) {
      throw new TypeError(
        "A tool schema is an AI SDK Schema (from jsonSchema() or zodSchema()): pass the Zod schema itself, or the plain JSON Schema object (the wrapper's .jsonSchema).",
      );
    }
    return {
      jsonSchema: schema,
      validate: async (value) => {
        const issues = validateJsonSchema(schema, value, { maxIssues: MESSAGE_MAX_ISSUES });
        return issues.length === 0
          ? { ok: true, value }
          : {
              ok: false,
              message: issues.join('; ').replace('; (more issues not listed)', ' (and more)'),
            };
      },
    };
  }
  throw new TypeError(
    `A tool schema must be a Standard Schema (Zod 4, Valibot, ArkType...) or a plain JSON Schema object; got ${describeValue(schema)}.`,
  );
}

type StandardSchema = Extract<SandboxToolSchema, { '~standard': unknown }>;

function isStandardSchema(schema: unknown): schema is StandardSchema {
  if ((typeof schema !== 'object' && typeof schema !== 'function') || schema === null) return false;
  if (!('~standard' in schema)) return false;
  const standard = (schema as { '~standard': unknown })['~standard'];
  if (
    typeof standard !== 'object' ||
    standard === null ||
    !('validate' in standard) ||
    typeof standard.validate !== 'function'
  ) {
    throw new TypeError(
      'A tool schema has a "~standard" property without a validate function: pass a Standard Schema v1 (Zod 4, Valibot, ArkType...) or a plain JSON Schema object.',
    );
  }
  return true;
}

function resolveStandardSchema(schema: StandardSchema): ResolvedToolSchema {
  const standard = schema['~standard'];
  return {
    jsonSchema: readJsonSchema(schema),
    validate: async (value) => {
      let result: StandardSchemaResult;
      try {
        result = await standard.validate(value);
      } catch {
        // The library's own error may describe the host (paths, internals): the sandbox gets a
        // message of its own.
        return {
          ok: false,
          message: `input: could not be checked (the ${standard.vendor} schema threw an error)`,
        };
      }
      if (result.issues === undefined) return { ok: true, value: result.value };
      return { ok: false, message: formatIssues(result.issues) };
    },
  };
}

function readJsonSchema(schema: StandardSchema): JsonSchemaObject {
  const input = schema['~standard'].jsonSchema?.input;
  if (typeof input !== 'function') return {};
  try {
    const jsonSchema = input({ target: 'draft-2020-12' });
    return isPlainObject(jsonSchema) ? jsonSchema : {};
  } catch {
    // Zod throws for types JSON Schema cannot express (transforms, custom types...).
    return {};
  }
}

type Issue = Extract<StandardSchemaResult, { issues: unknown }>['issues'][number];

function formatIssues(issues: readonly Issue[]): string {
  if (issues.length === 0) return 'input: invalid';
  const shown = issues.slice(0, MESSAGE_MAX_ISSUES).map((issue) => {
    let path = 'input';
    for (const segment of issue.path ?? []) {
      const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
      path = typeof key === 'number' ? `${path}[${key}]` : joinPath(path, String(key));
    }
    let message = String(issue.message).replace(/^Invalid input: /, '');
    if (message.length > ISSUE_MAX_CHARS) message = `${message.slice(0, ISSUE_MAX_CHARS)}...`;
    return `${path}: ${message}`;
  });
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')} (and ${more} more)` : shown.join('; ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name ? `an instance of ${name}` : 'an object';
  }
  return typeof value === 'function' ? 'a function' : `a ${typeof value}`;
}

/** Schemas resolved once per schema object (a Zod schema's JSON Schema is costly to make). */
const resolvedSchemas = new WeakMap<object, ResolvedToolSchema>();

/**
 * `resolveToolSchema`, made once per schema object: what runs a tool's calls checks every input
 * with it (core's run broker, a remote interpreter's client).
 */
export function toolSchemaOf(schema: SandboxToolSchema): ResolvedToolSchema {
  let resolved = resolvedSchemas.get(schema);
  if (!resolved) {
    resolved = resolveToolSchema(schema);
    resolvedSchemas.set(schema, resolved);
  }
  return resolved;
}
