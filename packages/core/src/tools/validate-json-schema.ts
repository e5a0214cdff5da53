import type { JsonSchemaObject } from './sandbox-tool';

/** Options of {@link validateJsonSchema}. */
export interface ValidateJsonSchemaOptions {
  /**
   * The name the value's path starts with in issue messages (`input.items[2].sku: ...`).
   * @default 'input'
   */
  rootName?: string;
  /**
   * Most issues listed; when there are more, one last issue says so and checking stops.
   * @default 20
   */
  maxIssues?: number;
  /**
   * Deepest nesting checked (value levels, `$ref` hops and combinator branches together): a
   * deeper value, or a `$ref` cycle that never reaches a value, is reported as an issue.
   * @default 128
   */
  maxDepth?: number;
  /**
   * Most schema checks made for one value (bounds `anyOf` branches over large hostile values);
   * past it, one issue says the value is too large to check.
   * @default 1000000
   */
  maxSteps?: number;
}

/** Issues one `anyOf`/`oneOf`/`not` branch may collect before it is known to fail. */
const BRANCH_MAX_ISSUES = 5;
/** Longest part of a value quoted in a message. */
const QUOTE_MAX_CHARS = 40;
/** Most allowed values or property names listed in one message. */
const LIST_MAX_ITEMS = 8;

interface Context {
  readonly root: JsonSchemaObject;
  readonly maxIssues: number;
  readonly maxDepth: number;
  readonly budget: { steps: number; exhausted: boolean };
  readonly issues: string[];
  truncated: boolean;
}

/**
 * Checks a value against a JSON Schema (draft 2020-12 or 7) and lists what is wrong, each issue
 * naming the path and the problem: `input.items[2].sku: expected string, got number`. An empty
 * list means the value is valid.
 *
 * The subset that models and tool libraries emit is checked: `type` (also arrays of types,
 * `integer`, `null`), `properties`, `required`, `additionalProperties` (`false` or a schema),
 * `patternProperties`, `items` (a schema, or draft 7's array with `additionalItems`),
 * `prefixItems`, `enum`, `const`, `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`
 * (numbers, or draft 4 booleans), `multipleOf`, `minLength`/`maxLength` (in code points),
 * `pattern`, `minItems`/`maxItems`, `uniqueItems`, `minProperties`/`maxProperties`, `anyOf`/
 * `oneOf`/`allOf`/`not`, OpenAPI's `nullable: true`, boolean schemas, and `$ref` to a JSON
 * pointer in the same document (`#`, `#/$defs/x`, `#/definitions/x`; an unresolvable `$ref`
 * is an issue, so a broken schema fails closed). `format`, `$id`/`$anchor`, remote `$ref`s,
 * `if`/`then`/`else`, `dependent*`, `contains`, `propertyNames`, `unevaluated*` and any other
 * keyword are ignored (they never make a value invalid).
 *
 * The value may come from hostile code: the work is bounded (issues, depth, steps) and messages
 * quote at most a short prefix of a value.
 *
 * @example
 * ```ts
 * validateJsonSchema({ type: 'object', properties: { sku: { type: 'string' } } }, { sku: 1 });
 * // ['input.sku: expected string, got number']
 * ```
 */
export function validateJsonSchema(
  schema: JsonSchemaObject,
  value: unknown,
  options: ValidateJsonSchemaOptions = {},
): string[] {
  const context: Context = {
    root: schema,
    maxIssues: options.maxIssues ?? 20,
    maxDepth: options.maxDepth ?? 128,
    budget: { steps: options.maxSteps ?? 1_000_000, exhausted: false },
    issues: [],
    truncated: false,
  };
  const rootName = options.rootName ?? 'input';
  check(context, schema, value, rootName, 0);
  if (context.budget.exhausted) {
    context.issues.push(`${rootName}: too large to check against its schema`);
  } else if (context.truncated) {
    context.issues.push('(more issues not listed)');
  }
  return context.issues;
}

