import { InterpreterClosedError, WorkspaceError } from '@code-interpreter/core';

/** A JSON error answer: `{ error }` with a sentence that says what to do. */
export function errorResponse(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * The answer for a refused workspace operation: 404 for a missing file (or a session closed
 * meanwhile), 413 over a workspace limit, 400 for a path or name the workspace does not allow.
 * Anything else is a server fault and is thrown on.
 */
export function workspaceErrorResponse(error: unknown): Response {
  if (InterpreterClosedError.isInstance(error)) {
    return errorResponse(404, "This conversation's session was closed, and its files with it.");
  }
  if (!WorkspaceError.isInstance(error)) throw error;
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
      return errorResponse(404, 'There is no such file in this conversation.');
    case 'EFBIG':
    case 'ENOSPC':
      return errorResponse(413, `The workspace refused the file: ${error.message}`);
    default:
      return errorResponse(400, `The workspace refused the path: ${error.message}`);
  }
}
