import type { ExecutionErrorInfo, SandboxStopErrorName } from '../result/execution-result';

/** Why a sandbox stopped a run before it finished on its own. */
export type SandboxStop = 'timeout' | 'memory' | 'aborted' | 'crashed';

/** The error a run reports when the sandbox stopped it, in words a model can act on. */
export function limitErrorInfo(
  stop: SandboxStop,
  timeoutMs: number,
  memoryLimitMb: number,
): ExecutionErrorInfo & { name: SandboxStopErrorName } {
  switch (stop) {
    case 'timeout':
      return {
        name: 'TimeoutError',
        message: `Execution timed out after ${timeoutMs} ms: the program was stopped. Make it do less work, or end loops and timers sooner.`,
      };
    case 'memory':
      return {
        name: 'MemoryLimitError',
        message: `Memory limit exceeded: the program needed more than ${memoryLimitMb} MB and was stopped. Use smaller data or process it in pieces.`,
      };
    case 'aborted':
      return { name: 'AbortError', message: 'The run was aborted by its caller.' };
    case 'crashed':
      return {
        name: 'SandboxCrashedError',
        message: 'The sandbox running the program stopped unexpectedly; its state was lost.',
      };
  }
}
