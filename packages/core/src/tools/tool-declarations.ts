import type { JsonSchemaObject } from './sandbox-tool';
import { resolveRef } from './validate-json-schema';

/** A tool as the declarations show it: its name, what it does and its JSON Schemas. */
export interface ToolDeclarationSource {
  /** The name code calls it by (`tools[name]` in JavaScript; `pythonToolName(name)` in Python). */
  name: string;
  /** What the tool does, for the model. */
  description?: string;
  /** The input's JSON Schema (an object schema whose properties are the arguments). */
  inputJsonSchema: JsonSchemaObject;
  /** The output's JSON Schema, when known; the return type is `unknown`/`Any` otherwise. */
  outputJsonSchema?: JsonSchemaObject;
}

/** Deepest nesting shown (`$ref` hops included); deeper is `unknown`/`Any`. */
const MAX_DEPTH = 12;
/** Most schema nodes shown for one tool's input or output; past it, `unknown`/`Any`. */
const MAX_NODES = 400;
/** Most properties shown of one object. */
const MAX_PROPERTIES = 64;
/** Most values shown of one enum. */
const MAX_ENUM_VALUES = 24;
/** Longest enum value or property description shown. */
const MAX_TEXT_CHARS = 300;

type TypeNode =
  | { kind: 'unknown' }
  | { kind: 'primitive'; type: 'string' | 'number' | 'integer' | 'boolean' | 'null' }
  | { kind: 'literal'; values: unknown[]; more: number }
  | { kind: 'array'; items: TypeNode }
  | { kind: 'tuple'; items: TypeNode[]; rest?: TypeNode }
  | ObjectNode
  | { kind: 'union'; members: TypeNode[] }
  | { kind: 'intersection'; members: TypeNode[] };

interface ObjectNode {
  kind: 'object';
  properties: PropertyNode[];
  /** Properties left out past `MAX_PROPERTIES`. */
  more: number;
  /** The type of other keys (`additionalProperties`); `undefined` when none are allowed. */
  additional?: TypeNode;
}

interface PropertyNode {
  name: string;
  type: TypeNode;
  required: boolean;
  description?: string;
}

const UNKNOWN: TypeNode = { kind: 'unknown' };

interface Context {
  readonly root: JsonSchemaObject;
  nodes: number;
  readonly refs: Set<string>;
}

/** Reads a JSON Schema into the shape both renderers show: bounded, `$ref`s inlined. */
function toTypeNode(root: JsonSchemaObject | undefined): TypeNode {
  if (root === undefined) return UNKNOWN;
  return convert({ root, nodes: MAX_NODES, refs: new Set() }, root, 0);
}

function convert(context: Context, schema: unknown, depth: number): TypeNode {
  if (!isObject(schema) || depth > MAX_DEPTH || --context.nodes < 0) return UNKNOWN;
  const node = convertOwn(context, schema, depth);
  return schema.nullable === true ? union([node, { kind: 'primitive', type: 'null' }]) : node;
}

function convertOwn(context: Context, schema: JsonSchemaObject, depth: number): TypeNode {
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    const target = resolveRef(context.root, ref);
    // A recursive type is shown once, its recursion as unknown.
    if (target === undefined || context.refs.has(ref)) return UNKNOWN;
    context.refs.add(ref);
    const node = convert(context, target, depth + 1);
    context.refs.delete(ref);
    return node;
  }
  if ('const' in schema) return { kind: 'literal', values: [schema.const], more: 0 };
  if (Array.isArray(schema.enum)) {
    return {
      kind: 'literal',
      values: schema.enum.slice(0, MAX_ENUM_VALUES),
      more: Math.max(0, schema.enum.length - MAX_ENUM_VALUES),
    };
  }
  if (Array.isArray(schema.type)) {
    return union(schema.type.map((type) => convertOwn(context, { ...schema, type }, depth)));
  }
  const own = convertType(context, schema, depth);
  const allOf = Array.isArray(schema.allOf)
    ? schema.allOf
        .map((part) => convert(context, part, depth + 1))
        .filter((n) => n.kind !== 'unknown')
    : [];
  const anyOf = Array.isArray(schema.anyOf) ? schema.anyOf : schema.oneOf;
  const alternatives = Array.isArray(anyOf)
    ? union(anyOf.map((branch) => convert(context, branch, depth + 1)))
    : UNKNOWN;
  // Branches that only add constraints (`required` per branch) leave the own shape as it is.
  const parts = [own, ...allOf, alternatives].filter((n) => n.kind !== 'unknown');
  return parts.length === 0
    ? UNKNOWN
    : parts.length === 1
      ? (parts[0] as TypeNode)
      : intersection(parts);
}