function report(context: Context, path: string, message: string): void {
  if (context.issues.length >= context.maxIssues) {
    context.truncated = true;
    return;
  }
  context.issues.push(`${path}: ${message}`);
}

/** Whether checking should stop (issue list full, steps spent). */
function stopped(context: Context): boolean {
  return context.truncated || context.budget.exhausted;
}

function check(context: Context, schema: unknown, value: unknown, path: string, depth: number) {
  if (stopped(context)) return;
  if (--context.budget.steps < 0) {
    context.budget.exhausted = true;
    return;
  }
  if (depth > context.maxDepth) {
    report(context, path, `nested too deeply to check (more than ${context.maxDepth} levels)`);
    return;
  }
  if (schema === true || schema === undefined) return;
  if (schema === false) {
    report(context, path, 'no value is allowed here');
    return;
  }
  if (!isObject(schema)) return;

  if (schema.nullable === true && value === null) return;

  if (typeof schema.$ref === 'string') {
    const target = resolveRef(context.root, schema.$ref);
    if (target === undefined) {
      report(context, path, `the schema's $ref ${quote(schema.$ref)} cannot be resolved`);
      return;
    }
    check(context, target, value, path, depth + 1);
    if (stopped(context)) return;
  }

  if (!checkType(context, schema, value, path)) return;

  if ('const' in schema && !jsonEqual(schema.const, value)) {
    report(context, path, `expected ${quote(schema.const)}, got ${quote(value)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => jsonEqual(option, value))) {
    report(context, path, `expected one of ${listValues(schema.enum)}, got ${quote(value)}`);
  }

  if (typeof value === 'number') checkNumber(context, schema, value, path);
  else if (typeof value === 'string') checkString(context, schema, value, path);
  else if (Array.isArray(value)) checkArray(context, schema, value, path, depth);
  else if (isObject(value)) checkObject(context, schema, value, path, depth);

  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) check(context, part, value, path, depth + 1);
  }
  if (Array.isArray(schema.anyOf)) checkAnyOf(context, schema.anyOf, value, path, depth, 'anyOf');
  if (Array.isArray(schema.oneOf)) checkAnyOf(context, schema.oneOf, value, path, depth, 'oneOf');
  if (schema.not !== undefined && branchIssues(context, schema.not, value, path, depth) === 0) {
    report(context, path, 'matches a shape that is not allowed here (not)');
  }
}

/** Checks `type`; answers whether the other keywords are worth checking. */
function checkType(context: Context, schema: JsonSchemaObject, value: unknown, path: string) {
  const types = typesOf(schema);
  if (types === undefined || types.some((type) => hasType(value, type))) return true;
  report(context, path, `expected ${types.join(' or ')}, got ${typeName(value)}`);
  return false;
}

function typesOf(schema: JsonSchemaObject): string[] | undefined {
  const type = schema.type;
  const types =
    typeof type === 'string'
      ? [type]
      : Array.isArray(type)
        ? type.filter((t): t is string => typeof t === 'string')
        : undefined;
  if (types === undefined) return undefined;
  return schema.nullable === true && !types.includes('null') ? [...types, 'null'] : types;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true; // An unknown type name constrains nothing.
  }
}

function checkNumber(context: Context, schema: JsonSchemaObject, value: number, path: string) {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  if (typeof minimum === 'number') {
    if (exclusiveMinimum === true ? value <= minimum : value < minimum) {
      report(
        context,
        path,
        `expected ${exclusiveMinimum === true ? '>' : '>='} ${minimum}, got ${value}`,
      );
    }
  }
  if (typeof maximum === 'number') {
    if (exclusiveMaximum === true ? value >= maximum : value > maximum) {
      report(
        context,
        path,
        `expected ${exclusiveMaximum === true ? '<' : '<='} ${maximum}, got ${value}`,
      );
    }
  }
  if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) {
    report(context, path, `expected > ${exclusiveMinimum}, got ${value}`);
  }
  if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) {
    report(context, path, `expected < ${exclusiveMaximum}, got ${value}`);
  }
  if (typeof multipleOf === 'number' && multipleOf > 0) {
    const quotient = value / multipleOf;
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9) {
      report(context, path, `expected a multiple of ${multipleOf}, got ${value}`);
    }
  }
}

function checkString(context: Context, schema: JsonSchemaObject, value: string, path: string) {
  const { minLength, maxLength, pattern } = schema;
  if (typeof minLength === 'number' || typeof maxLength === 'number') {
    // Code points, as JSON Schema counts; a string longer in UTF-16 units than the bound in
    // code points is decided without counting.
    const length =
      typeof maxLength === 'number' && value.length > maxLength * 2 + 2
        ? value.length
        : countCodePoints(value);
    if (typeof minLength === 'number' && length < minLength) {
      report(context, path, `expected at least ${minLength} characters, got ${length}`);
    }
    if (typeof maxLength === 'number' && length > maxLength) {
      report(context, path, `expected at most ${maxLength} characters, got ${length}`);
    }
  }
  if (typeof pattern === 'string') {
    const regex = compilePattern(pattern);
    if (regex !== undefined && !regex.test(value)) {
      report(context, path, `expected to match /${pattern}/, got ${quote(value)}`);
    }
  }
}

function checkArray(
  context: Context,
  schema: JsonSchemaObject,
  value: readonly unknown[],
  path: string,
  depth: number,
) {
  const { minItems, maxItems, uniqueItems } = schema;
  if (typeof minItems === 'number' && value.length < minItems) {
    report(
      context,
      path,
      `expected at least ${minItems} ${plural(minItems, 'item')}, got ${value.length}`,
    );
  }
  if (typeof maxItems === 'number' && value.length > maxItems) {
    report(
      context,
      path,
      `expected at most ${maxItems} ${plural(maxItems, 'item')}, got ${value.length}`,
    );
  }
  // 2020-12: prefixItems + items for the rest; draft 7: items as an array + additionalItems.
  const prefix = Array.isArray(schema.prefixItems)
    ? schema.prefixItems
    : Array.isArray(schema.items)
      ? schema.items
      : [];
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  for (let index = 0; index < value.length && !stopped(context); index++) {
    const itemSchema = index < prefix.length ? prefix[index] : rest;
    if (itemSchema === undefined) {
      if (prefix.length === 0) break;
      continue;
    }
    if (itemSchema === false) {
      report(
        context,
        path,
        `expected at most ${prefix.length} ${plural(prefix.length, 'item')}, got ${value.length}`,
      );
      break;
    }
    check(context, itemSchema, value[index], `${path}[${index}]`, depth + 1);
  }
  if (uniqueItems === true && !stopped(context)) {
    const seen = new Map<string, number>();
    for (let index = 0; index < value.length; index++) {
      const key = stableKey(value[index]);
      const first = seen.get(key);
      if (first !== undefined) {
        report(context, path, `expected unique items, got a repeat at [${index}] of [${first}]`);
        break;
      }
      seen.set(key, index);
    }
  }
}

function checkObject(
  context: Context,
  schema: JsonSchemaObject,
  value: Record<string, unknown>,
  path: string,
  depth: number,
) {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const patterns = isObject(schema.patternProperties)
    ? Object.entries(schema.patternProperties).flatMap(([pattern, propertySchema]) => {
        const regex = compilePattern(pattern);
        return regex === undefined ? [] : [{ regex, propertySchema }];
      })
    : [];
  const { required, additionalProperties, minProperties, maxProperties } = schema;

  if (Array.isArray(required)) {
    for (const name of required) {
      if (typeof name === 'string' && !Object.hasOwn(value, name)) {
        report(context, joinPath(path, name), 'required, missing');
      }
    }
  }
  const keys = Object.keys(value);
  if (typeof minProperties === 'number' && keys.length < minProperties) {
    report(
      context,
      path,
      `expected at least ${minProperties} ${plural(minProperties, 'property', 'properties')}, got ${keys.length}`,
    );
  }
  if (typeof maxProperties === 'number' && keys.length > maxProperties) {
    report(
      context,
      path,
      `expected at most ${maxProperties} ${plural(maxProperties, 'property', 'properties')}, got ${keys.length}`,
    );
  }
  for (const key of keys) {
    if (stopped(context)) return;
    const propertyPath = joinPath(path, key);
    let matched = false;
    if (Object.hasOwn(properties, key)) {
      matched = true;
      check(context, properties[key], value[key], propertyPath, depth + 1);
    }
    for (const { regex, propertySchema } of patterns) {
      if (regex.test(key)) {
        matched = true;
        check(context, propertySchema, value[key], propertyPath, depth + 1);
      }
    }
    if (matched || additionalProperties === undefined || additionalProperties === true) continue;
    if (additionalProperties === false) {
      const allowed = Object.keys(properties);
      report(
        context,
        propertyPath,
        allowed.length === 0
          ? 'unexpected property (none are allowed)'
          : `unexpected property (allowed: ${listNames(allowed)})`,
      );
    } else {
      check(context, additionalProperties, value[key], propertyPath, depth + 1);
    }
  }
}

function checkAnyOf(
  context: Context,
  branches: readonly unknown[],
  value: unknown,
  path: string,
  depth: number,
  keyword: 'anyOf' | 'oneOf',
) {
  const failures: string[][] = [];
  let passed = 0;
  for (const branch of branches) {
    const issues: string[] = [];
    if (branchIssues(context, branch, value, path, depth, issues) === 0) {
      passed++;
      if (keyword === 'anyOf') return;
    } else {
      failures.push(issues);
    }
    if (context.budget.exhausted) return;
  }
  if (keyword === 'oneOf' && passed > 1) {
    report(context, path, `matches ${passed} of the allowed shapes, expected exactly one (oneOf)`);
    return;
  }
  if (passed > 0) return;
  // Report the branch whose type fits the value and that came closest, else the types allowed.
  const fitting = branches
    .map((branch, index) => ({ branch, issues: failures[index] ?? [] }))
    .filter(({ branch }) => shallowFits(context, branch, value, 0));
  const closest = fitting.sort((a, b) => a.issues.length - b.issues.length)[0];
  if (closest !== undefined && closest.issues.length > 0) {
    for (const issue of closest.issues) {
      if (context.issues.length >= context.maxIssues) context.truncated = true;
      else context.issues.push(issue);
    }
    return;
  }
  const types = [...new Set(branches.flatMap((branch) => describeBranch(context, branch)))];
  report(
    context,
    path,
    types.length > 0
      ? `expected ${types.slice(0, LIST_MAX_ITEMS).join(' or ')}, got ${quoteOrType(value)}`
      : `matches none of the allowed shapes (${keyword}), got ${quoteOrType(value)}`,
  );
}

/** Checks a value against one branch into its own issue list; answers how many were found. */
function branchIssues(
  context: Context,
  schema: unknown,
  value: unknown,
  path: string,
  depth: number,
  into: string[] = [],
): number {
  const branch: Context = {
    root: context.root,
    maxIssues: BRANCH_MAX_ISSUES,
    maxDepth: context.maxDepth,
    budget: context.budget,
    issues: into,
    truncated: false,
  };
  check(branch, schema, value, path, depth + 1);
  return into.length + (branch.truncated ? 1 : 0);
}

/** Whether a branch's `type`/`const`/`enum` (through `$ref`s and nested unions) admit the value. */
function shallowFits(context: Context, schema: unknown, value: unknown, hops: number): boolean {
  if (hops > 16 || schema === true) return true;
  if (!isObject(schema)) return false;
  if (schema.nullable === true && value === null) return true;
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(context.root, schema.$ref);
    if (target !== undefined && !shallowFits(context, target, value, hops + 1)) return false;
  }
  const types = typesOf(schema);
  if (types !== undefined && !types.some((type) => hasType(value, type))) return false;
  if ('const' in schema && !jsonEqual(schema.const, value)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => jsonEqual(option, value))) {
    return false;
  }
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : schema.oneOf;
  if (Array.isArray(union))
    return union.some((branch) => shallowFits(context, branch, value, hops + 1));
  return true;
}

/** What a branch admits, for "expected string or null": its types, const or enum. */
function describeBranch(context: Context, schema: unknown, hops = 0): string[] {
  if (!isObject(schema) || hops > 16) return [];
  if ('const' in schema) return [quote(schema.const)];
  if (Array.isArray(schema.enum)) return schema.enum.slice(0, LIST_MAX_ITEMS).map((v) => quote(v));
  if (typeof schema.$ref === 'string') {
    return describeBranch(context, resolveRef(context.root, schema.$ref), hops + 1);
  }
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : schema.oneOf;
  if (Array.isArray(union))
    return union.flatMap((branch) => describeBranch(context, branch, hops + 1));
  return typesOf(schema) ?? [];
}

/**
 * Resolves a `$ref` that is a JSON pointer into the root document (`#`, `#/$defs/x`,
 * `#/definitions/x`); `undefined` for any other (remote, anchors) or one that points nowhere.
 */
export function resolveRef(root: JsonSchemaObject, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)];
    else if (isObject(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

const patternCache = new Map<string, RegExp | undefined>();

/** Compiles a schema `pattern` (unicode mode, unanchored); an invalid one is ignored. */
function compilePattern(pattern: string): RegExp | undefined {
  if (patternCache.has(pattern)) return patternCache.get(pattern);
  let regex: RegExp | undefined;
  try {
    regex = new RegExp(pattern, 'u');
  } catch {
    try {
      regex = new RegExp(pattern);
    } catch {
      regex = undefined;
    }
  }
  if (patternCache.size > 256) patternCache.clear();
  patternCache.set(pattern, regex);
  return regex;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values (object key order ignored), bounded in depth. */
function jsonEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 64 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index], depth + 1));
  }
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  return aKeys.every(
    (key) => Object.hasOwn(bRecord, key) && jsonEqual(aRecord[key], bRecord[key], depth + 1),
  );
}

