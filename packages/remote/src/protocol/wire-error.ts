import {
  type CodeInterpreterError,
  type InputIssue,
  InterpreterClosedError,
  InvalidInputError,
  RunAbortedError,
  RuntimeUnavailableError,
  SandboxError,
  WorkspaceError,
  type WorkspaceErrorCode,
} from '@code-interpreter/core';

/**
 * An error thrown on a host, as it crosses to the client: a typed `kind` (never matched on a
 * name string) and the fields needed to rebuild the same error class there.
 */
export type WireError =
  | { kind: 'invalid-input'; message: string; issues: InputIssue[] }
  | { kind: 'aborted'; message: string }
  | { kind: 'closed'; message: string; what: 'interpreter' | 'session' }
  | { kind: 'runtime-unavailable'; message: string; runtime: string }
  | {
      kind: 'workspace';
      message: string;
      code: WorkspaceErrorCode;
      syscall: string;
      path?: string;
    }
  | { kind: 'sandbox'; message: string }
  | { kind: 'unknown-session'; message: string; sessionId: string }
  | { kind: 'bad-request'; message: string };

/** Turns an error thrown on the host into its wire form. */
export function toWireError(error: unknown): WireError {
  if (InvalidInputError.isInstance(error)) {
    return { kind: 'invalid-input', message: error.message, issues: [...error.issues] };
  }
  if (RunAbortedError.isInstance(error)) return { kind: 'aborted', message: error.message };
  if (InterpreterClosedError.isInstance(error)) {
    const what = error.message.includes('session') ? 'session' : 'interpreter';
    return { kind: 'closed', message: error.message, what };
  }
  if (RuntimeUnavailableError.isInstance(error)) {
    return { kind: 'runtime-unavailable', message: error.message, runtime: error.runtime };
  }
  if (WorkspaceError.isInstance(error)) {
    return {
      kind: 'workspace',
      message: error.message,
      code: error.code,
      syscall: error.syscall,
      ...(error.path === undefined ? {} : { path: error.path }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'sandbox', message: `The sandbox host failed: ${message}` };
}

/** Rebuilds on the client the error class the host threw. */
export function fromWireError(wire: WireError, hostId: string): CodeInterpreterError {
  switch (wire.kind) {
    case 'invalid-input':
      return new InvalidInputError({ issues: wire.issues });
    case 'aborted':
      return new RunAbortedError();
    case 'closed':
      return new InterpreterClosedError({ what: wire.what });
    case 'runtime-unavailable':
      return new RuntimeUnavailableError({ runtime: wire.runtime, message: wire.message });
    case 'workspace': {
      const where = wire.path === undefined ? '' : ` '${wire.path}'`;
      const detail = wire.message
        .replace(`${wire.code}: `, '')
        .replace(new RegExp(`, ${escapeRegExp(wire.syscall + where)}$`), '');
      return new WorkspaceError({
        code: wire.code,
        syscall: wire.syscall,
        detail,
        ...(wire.path === undefined ? {} : { path: wire.path }),
      });
    }
    case 'unknown-session':
      return new InterpreterClosedError({ what: 'session' });
    case 'bad-request':
    case 'sandbox':
      return new SandboxError({ message: `${wire.message} (sandbox host ${hostId})` });
    default:
      return new SandboxError({
        message: `Sandbox host ${hostId} sent an error this client does not know: ${JSON.stringify(wire)}. Update @code-interpreter/remote.`,
      });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
