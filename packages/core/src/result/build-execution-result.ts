import type { SandboxRunOutcome } from '../runtimes/sandbox-runtime';
import type { SupportedLanguage } from '../schema/code-execution-schema';
import type { ExecutionErrorInfo, ExecutionResult } from './execution-result';

/** One line a model can act on: `"TypeError: x is not a function (line 3)"`. */
export function summarizeError(error: ExecutionErrorInfo): string {
  const name = error.name === 'Uncaught' ? 'Uncaught' : error.name;
  const head = error.message ? `${name}: ${error.message}` : name;
  return error.line === undefined ? head : `${head} (line ${error.line})`;
}

/** What the model reads: stdout, stderr, then the value of the last expression. */
export function composeOutput(
  outcome: Pick<SandboxRunOutcome, 'stdout' | 'stderr' | 'value'>,
): string {
  const parts: string[] = [];
  for (const part of [outcome.stdout, outcome.stderr, outcome.value]) {
    if (part === undefined || part === '') continue;
    parts.push(part.endsWith('\n') ? part.slice(0, -1) : part);
  }
  return parts.join('\n');
}

/** Turns a sandbox's outcome into the public result. */
export function buildExecutionResult(
  outcome: SandboxRunOutcome,
  language: SupportedLanguage,
  executionTime: number,
  sessionLost = false,
): ExecutionResult {
  const result: ExecutionResult = {
    success: outcome.error === undefined,
    output: composeOutput(outcome),
    executionTime: Math.round(executionTime * 100) / 100,
    language,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    timedOut: outcome.timedOut,
    truncated: outcome.truncated,
    images: outcome.images,
  };
  if (outcome.memoryUsedMb !== undefined) result.memoryUsed = outcome.memoryUsedMb;
  if (outcome.value !== undefined) result.value = outcome.value;
  if (outcome.files && outcome.files.length > 0) result.files = outcome.files;
  if (outcome.error) {
    const errorInfo = { ...outcome.error };
    if (sessionLost)
      errorInfo.message += ' The session was reset: variables from earlier runs are gone.';
    result.errorInfo = errorInfo;
    result.error = summarizeError(errorInfo);
  }
  if (sessionLost) result.sessionReset = { when: 'this-run', message: sessionResetByThisRun };
  return result;
}

const sessionResetByThisRun =
  "This run stopped the session's sandbox, so its variables, functions and imports are gone: the next run starts fresh. Define again what it needs.";

/** A result for a run whose sandbox process died under it (for a session's run, with its state). */
export function crashedResult(
  message: string,
  language: SupportedLanguage,
  executionTime: number,
  sessionLost = false,
): ExecutionResult {
  return buildExecutionResult(
    {
      stdout: '',
      stderr: '',
      error: { name: 'SandboxCrashedError', message },
      timedOut: false,
      truncated: false,
      images: [],
      reusable: false,
    },
    language,
    executionTime,
    sessionLost,
  );
}