/** A key equal for JSON-equal values (object keys sorted), for `uniqueItems`. */
function stableKey(value: unknown): string {
  return (
    JSON.stringify(value, (_key, item) =>
      isObject(item)
        ? Object.fromEntries(
            Object.keys(item)
              .sort()
              .map((key) => [key, item[key]]),
          )
        : item,
    ) ?? 'undefined'
  );
}

function countCodePoints(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < value.length) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : String(value);
  return typeof value;
}

/** A short quote of a value: scalars in JSON, arrays and objects by their type. */
function quote(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') {
    return String(value);
  }
  if (typeof value === 'string') {
    return value.length > QUOTE_MAX_CHARS
      ? `${JSON.stringify(value.slice(0, QUOTE_MAX_CHARS))}... (${value.length} characters)`
      : JSON.stringify(value);
  }
  return typeName(value);
}

/** A quote for scalars that are short anyway; the type name otherwise. */
function quoteOrType(value: unknown): string {
  return typeof value === 'string' && value.length > QUOTE_MAX_CHARS ? 'string' : quote(value);
}

function listValues(values: readonly unknown[]): string {
  const shown = values.slice(0, LIST_MAX_ITEMS).map((value) => quote(value));
  const more = values.length - shown.length;
  return more > 0 ? `${shown.join(', ')} (and ${more} more)` : shown.join(', ');
}

function listNames(names: readonly string[]): string {
  return listValues(names).replaceAll('"', '');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}

/** `input.sku`, `input["user-id"]`: keys that are identifiers with a dot, others quoted. */
export function joinPath(path: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return `${path}.${key}`;
  const quoted = JSON.stringify(
    key.length > QUOTE_MAX_CHARS ? `${key.slice(0, QUOTE_MAX_CHARS)}...` : key,
  );
  return `${path}[${quoted}]`;
}
