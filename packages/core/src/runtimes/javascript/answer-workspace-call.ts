import type { RunWorkspace } from '../../workspace/run-workspace';
import type { WorkspaceCallAnswer } from '../../workspace/workspace-call';

/**
 * Answers one file operation a JavaScript sandbox asked for, in the workspace of the run in
 * progress. Never throws, and no host detail (a host path, a stack) is in an answer: a run
 * without a workspace, or a host fault outside `RunWorkspace.call` (its folder cannot be made),
 * gets a plain refusal.
 */
export function answerWorkspaceCall(
  workspace: RunWorkspace | undefined,
  operation: unknown,
  args: unknown,
): WorkspaceCallAnswer {
  const syscall = typeof operation === 'string' ? operation.slice(0, 32) : 'unknown';
  if (workspace === undefined) {
    return {
      ok: false,
      error: {
        code: 'ENOSYS',
        message: `ENOSYS: this sandbox has no workspace (file operations are refused), ${syscall}`,
        syscall,
      },
    };
  }
  try {
    const answer = workspace.call(operation, args);
    if (answer.ok && answer.value instanceof Uint8Array) {
      // Copied into the sandbox as it is: a view over a larger buffer would copy all of it.
      const bytes = answer.value;
      if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) {
        return { ok: true, value: bytes.slice() };
      }
    }
    return answer;
  } catch {
    return { ok: false, error: { code: 'EIO', message: `EIO: i/o error, ${syscall}`, syscall } };
  }
}
