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

/**
 * The one input schema every adapter uses (AI SDK `inputSchema`, LangChain `schema`, MCP
 * `inputSchema`). Field names and bounds are those of the seed API and stay stable.
 */
export const codeExecutionSchema = z.object({
  language: z
    .enum(supportedLanguages)
    .describe("The language of `code`: 'javascript', 'typescript' or 'python'."),
  code: z
    .string()
    .trim()
    .min(1, 'code is empty: send the program to run')
    .max(
      codeExecutionLimits.maxCodeLength,
      `code is longer than ${codeExecutionLimits.maxCodeLength} characters: send a shorter program`,
    )
    .describe(
      'The program to run. Print with console.log / print(); the value of the last expression is returned too.',
    ),
  timeout: z
    .number()
    .int()
    .min(codeExecutionLimits.minTimeoutMs)
    .max(codeExecutionLimits.maxTimeoutMs)
    .optional()
    .describe(
      `Wall-clock limit in milliseconds (${codeExecutionLimits.minTimeoutMs}–${codeExecutionLimits.maxTimeoutMs}, default ${codeExecutionLimits.defaultTimeoutMs}).`,
    ),
  memoryLimit: z
    .number()
    .int()
    .min(codeExecutionLimits.minMemoryLimitMb)
    .max(codeExecutionLimits.maxMemoryLimitMb)
    .optional()
    .describe(
      `Memory limit in megabytes (${codeExecutionLimits.minMemoryLimitMb}–${codeExecutionLimits.maxMemoryLimitMb}, default ${codeExecutionLimits.defaultMemoryLimitMb}).`,
    ),
});

/** What a caller sends: `{ language, code, timeout?, memoryLimit? }` (`timeout` in ms, `memoryLimit` in MB). */
export type CodeExecutionInput = z.input<typeof codeExecutionSchema>;

/** The validated input: `code` trimmed, bounds checked. */
export type CodeExecutionRequest = z.output<typeof codeExecutionSchema>;
