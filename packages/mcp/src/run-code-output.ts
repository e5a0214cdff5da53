import type { ExecutionResult } from '@code-interpreter/core';
import { z } from 'zod';
import { workspaceUri } from './workspace-resources';

/**
 * `run_code`'s `outputSchema`: the result as JSON, for clients that read `structuredContent`.
 * What a client acts on (success, output, the error, limits hit, files, tool calls, requests);
 * images are listed by media type only (their bytes come as image content), files by path and
 * `uri` (their bytes through `resources/read` or an embedded resource).
 */
export const runCodeOutputSchema = z.object({
  success: z.boolean().describe('True when the program ran to completion without an error.'),
  language: z.string().describe('The language that ran.'),
  stdout: z.string().describe('Everything printed to standard output (capped; see truncated).'),
  stderr: z.string().describe('Everything printed to standard error (capped; see truncated).'),
  value: z.string().optional().describe('The rendered value of the last expression, if any.'),
  error: z.string().optional().describe('One line saying why the program failed.'),
  errorInfo: z
    .object({
      name: z.string(),
      message: z.string(),
      line: z.number().optional(),
      column: z.number().optional(),
      stack: z.string().optional(),
    })
    .optional()
    .describe('Where and why the program failed.'),
  timedOut: z.boolean().describe('True when the time limit stopped the program.'),
  truncated: z.boolean().describe('True when output was cut to fit the output limit.'),
  executionTimeMs: z.number().describe('Wall-clock time of the run, in ms.'),
  timeoutMs: z.number().optional().describe('The time limit the run had, in ms.'),
  memoryLimitMb: z.number().optional().describe('The memory limit the run had, in MB.'),
  memoryUsedMb: z.number().optional().describe('Memory used at the end of the run, in MB.'),
  images: z
    .array(z.object({ mediaType: z.string() }))
    .describe('The images the program produced, in order (sent as image content).'),
  files: z
    .array(
      z.object({
        path: z.string(),
        change: z.enum(['created', 'modified', 'deleted']),
        size: z.number(),
        mediaType: z.string(),
        uri: z.string().describe('The resource this file is read from.'),
      }),
    )
    .optional()
    .describe('Workspace files the run created, modified or deleted.'),
  toolCalls: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        input: z.unknown(),
        output: z.unknown().optional(),
        outputBytes: z.number().optional(),
        error: z.string().optional(),
        ms: z.number(),
      }),
    )
    .optional()
    .describe('The tool calls the program made (code mode).'),
  network: z
    .array(
      z.object({
        method: z.string(),
        url: z.string(),
        status: z.number().optional(),
        bytes: z.number(),
        ms: z.number(),
        denied: z.string().optional(),
        error: z.string().optional(),
      }),
    )
    .optional()
    .describe('The HTTP requests the program made, refused ones included.'),
  sessionReset: z
    .object({ when: z.enum(['this-run', 'before-this-run']), message: z.string() })
    .optional()
    .describe("Set when the session's state was lost."),
  session: z
    .string()
    .optional()
    .describe('The session handle the code ran in, when the call named one.'),
});

/** `run_code`'s structured result (see {@link runCodeOutputSchema}). */
export type RunCodeOutput = z.infer<typeof runCodeOutputSchema>;

/** The structured form of a run's result: no image or file bytes, files named by their `uri`. */
export function toRunCodeOutput(
  result: ExecutionResult,
  options: { session?: string } = {},
): RunCodeOutput {
  const output: RunCodeOutput = {
    success: result.success,
    language: result.language,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut: result.timedOut,
    truncated: result.truncated,
    executionTimeMs: result.executionTime,
    images: result.images.map((image) => ({ mediaType: image.mediaType })),
  };
  if (result.value !== undefined) output.value = result.value;
  if (result.error !== undefined) output.error = result.error;
  if (result.errorInfo) output.errorInfo = { ...result.errorInfo };
  if (result.timeoutMs !== undefined) output.timeoutMs = result.timeoutMs;
  if (result.memoryLimitMb !== undefined) output.memoryLimitMb = result.memoryLimitMb;
  if (result.memoryUsed !== undefined) output.memoryUsedMb = result.memoryUsed;
  if (result.files) {
    output.files = result.files.map((file) => ({
      path: file.path,
      change: file.change,
      size: file.size,
      mediaType: file.mediaType,
      uri: workspaceUri(file.path, options.session),
    }));
  }
  if (result.toolCalls) output.toolCalls = result.toolCalls.map((call) => ({ ...call }));
  if (result.network) output.network = result.network.map((hop) => ({ ...hop }));
  if (result.sessionReset) output.sessionReset = { ...result.sessionReset };
  if (options.session !== undefined) output.session = options.session;
  return output;
}