function convertType(context: Context, schema: JsonSchemaObject, depth: number): TypeNode {
  const type = schema.type;
  if (
    type === 'string' ||
    type === 'number' ||
    type === 'integer' ||
    type === 'boolean' ||
    type === 'null'
  ) {
    return { kind: 'primitive', type };
  }
  if (type === 'array' || (type === undefined && ('items' in schema || 'prefixItems' in schema))) {
    const prefix = Array.isArray(schema.prefixItems)
      ? schema.prefixItems
      : Array.isArray(schema.items)
        ? schema.items
        : undefined;
    const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
    if (prefix === undefined) return { kind: 'array', items: convert(context, rest, depth + 1) };
    return {
      kind: 'tuple',
      items: prefix.map((item) => convert(context, item, depth + 1)),
      rest: rest === false ? undefined : convert(context, rest, depth + 1),
    };
  }
  if (
    type === 'object' ||
    (type === undefined && ('properties' in schema || 'additionalProperties' in schema))
  ) {
    return convertObject(context, schema, depth);
  }
  return UNKNOWN;
}

function convertObject(context: Context, schema: JsonSchemaObject, depth: number): ObjectNode {
  const properties = isObject(schema.properties) ? Object.entries(schema.properties) : [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const additional = schema.additionalProperties;
  return {
    kind: 'object',
    properties: properties.slice(0, MAX_PROPERTIES).map(([name, propertySchema]) => ({
      name,
      type: convert(context, propertySchema, depth + 1),
      required: required.has(name),
      description: describedBy(context, propertySchema),
    })),
    more: Math.max(0, properties.length - MAX_PROPERTIES),
    additional:
      additional === false
        ? undefined
        : isObject(additional)
          ? convert(context, additional, depth + 1)
          : properties.length === 0 || additional === true
            ? UNKNOWN
            : undefined,
  };
}

/** A property's description, also through a `$ref` (Zod puts it next to the `$ref`). */
function describedBy(context: Context, schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  if (typeof schema.description === 'string') return oneLine(schema.description);
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(context.root, schema.$ref);
    if (isObject(target) && typeof target.description === 'string')
      return oneLine(target.description);
  }
  return undefined;
}

function union(members: TypeNode[]): TypeNode {
  const flat = members.flatMap((m) => (m.kind === 'union' ? m.members : [m]));
  if (flat.some((m) => m.kind === 'unknown')) return UNKNOWN;
  return flat.length === 1 ? (flat[0] as TypeNode) : { kind: 'union', members: flat };
}

/** Objects merge into one; anything else stays an intersection. */
function intersection(members: TypeNode[]): TypeNode {
  if (!members.every((m): m is ObjectNode => m.kind === 'object'))
    return { kind: 'intersection', members };
  const byName = new Map<string, PropertyNode>();
  for (const member of members) {
    for (const property of member.properties) {
      const known = byName.get(property.name);
      byName.set(
        property.name,
        known === undefined
          ? property
          : {
              ...known,
              required: known.required || property.required,
              description: known.description ?? property.description,
            },
      );
    }
  }
  return {
    kind: 'object',
    properties: [...byName.values()],
    more: members.reduce((sum, m) => sum + m.more, 0),
    additional: members.every((m) => m.additional !== undefined)
      ? members[0]?.additional
      : undefined,
  };
}

