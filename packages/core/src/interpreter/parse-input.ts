import { InvalidInputError } from '../errors/invalid-input-error';
import { type CodeExecutionRequest, codeExecutionSchema } from '../schema/code-execution-schema';
import type { ResolvedLimits } from './resolve-limits';

/** A validated run with the application's caps applied. */
export interface CappedRequest extends CodeExecutionRequest {
  timeoutMs: number;
  memoryLimitMb: number;
}

/**
 * Validates input with the shared schema and the application's caps; throws `InvalidInputError`
 * on misuse, naming the cap a value went over (a model that asked for too much learns the limit).
 */
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
  const issues = [];
  if (request.timeout !== undefined && request.timeout > limits.maxTimeoutMs) {
    issues.push({
      path: 'timeout',
      message: `at most ${limits.maxTimeoutMs} ms here (asked for ${request.timeout}); send a smaller timeout, or none for the default ${limits.defaultTimeoutMs} ms`,
    });
  }
  if (request.memoryLimit !== undefined && request.memoryLimit > limits.maxMemoryLimitMb) {
    issues.push({
      path: 'memoryLimit',
      message: `at most ${limits.maxMemoryLimitMb} MB here (asked for ${request.memoryLimit}); send a smaller memoryLimit, or none for the default ${limits.defaultMemoryLimitMb} MB`,
    });
  }
  if (issues.length > 0) throw new InvalidInputError({ issues });
  return {
    ...request,
    timeoutMs: request.timeout ?? limits.defaultTimeoutMs,
    memoryLimitMb: request.memoryLimit ?? limits.defaultMemoryLimitMb,
  };
}
