import { z } from 'zod';

/** Languages the interpreter runs. */
export const supportedLanguages = ['javascript', 'typescript', 'python'] as const;

/** A language the interpreter runs: `'javascript' | 'typescript' | 'python'`. */
export type SupportedLanguage = (typeof supportedLanguages)[number];

/** Bounds of the fields of {@link codeExecutionSchema}. */
export const codeExecutionLimits = {
  /** Longest accepted code, in characters (after trimming). */
  maxCodeLength: 100_000,
  minTimeoutMs: 100,
  maxTimeoutMs: 30_000,
  defaultTimeoutMs: 30_000,
  minMemoryLimitMb: 8,
  maxMemoryLimitMb: 512,
  defaultMemoryLimitMb: 128,
} as const;

/** What a narrowed schema offers: the languages and the limits an application allows. */
export interface CodeExecutionSchemaLimits {
  languages: readonly SupportedLanguage[];
  maxTimeoutMs: number;
  defaultTimeoutMs: number;
  maxMemoryLimitMb: number;
  defaultMemoryLimitMb: number;
}

/**
 * The input schema with the languages and limits an application offers, so that what a model
 * sees (AI SDK `inputSchema`, LangChain `schema`, MCP `inputSchema`) is what it may send: a
 * language that is not offered, or a `timeout` or `memoryLimit` above the application's cap, fails
 * validation with the cap in the message. Same fields as {@link codeExecutionSchema}.
 *
 * @example
 * ```ts
 * const inputSchema = codeExecutionSchemaFor(interpreter.capabilities);
 * ```
 */
export function codeExecutionSchemaFor(limits: CodeExecutionSchemaLimits) {
  const l = codeExecutionLimits;
  const languages = supportedLanguages.filter((language) => limits.languages.includes(language));
  const named = languages.map((language) => `'${language}'`);
  return z.object({
    language: z
      .enum(languages as unknown as typeof supportedLanguages, {
        error: (issue) =>
          `${typeof issue.input === 'string' ? `'${issue.input}'` : 'this language'} is not offered here: use ${named.join(' or ')}`,
      })
      .describe(
        `The language of \`code\`: ${named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named.at(-1)}` : named[0]}.`,
      ),
    code: z
      .string()
      .trim()
      .min(1, 'code is empty: send the program to run')
      .max(
        l.maxCodeLength,
        `code is longer than ${l.maxCodeLength} characters: send a shorter program`,
      )
      .describe(
        'The program to run. Print with console.log / print(); the value of the last expression is returned too.',
      ),
    timeout: z
      .number()
      .int()
      .min(l.minTimeoutMs)
      .max(limits.maxTimeoutMs, `timeout is at most ${limits.maxTimeoutMs} ms here`)
      .optional()
      .describe(
        `Wall-clock limit in milliseconds (${l.minTimeoutMs}–${limits.maxTimeoutMs}, default ${limits.defaultTimeoutMs}).`,
      ),
    memoryLimit: z
      .number()
      .int()
      .min(l.minMemoryLimitMb)
      .max(limits.maxMemoryLimitMb, `memoryLimit is at most ${limits.maxMemoryLimitMb} MB here`)
      .optional()
      .describe(
        `Memory limit in megabytes (${l.minMemoryLimitMb}–${limits.maxMemoryLimitMb}, default ${limits.defaultMemoryLimitMb}).`,
      ),
  });
}

/**
 * The one input schema every adapter uses (AI SDK `inputSchema`, LangChain `schema`, MCP
 * `inputSchema`), with every language and the widest limits. Field names and bounds are those of
 * the seed API and stay stable; adapters publish {@link codeExecutionSchemaFor} an interpreter's
 * capabilities, which narrows it to what the application allows.
 */
export const codeExecutionSchema = codeExecutionSchemaFor({
  languages: supportedLanguages,
  maxTimeoutMs: codeExecutionLimits.maxTimeoutMs,
  defaultTimeoutMs: codeExecutionLimits.defaultTimeoutMs,
  maxMemoryLimitMb: codeExecutionLimits.maxMemoryLimitMb,
  defaultMemoryLimitMb: codeExecutionLimits.defaultMemoryLimitMb,
});

/** What a caller sends: `{ language, code, timeout?, memoryLimit? }` (`timeout` in ms, `memoryLimit` in MB). */
export type CodeExecutionInput = z.input<typeof codeExecutionSchema>;

/** The validated input: `code` trimmed, bounds checked. */
export type CodeExecutionRequest = z.output<typeof codeExecutionSchema>;