// --- TypeScript ---------------------------------------------------------------------------------

/**
 * TypeScript declarations of the tools, as sandboxed JavaScript/TypeScript calls them:
 * `declare const tools: { name(input: {...}): Promise<Output> }`, with the tools' and the
 * properties' descriptions as comments. `$ref`s are inlined (a recursion shown once), and large
 * schemas are cut short (depth, properties, enum values) so it fits in a model's context.
 *
 * @example
 * ```ts
 * typeScriptToolDeclarations([{ name: 'getInventory', inputJsonSchema: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } }]);
 * // declare const tools: {
 * //   getInventory(input: { sku: string }): Promise<unknown>;
 * // };
 * ```
 */
export function typeScriptToolDeclarations(tools: readonly ToolDeclarationSource[]): string {
  const lines = [
    "/** The application's tools. A failed call rejects with an Error named 'ToolError' (its message is the tool's). */",
    'declare const tools: {',
  ];
  for (const tool of tools) {
    if (tool.description) lines.push(...tsComment(tool.description, '  '));
    const input = renderTs(toTypeNode(tool.inputJsonSchema), '  ');
    const output = renderTs(toTypeNode(tool.outputJsonSchema), '  ');
    lines.push(`  ${tsKey(tool.name)}(input: ${input}): Promise<${output}>;`);
  }
  lines.push('};');
  return lines.join('\n');
}

function renderTs(node: TypeNode, indent: string): string {
  switch (node.kind) {
    case 'unknown':
      return 'unknown';
    case 'primitive':
      return node.type === 'integer' ? 'number' : node.type;
    case 'literal': {
      const values = dedupe(node.values.map((value) => jsonLiteral(value)));
      return node.more > 0
        ? `${values.join(' | ')} /* | ... ${node.more} more */`
        : values.join(' | ');
    }
    case 'array':
      return `${tsOperand(node.items, indent)}[]`;
    case 'tuple': {
      const items = node.items.map((item) => renderTs(item, indent));
      if (node.rest !== undefined) items.push(`...${tsOperand(node.rest, indent)}[]`);
      return `[${items.join(', ')}]`;
    }
    case 'object':
      return renderTsObject(node, indent);
    case 'union':
      return dedupe(node.members.map((m) => renderTs(m, indent))).join(' | ');
    case 'intersection':
      return node.members.map((m) => tsOperand(m, indent)).join(' & ');
  }
}

function tsOperand(node: TypeNode, indent: string): string {
  const rendered = renderTs(node, indent);
  const compound =
    node.kind === 'union' ||
    node.kind === 'intersection' ||
    (node.kind === 'literal' && (node.values.length > 1 || node.more > 0));
  return compound ? `(${rendered})` : rendered;
}

function renderTsObject(node: ObjectNode, indent: string): string {
  if (node.properties.length === 0 && node.more === 0) {
    return node.additional === undefined
      ? '{}'
      : `Record<string, ${renderTs(node.additional, indent)}>`;
  }
  const inner = `${indent}  `;
  const members = node.properties.map((p) => ({
    description: p.description,
    text: `${tsKey(p.name)}${p.required ? '' : '?'}: ${renderTs(p.type, inner)};`,
  }));
  if (node.additional !== undefined) {
    members.push({
      description: undefined,
      text: `[key: string]: ${renderTs(node.additional, inner)};`,
    });
  }
  if (node.more > 0)
    members.push({ description: undefined, text: `/* ... ${node.more} more properties */` });
  const inline = `{ ${members
    .map((m) => m.text)
    .join(' ')
    .replace(/;$/, '')} }`;
  if (
    members.every((m) => m.description === undefined) &&
    !inline.includes('\n') &&
    inline.length <= 100
  ) {
    return inline;
  }
  const lines = ['{'];
  for (const member of members) {
    if (member.description) lines.push(...tsComment(member.description, inner));
    lines.push(`${inner}${member.text}`);
  }
  lines.push(`${indent}}`);
  return lines.join('\n');
}

