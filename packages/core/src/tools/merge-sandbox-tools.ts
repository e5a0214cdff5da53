import { InvalidInputError } from '../errors/invalid-input-error';
import type { SandboxTools } from './sandbox-tool';

/** Longest tool name accepted. */
const maxNameLength = 128;

/**
 * Checks the application's `tools` option (the interpreter's, a session's or a run's): a plain
 * object of tools, each with an `execute` function and an `inputSchema`, under a name of 1–128
 * characters without control characters. Returns it, or `undefined` when it holds no tool.
 * Throws `InvalidInputError` saying which tool is wrong and how.
 */
export function checkSandboxTools(tools: unknown, path: string): SandboxTools | undefined {
  if (tools === undefined) return undefined;
  const fail = (where: string, message: string): never => {
    throw new InvalidInputError({ issues: [{ path: where, message }] });
  };
  if (tools === null || typeof tools !== 'object' || Array.isArray(tools)) {
    fail(
      path,
      'must be an object of tools by name ({ getWeather: { description, inputSchema, execute } })',
    );
  }
  const entries = Object.entries(tools as Record<string, unknown>);
  for (const [name, tool] of entries) {
    const where = `${path}.${name.slice(0, maxNameLength)}`;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
    if (name.length === 0 || name.length > maxNameLength || /[\u0000-\u001f\u007f]/.test(name)) {
      fail(
        where,
        `a tool's name must be 1 to ${maxNameLength} characters without control characters`,
      );
    }
    if (tool === null || typeof tool !== 'object')
      fail(where, 'must be a tool ({ description, inputSchema, execute })');
    const { execute, inputSchema } = tool as { execute?: unknown; inputSchema?: unknown };
    if (typeof execute !== 'function')
      fail(`${where}.execute`, 'must be a function (input, { signal }) => output');
    if (inputSchema === null || typeof inputSchema !== 'object') {
      fail(
        `${where}.inputSchema`,
        'must be a Standard Schema (a Zod schema, for example) or a JSON Schema object',
      );
    }
  }
  return entries.length > 0 ? (tools as SandboxTools) : undefined;
}

/**
 * The tools of one run: the interpreter's, then the session's, then the run's own, a later one
 * replacing an earlier one of the same name. `undefined` when there are none.
 */
export function mergeSandboxTools(
  ...layers: Array<SandboxTools | undefined>
): SandboxTools | undefined {
  const present = layers.filter((layer): layer is SandboxTools => layer !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return Object.assign({}, ...present) as SandboxTools;
}
