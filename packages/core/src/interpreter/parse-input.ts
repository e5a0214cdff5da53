import { InvalidInputError } from '../errors/invalid-input-error';
import { type CodeExecutionRequest, codeExecutionSchema } from '../schema/code-execution-schema';
import type { ResolvedLimits } from './resolve-limits';

/** A validated run with the application's caps applied. */
export interface CappedRequest extends CodeExecutionRequest {
  timeoutMs: number;
  memoryLimitMb: number;
}

/** Validates input with the shared schema and applies caps; throws `InvalidInputError` on misuse. */
export function parseInput(input: unknown, limits: ResolvedLimits): CappedRequest {
  const parsed = codeExecutionSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidInputError({
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
      cause: parsed.error,
    });
  }
  const request = parsed.data;
  if (!limits.languages.includes(request.language)) {
    throw new InvalidInputError({
      issues: [
        {
          path: 'language',
          message: `'${request.language}' is not enabled here; use ${limits.languages.map((l) => `'${l}'`).join(' or ')}`,
        },
      ],
    });
  }
  return {
    ...request,
    timeoutMs: Math.min(request.timeout ?? limits.defaultTimeoutMs, limits.maxTimeoutMs),
    memoryLimitMb: Math.min(
      request.memoryLimit ?? limits.defaultMemoryLimitMb,
      limits.maxMemoryLimitMb,
    ),
  };
}