function tsComment(text: string, indent: string): string[] {
  const lines = text.trim().replaceAll('*/', '*\\/').split(/\r?\n/);
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((line) => `${indent} * ${line}`.trimEnd()), `${indent} */`];
}

function tsKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

// --- Python -------------------------------------------------------------------------------------

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

/**
 * The name a tool has in Python (`tools.<name>`): snake_case (`getInventory` -> `get_inventory`),
 * any character that is not an ASCII letter, digit or `_` replaced by `_`, a leading digit
 * prefixed with `_`, and a Python keyword suffixed with `_` (`import` -> `import_`).
 * Different names may map to the same one (`get-inventory`, `getInventory`).
 *
 * @example
 * ```ts
 * pythonToolName('weather.get-forecast'); // 'weather_get_forecast'
 * ```
 */
export function pythonToolName(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  const identifier = snake === '' ? '_' : /^\d/.test(snake) ? `_${snake}` : snake;
  return PYTHON_KEYWORDS.has(identifier) ? `${identifier}_` : identifier;
}

/**
 * Python stubs of the tools, as sandboxed Python calls them: `class tools:` with one
 * `async def <pythonToolName(name)>(*, arg: type, ...) -> type` per tool taking the input's
 * properties as keyword arguments, the tool's and the properties' descriptions in its docstring,
 * and the shape of nested objects (`{"sku": str, "qty"?: int}`) where a type hint says only
 * `dict`. It also says that each tool has a blocking form `tools.name.sync(**input)` and that a
 * failed call raises `ToolError`. Bounded like {@link typeScriptToolDeclarations}.
 *
 * @example
 * ```ts
 * pythonToolStubs([{ name: 'getInventory', inputJsonSchema: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } }]);
 * // class tools:
 * //     ...
 * //     async def get_inventory(*, sku: str) -> Any: ...
 * ```
 */
export function pythonToolStubs(tools: readonly ToolDeclarationSource[]): string {
  const body: string[] = [];
  const taken = new Map<string, string>();
  for (const tool of tools) {
    const name = pythonToolName(tool.name);
    const first = taken.get(name);
    if (first !== undefined) {
      body.push(
        `    # ${JSON.stringify(tool.name)} is not callable from Python: its name maps to ${name}, as ${JSON.stringify(first)}'s does`,
      );
      continue;
    }
    taken.set(name, tool.name);
    body.push(...pythonStub(name, tool));
  }
  const text = body.join('\n');
  const typing = ['Any', 'Literal'].filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  return [
    ...(typing.length > 0 ? [`from typing import ${typing.join(', ')}`, ''] : []),
    'class ToolError(Exception):',
    '    """A tool call failed: str(error) is the tool\'s message."""',
    '',
    'class tools:',
    '    """The application\'s tools. Call with keyword arguments: `await tools.name(...)`, or the',
    '    blocking form `tools.name.sync(...)`. A failed call raises ToolError."""',
    ...(text === '' ? [] : ['', text]),
  ].join('\n');
}

