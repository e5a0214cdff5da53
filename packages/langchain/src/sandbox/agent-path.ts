import { workspaceMount } from '@code-interpreter/core';
import type { FileOperationError } from 'deepagents';

/** A path the agent gave, placed in the workspace, or why it cannot be. */
export type AgentPathResolution =
  | { ok: true; path: string }
  | { ok: false; error: FileOperationError; message: string };

/**
 * Places a deepagents path in the workspace, the only file tree of the sandbox:
 * - `/workspace` and paths under it are used as given (the paths `execute` sees);
 * - any other absolute path is taken as relative to the workspace (`/notes.md` is
 *   `/workspace/notes.md`, `/` is `/workspace`), so deepagents' own files
 *   (`/large_tool_results/...`, `/conversation_history/...`) land in it and nothing else is
 *   reachable;
 * - a relative path is relative to `/workspace`, the working directory of `execute`.
 *
 * Empty and duplicate `/` segments and `.` are dropped. A `..` segment, a NUL byte or an empty
 * path is refused with `invalid_path`, so no spelling of a path leaves the workspace.
 *
 * @example
 * ```ts
 * resolveAgentPath('/src//app.py'); // { ok: true, path: '/workspace/src/app.py' }
 * resolveAgentPath('/workspace/../etc/passwd'); // { ok: false, error: 'invalid_path', ... }
 * ```
 */
export function resolveAgentPath(input: unknown): AgentPathResolution {
  if (typeof input !== 'string' || input.trim() === '') {
    return {
      ok: false,
      error: 'invalid_path',
      message: 'a path must be a non-empty string, e.g. /workspace/notes.md',
    };
  }
  if (input.includes('\u0000')) {
    return { ok: false, error: 'invalid_path', message: 'a path may not contain a NUL byte' };
  }
  const segments = input.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    return {
      ok: false,
      error: 'invalid_path',
      message: `'..' is not allowed in a path: name the file under ${workspaceMount} directly`,
    };
  }
  const mountName = workspaceMount.slice(1);
  const below = input.startsWith('/') && segments[0] === mountName ? segments.slice(1) : segments;
  return {
    ok: true,
    path: below.length === 0 ? workspaceMount : `${workspaceMount}/${below.join('/')}`,
  };
}
