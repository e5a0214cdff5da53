import { posix } from 'node:path';
import type { RunWorkspace } from './run-workspace';
import { workspaceMount as workspacePath } from './sandbox-path';
import type { WorkspaceCallAnswer } from './workspace-call';

/** Linux `O_CREAT`: an `open` with it may make the workspace's first file. */
const createFlag = 0o100;

/** What `stat` says of `/workspace` while it holds nothing (`mode` is set by the caller). */
const emptyFolderStat = {
  type: 'directory',
  size: 4096,
  mode: 0o40000,
  ino: 1,
  nlink: 2,
  blksize: 4096,
  blocks: 0,
  atimeMs: 0,
  mtimeMs: 0,
  ctimeMs: 0,
  birthtimeMs: 0,
} as const;

/**
 * Answers one file operation a sandbox asked for (JavaScript's `fs`, Pyodide's `/workspace` file
 * system), in the workspace of the run in progress. Never throws, and no host detail (a host
 * path, a stack) is in an answer.
 * Without a workspace (a warm-up run, code a program left behind running between runs, a
 * runtime-level test) `/workspace` is an empty read-only folder: what reads find missing is
 * `ENOENT`, what would change it `EROFS`.
 *
 * A stateless run's folder is made at its first write: until then, what only reads (Python's
 * import system looks at the working directory for every module it imports) is answered as for
 * an empty folder without making it, so a run that writes no file costs the worker nothing.
 */
export function answerSandboxCall(
  workspace: RunWorkspace | undefined,
  operation: unknown,
  args: unknown,
): WorkspaceCallAnswer {
  const syscall = typeof operation === 'string' ? operation.slice(0, 32) : 'unknown';
  if (workspace === undefined) return answerEmpty(syscall, args, 0o555);
  if (!workspace.used && !mayCreate(syscall, args)) {
    // The folder is made at the first write: until then it is empty, and every other path is
    // answered by the file system itself (missing, or outside the workspace).
    return isWorkspaceItself(args)
      ? answerEmpty(syscall, args, 0o700)
      : workspace.look(operation, args);
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
    // RunWorkspace.call answers refusals itself; this is a host fault (its folder cannot be made).
    return refusal('EIO', 'i/o error', syscall);
  }
}

/** True for the operations that can make an entry (all but lookups, reads and opens without O_CREAT). */
function mayCreate(syscall: string, args: unknown): boolean {
  switch (syscall) {
    case 'stat':
    case 'exists':
    case 'readdir':
    case 'realpath':
    case 'readFile':
      return false;
    case 'open': {
      const flags = Array.isArray(args) ? args[1] : undefined;
      return typeof flags !== 'number' || (flags & createFlag) !== 0;
    }
    default:
      return true;
  }
}

/** Answers for a `/workspace` that holds nothing; what would change it is refused (`EROFS`). */
function answerEmpty(syscall: string, args: unknown, permissions: number): WorkspaceCallAnswer {
  const first = Array.isArray(args) ? args[0] : undefined;
  const isRoot = typeof first === 'string' && posix.resolve(workspacePath, first) === workspacePath;
  switch (syscall) {
    case 'stat':
      return isRoot
        ? { ok: true, value: { ...emptyFolderStat, mode: emptyFolderStat.mode | permissions } }
        : missing(syscall, first);
    case 'exists':
      return { ok: true, value: isRoot };
    case 'readdir':
      return isRoot ? { ok: true, value: [] } : missing(syscall, first);
    case 'realpath':
      return isRoot ? { ok: true, value: workspacePath } : missing(syscall, first);
    case 'readFile':
    case 'open':
      return missing(syscall, first);
    case 'close':
    case 'read':
    case 'write':
    case 'fstat':
    case 'ftruncate':
      return refusal('EBADF', 'bad file descriptor', syscall);
    default:
      return refusal(
        'EROFS',
        'this run has no workspace: /workspace is empty and read-only',
        syscall,
      );
  }
}

/** True when the operation's path is `/workspace` itself. */
function isWorkspaceItself(args: unknown): boolean {
  const first = Array.isArray(args) ? args[0] : undefined;
  return typeof first === 'string' && posix.resolve(workspacePath, first) === workspacePath;
}

function missing(syscall: string, path?: unknown): WorkspaceCallAnswer {
  const where = typeof path === 'string' ? ` '${posix.resolve(workspacePath, path)}'` : '';
  const call = syscall === 'readFile' ? 'open' : syscall;
  return {
    ok: false,
    error: {
      code: 'ENOENT',
      message: `ENOENT: no such file or directory, ${call}${where}`,
      syscall: call,
      ...(typeof path === 'string' ? { path: posix.resolve(workspacePath, path) } : {}),
    },
  };
}

function refusal(code: string, detail: string, syscall: string): WorkspaceCallAnswer {
  return { ok: false, error: { code, message: `${code}: ${detail}, ${syscall}`, syscall } };
}
