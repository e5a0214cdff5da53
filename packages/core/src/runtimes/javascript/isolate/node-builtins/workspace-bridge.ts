import { type BridgeError, fileSystemError } from './file-system-error';
import type { WorkspaceOperationCall } from './file-system-sync';

/**
 * The host's hook into the run's workspace, as the worker hands it to the sandbox (an
 * isolated-vm callback: arguments and the answer are copied, never shared). It answers
 * `{ ok: true, value }` or `{ ok: false, error }` and never throws.
 */
export type WorkspaceHook = (operation: string, args: unknown[]) => unknown;

/**
 * Turns the hook's answers into values and thrown `fs` errors. `hook()` gives the hook bound to
 * this context (undefined before the runtime is started: every operation is refused).
 */
export function createWorkspaceCall(hook: () => WorkspaceHook | undefined): WorkspaceOperationCall {
  return (operation, args) => {
    const bound = hook();
    const answer =
      bound === undefined ? undefined : (bound(operation, args) as Record<string, unknown>);
    if (answer !== null && typeof answer === 'object') {
      if (answer.ok === true) return answer.value;
      const error = answer.error as BridgeError | undefined;
      if (error !== null && typeof error === 'object') throw fileSystemError(error);
    }
    throw fileSystemError({
      code: 'ENOSYS',
      message: `ENOSYS: this sandbox has no workspace, ${operation}`,
      syscall: operation,
    });
  };
}