function pythonStub(name: string, tool: ToolDeclarationSource): string[] {
  const input = toTypeNode(tool.inputJsonSchema);
  const output = toTypeNode(tool.outputJsonSchema);
  const docs: string[] = tool.description ? tool.description.trim().split(/\r?\n/) : [];
  let parameters: string;
  const keywordArguments =
    input.kind === 'object' &&
    input.properties.every((p) => isPythonIdentifier(p.name)) &&
    input.more === 0;
  if (keywordArguments) {
    const list = input.properties.map((p) => {
      const hint = renderPy(p.type, false);
      const shape = renderPy(p.type, true);
      if (p.description !== undefined || shape !== hint) {
        const detail = [
          shape !== hint ? `(${shape})` : '',
          p.description ? `: ${p.description}` : '',
        ].join('');
        docs.push(`${p.name}${detail.startsWith(':') ? detail : ` ${detail}`}`);
      }
      if (p.required) return `${p.name}: ${hint}`;
      return `${p.name}: ${/\bNone\b/.test(hint) || hint === 'Any' ? hint : `${hint} | None`} = None`;
    });
    if (input.additional !== undefined) {
      const rest = input.properties.length === 0 ? 'input' : 'more';
      list.push(`**${rest}: ${renderPy(input.additional, false)}`);
    }
    parameters =
      list.length === 0
        ? ''
        : input.properties.length === 0
          ? list.join(', ')
          : `*, ${list.join(', ')}`;
  } else {
    const valueType =
      input.kind === 'object' && input.properties.length === 0 && input.additional !== undefined
        ? renderPy(input.additional, false)
        : 'Any';
    parameters = `**input: ${valueType}`;
    if (input.kind !== 'unknown' && !(input.kind === 'object' && input.properties.length === 0)) {
      docs.push(`input: ${renderPy(input, true)}`);
    }
  }
  const returns = renderPy(output, false);
  const returnShape = renderPy(output, true);
  if (returnShape !== returns) docs.push(`Returns: ${returnShape}`);
  const lines = [`    async def ${name}(${parameters}) -> ${returns}:`];
  if (docs.length === 0) {
    lines[0] += ' ...';
  } else {
    const escaped = docs.map((line) =>
      line.replaceAll('\\', '\\\\').replaceAll('"""', '\\"\\"\\"'),
    );
    lines.push(
      ...escaped.map((line, i) => `${i === 0 ? '        """' : '        '}${line}`.trimEnd()),
    );
    lines[lines.length - 1] += '"""';
  }
  return lines;
}

/** A Python type: a hint (`dict` for objects), or with `shapes` the objects' keys spelled out. */
function renderPy(node: TypeNode, shapes: boolean): string {
  switch (node.kind) {
    case 'unknown':
      return 'Any';
    case 'primitive':
      return { string: 'str', number: 'float', integer: 'int', boolean: 'bool', null: 'None' }[
        node.type
      ];
    case 'literal': {
      const values = node.values.filter((v) => v !== null && typeof v !== 'object');
      if (values.length !== node.values.filter((v) => v !== null).length) return 'Any';
      const literal =
        values.length === 0
          ? []
          : [`Literal[${dedupe(values.map(pyLiteral)).join(', ')}${node.more > 0 ? ', ...' : ''}]`];
      return [...literal, ...(node.values.includes(null) ? ['None'] : [])].join(' | ');
    }
    case 'array':
      return `list[${renderPy(node.items, shapes)}]`;
    case 'tuple':
      return node.rest === undefined
        ? `tuple[${node.items.map((item) => renderPy(item, shapes)).join(', ')}]`
        : `list[${renderPy(union([...node.items, node.rest]), shapes)}]`;
    case 'object': {
      const additional =
        node.additional === undefined ? undefined : renderPy(node.additional, shapes);
      if (node.properties.length === 0)
        return additional === undefined ? 'dict' : `dict[str, ${additional}]`;
      if (!shapes) return 'dict';
      const entries = node.properties.map(
        (p) => `${JSON.stringify(p.name)}${p.required ? '' : '?'}: ${renderPy(p.type, true)}`,
      );
      if (additional !== undefined) entries.push(`str: ${additional}`);
      if (node.more > 0) entries.push(`... ${node.more} more`);
      return `{${entries.join(', ')}}`;
    }
    case 'union': {
      const members = dedupe(node.members.map((m) => renderPy(m, shapes)));
      return members.includes('Any') ? 'Any' : members.join(' | ');
    }
    case 'intersection':
      return 'Any';
  }
}

function pyLiteral(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  return jsonLiteral(value);
}

function isPythonIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name);
}

// --- Shared -------------------------------------------------------------------------------------

function jsonLiteral(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}..."` : text;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_TEXT_CHARS ? `${line.slice(0, MAX_TEXT_CHARS)}...` : line;
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
