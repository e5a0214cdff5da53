import type { SupportedLanguage } from '../schema/code-execution-schema';
import type { SandboxTools } from './sandbox-tool';
import {
  pythonToolName,
  pythonToolStubs,
  type ToolDeclarationSource,
  typeScriptToolDeclarations,
} from './tool-declarations';
import { resolveToolSchema } from './tool-schema';

/** Options of {@link describeSandboxTools}. */
export interface DescribeSandboxToolsOptions {
  /**
   * The languages the model may write code in: TypeScript declarations are shown when
   * JavaScript or TypeScript is offered, Python stubs when Python is.
   */
  languages: readonly SupportedLanguage[];
}

/**
 * The text that tells a model how its code calls the application's tools: one paragraph on
 * calling them (JSON in and out, `ToolError`, many calls in one program), then TypeScript
 * declarations and/or Python stubs of every tool, from their input and output schemas.
 * Deterministic: the same tools (in the same order) and languages give the same text, so it can
 * sit in a cached prompt. Empty when there are no tools or no languages.
 *
 * @throws TypeError when a tool's `inputSchema` or `outputSchema` is neither a Standard Schema
 * nor a plain JSON Schema object (see `resolveToolSchema`).
 *
 * @example
 * ```ts
 * const description = describeSandboxTools(
 *   { getInventory: { inputSchema: z.object({ sku: z.string() }), execute: ({ sku }) => lookUp(sku) } },
 *   { languages: ['javascript', 'python'] },
 * );
 * ```
 */
export function describeSandboxTools(
  tools: SandboxTools,
  options: DescribeSandboxToolsOptions,
): string {
  const names = Object.keys(tools);
  const first = names[0];
  const javascript = options.languages.some((l) => l === 'javascript' || l === 'typescript');
  const python = options.languages.includes('python');
  if (first === undefined || (!javascript && !python)) return '';

  const sources: ToolDeclarationSource[] = names.map((name) => {
    const tool = tools[name] as SandboxTools[string];
    return {
      name,
      description: tool.description,
      inputJsonSchema: resolveToolSchema(tool.inputSchema).jsonSchema,
      outputJsonSchema:
        tool.outputSchema === undefined
          ? undefined
          : resolveToolSchema(tool.outputSchema).jsonSchema,
    };
  });

  const ways: string[] = [];
  if (javascript) {
    const call = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(first)
      ? `tools.${first}`
      : `tools[${JSON.stringify(first)}]`;
    ways.push(`\`const r = await ${call}({ ... })\` in ${javascriptNames(options.languages)}`);
  }
  if (python) {
    const call = `tools.${pythonToolName(first)}`;
    ways.push(`\`r = await ${call}(...)\` (or \`${call}.sync(...)\`) in Python`);
  }
  const parts = [
    `Call the application's tools from your code: ${ways.join('; ')}. ` +
      "Arguments and results are JSON. A failed call throws ToolError with the tool's message. " +
      'Prefer one program that makes many calls (loops, ' +
      [javascript ? 'Promise.all' : '', python ? 'asyncio.gather' : '']
        .filter(Boolean)
        .join(' / ') +
      ') over many separate runs.',
  ];
  if (javascript) parts.push(fenced('ts', typeScriptToolDeclarations(sources)));
  if (python) parts.push(fenced('python', pythonToolStubs(sources)));
  return parts.join('\n\n');
}

function javascriptNames(languages: readonly SupportedLanguage[]): string {
  const names = [
    ...(languages.includes('javascript') ? ['JavaScript'] : []),
    ...(languages.includes('typescript') ? ['TypeScript'] : []),
  ];
  return names.join('/');
}

function fenced(language: string, code: string): string {
  // A fence longer than any backtick run inside, so a description cannot close it early.
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${code}\n${fence}`;
}
