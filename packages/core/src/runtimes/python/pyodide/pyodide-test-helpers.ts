import type { OutputChunk } from '../../../result/execution-result';
import type { SandboxRunOutcome, SandboxRuntime } from '../../sandbox-runtime';

/** Options of {@link runPython}. */
export interface RunPythonOptions {
  timeoutMs?: number;
  memoryLimitMb?: number;
  maxOutputChars?: number;
  onOutput?: (chunk: OutputChunk) => void;
  signal?: AbortSignal;
}

/** Runs `code` once in a fresh stateless sandbox of `runtime` (test helper). */
export async function runPython(
  runtime: SandboxRuntime,
  code: string,
  options: RunPythonOptions = {},
): Promise<SandboxRunOutcome> {
  const sandbox = await runtime.createSandbox({
    memoryLimitMb: options.memoryLimitMb ?? 128,
    stateful: false,
  });
  try {
    return await sandbox.run({
      language: 'python',
      code,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxOutputChars: options.maxOutputChars ?? 10_000,
      signal: options.signal ?? new AbortController().signal,
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
  } finally {
    await sandbox.dispose();
  }
}

/** Asserts-friendly: the runtime still answers a trivial program. */
export async function stillAnswers(runtime: SandboxRuntime): Promise<string> {
  const outcome = await runPython(runtime, 'print("still here")');
  return outcome.stdout;
}
