import { composeOutput, summarizeError } from '../result/build-execution-result';
import type { ExecutionResult } from '../result/execution-result';
import type { SupportedLanguage } from '../schema/code-execution-schema';

/** What a scripted run returns: any fields of a result; the rest are derived or defaulted. */
export type MockExecutionResultFields = Partial<ExecutionResult>;

/**
 * A complete `ExecutionResult` from the fields a test cares about, derived as the interpreter
 * derives them: `success` from `errorInfo`, `output` from stdout, stderr and value, `error` from
 * `errorInfo`, `timedOut` from a `TimeoutError`; everything else empty.
 *
 * @example
 * ```ts
 * mockExecutionResult({ stdout: 'hi\n', value: '42' }); // success, output 'hi\n42'
 * mockExecutionResult({ errorInfo: { name: 'ZeroDivisionError', message: 'division by zero', line: 2 } }, { language: 'python' });
 * ```
 */
export function mockExecutionResult(
  fields: MockExecutionResultFields = {},
  defaults: { language?: SupportedLanguage; timeoutMs?: number; memoryLimitMb?: number } = {},
): ExecutionResult {
  const stdout = fields.stdout ?? '';
  const stderr = fields.stderr ?? '';
  const errorInfo = fields.errorInfo;
  return {
    ...(defaults.timeoutMs === undefined ? {} : { timeoutMs: defaults.timeoutMs }),
    ...(defaults.memoryLimitMb === undefined ? {} : { memoryLimitMb: defaults.memoryLimitMb }),
    ...fields,
    success: fields.success ?? errorInfo === undefined,
    output: fields.output ?? composeOutput({ stdout, stderr, value: fields.value }),
    ...(errorInfo && fields.error === undefined ? { error: summarizeError(errorInfo) } : {}),
    executionTime: fields.executionTime ?? 0,
    language: fields.language ?? defaults.language ?? 'javascript',
    stdout,
    stderr,
    timedOut: fields.timedOut ?? errorInfo?.name === 'TimeoutError',
    truncated: fields.truncated ?? false,
    images: fields.images ?? [],
  };
}
