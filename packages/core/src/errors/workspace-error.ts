import { CodeInterpreterError } from './code-interpreter-error';

const name = 'CodeInterpreterWorkspaceError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Why a workspace operation was refused, as the POSIX error code a program would see:
 * - `ENOENT`: no such file or folder; `EEXIST`: it exists already;
 * - `ENOTDIR` / `EISDIR`: a folder was expected, or found where a file was;
 * - `ENOTEMPTY`: the folder is not empty;
 * - `EACCES`: the path leads outside the workspace;
 * - `EINVAL`: the path or name is not allowed (NUL byte, control character, device name, too long,
 *   too deep);
 * - `ELOOP` / `EPERM`: a symbolic link, hard link or special file (FIFO, socket, device) was met;
 *   the workspace holds only regular files and folders;
 * - `EFBIG`: the file would exceed the largest file allowed;
 * - `ENOSPC`: the workspace would exceed its total bytes or file count;
 * - `EMFILE`: too many files open at once; `EBADF`: not an open file.
 */
export type WorkspaceErrorCode =
  | 'ENOENT'
  | 'EEXIST'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'ENOTEMPTY'
  | 'EACCES'
  | 'EINVAL'
  | 'ELOOP'
  | 'EPERM'
  | 'EFBIG'
  | 'ENOSPC'
  | 'EMFILE'
  | 'EBADF';

/**
 * A workspace file operation was refused: the path is outside the workspace or not allowed, the
 * file is missing, or a limit would be exceeded. Thrown by `session.files`; inside the sandbox the
 * same refusal is the language's own error (`OSError` in Python, a Node-style error in JavaScript)
 * with the same `code`.
 */
export class WorkspaceError extends CodeInterpreterError {
  protected readonly [symbol] = true;
  /** The POSIX error code, e.g. `'ENOENT'`. */
  readonly code: WorkspaceErrorCode;
  /** The operation, e.g. `'open'`, `'write'`, `'mkdir'`. */
  readonly syscall: string;
  /** The path as the sandbox sees it (`/workspace/...`), when the operation had one. */
  readonly path?: string;

  constructor(options: {
    code: WorkspaceErrorCode;
    syscall: string;
    path?: string;
    /** What went wrong and what to do instead, without the code or path. */
    detail: string;
  }) {
    const where = options.path === undefined ? '' : ` '${options.path}'`;
    super({ name, message: `${options.code}: ${options.detail}, ${options.syscall}${where}` });
    this.code = options.code;
    this.syscall = options.syscall;
    if (options.path !== undefined) this.path = options.path;
  }

  static override isInstance(error: unknown): error is WorkspaceError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
