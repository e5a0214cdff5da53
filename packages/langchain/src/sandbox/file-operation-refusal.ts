import { WorkspaceError, type WorkspaceErrorCode } from '@code-interpreter/core';
import type { FileOperationError } from 'deepagents';

/** Why one file of `uploadFiles` / `downloadFiles` failed: deepagents' code and a readable reason. */
export interface FileOperationRefusal {
  error: FileOperationError;
  /** What happened and what to do instead, e.g. `EFBIG: the file would exceed ...`. */
  message: string;
}

const codes: Record<WorkspaceErrorCode, FileOperationError> = {
  ENOENT: 'file_not_found',
  EISDIR: 'is_directory',
  EACCES: 'permission_denied',
  EPERM: 'permission_denied',
  // Limits of the workspace: the write is not allowed (the message says which limit).
  EFBIG: 'permission_denied',
  ENOSPC: 'permission_denied',
  EMFILE: 'permission_denied',
  EINVAL: 'invalid_path',
  ENOTDIR: 'invalid_path',
  EEXIST: 'invalid_path',
  ENOTEMPTY: 'invalid_path',
  ELOOP: 'invalid_path',
  EBADF: 'invalid_path',
};

/**
 * Turns a refusal of the workspace into deepagents' per-file error; anything else (a closed
 * session, a fault of the interpreter) is not a per-file error and is thrown again.
 */
export function fileOperationRefusal(error: unknown): FileOperationRefusal {
  if (!WorkspaceError.isInstance(error)) throw error;
  return { error: codes[error.code] ?? 'invalid_path', message: error.message };
}
