import { WorkspaceError } from '../errors/workspace-error';
import type { WorkspaceFileSystem } from './workspace-file-system';

/**
 * The file operations a sandbox may ask of its workspace, with their arguments as they cross
 * from the isolate (copied; every argument is checked here, since any value may arrive).
 */
export type WorkspaceOperation =
  | 'stat'
  | 'exists'
  | 'readdir'
  | 'mkdir'
  | 'readFile'
  | 'writeFile'
  | 'unlink'
  | 'rmdir'
  | 'rm'
  | 'rename'
  | 'copyFile'
  | 'truncate'
  | 'utimes'
  | 'realpath'
  | 'open'
  | 'close'
  | 'read'
  | 'write'
  | 'fstat'
  | 'ftruncate';

/** A refused operation, as plain data a sandbox turns into its language's own error. */
export interface WorkspaceCallError {
  code: string;
  message: string;
  syscall: string;
  path?: string;
}

/** The answer to one call: the value, or the error (never thrown across the boundary). */
export type WorkspaceCallAnswer =
  | { ok: true; value: unknown }
  | { ok: false; error: WorkspaceCallError };

/**
 * Runs one file operation a sandbox asked for. `open`/`read`/`write` take Linux `open(2)` flags
 * and explicit positions (null: the descriptor's own offset). Nothing thrown escapes: a refusal
 * or a bad argument becomes `{ ok: false, error }` with a POSIX code and a message that names
 * only sandbox paths.
 */
export function callWorkspace(
  files: WorkspaceFileSystem,
  operation: unknown,
  args: unknown,
): WorkspaceCallAnswer {
  try {
    const list = Array.isArray(args) ? args : [];
    return { ok: true, value: dispatch(files, String(operation), list) };
  } catch (error) {
    if (WorkspaceError.isInstance(error)) {
      return {
        ok: false,
        error: {
          code: error.code,
          message: error.message,
          syscall: error.syscall,
          ...(error.path === undefined ? {} : { path: error.path }),
        },
      };
    }
    // A host fault: no host detail crosses (it could name host paths).
    return {
      ok: false,
      error: {
        code: 'EIO',
        message: `EIO: i/o error, ${String(operation)}`,
        syscall: String(operation),
      },
    };
  }
}

function dispatch(files: WorkspaceFileSystem, operation: string, args: unknown[]): unknown {
  const [first, second, third, fourth] = args;
  switch (operation as WorkspaceOperation) {
    case 'stat':
      return files.stat(first);
    case 'exists':
      return files.exists(first);
    case 'readdir':
      return files.readdir(first);
    case 'mkdir':
      return files.mkdir(first, second === true);
    case 'readFile':
      return files.readFile(first);
    case 'writeFile':
      return files.writeFile(first, bytes(second, operation), {
        append: third === true,
        exclusive: fourth === true,
      });
    case 'unlink':
      return files.unlink(first);
    case 'rmdir':
      return files.rmdir(first);
    case 'rm':
      return files.rm(first, { recursive: second === true, force: third === true });
    case 'rename':
      return files.rename(first, second);
    case 'copyFile':
      return files.copyFile(first, second, third === true);
    case 'truncate':
      return files.truncate(first, integer(second ?? 0, operation));
    case 'utimes':
      return files.utimes(first, number(second, operation), number(third, operation));
    case 'realpath':
      return files.realpath(first);
    case 'open':
      return files.open(first, integer(second ?? 0, operation));
    case 'close':
      return files.close(integer(first, operation));
    case 'read':
      return files.read(
        integer(first, operation),
        integer(second, operation),
        position(third, operation),
      );
    case 'write':
      return files.write(
        integer(first, operation),
        bytes(second, operation),
        position(third, operation),
      );
    case 'fstat':
      return files.fstat(integer(first, operation));
    case 'ftruncate':
      return files.ftruncate(integer(first, operation), integer(second ?? 0, operation));
    default:
      throw new WorkspaceError({
        code: 'EINVAL',
        syscall: operation,
        detail: 'unknown file operation',
      });
  }
}

function bytes(value: unknown, syscall: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new WorkspaceError({ code: 'EINVAL', syscall, detail: 'data must be bytes' });
}

function number(value: unknown, syscall: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new WorkspaceError({ code: 'EINVAL', syscall, detail: 'expected a number' });
}

function integer(value: unknown, syscall: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new WorkspaceError({ code: 'EINVAL', syscall, detail: 'expected a non-negative integer' });
}

function position(value: unknown, syscall: string): number | null {
  return value === null || value === undefined ? null : integer(value, syscall);
}
