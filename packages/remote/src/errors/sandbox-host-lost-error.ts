import { CodeInterpreterError } from '@code-interpreter/core';

const name = 'CodeInterpreterSandboxHostLostError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The sandbox host that held a run or a session stopped answering (its process ended, or it lost
 * its NATS connection) before the run finished. The run's outcome is unknown; a session's state
 * (variables, imports, workspace files) is lost with the host, and every later call on that
 * session throws this error again. Create a new session to go on.
 */
export class SandboxHostLostError extends CodeInterpreterError {
  protected readonly [symbol] = true;
  /** Id of the host that was lost (its NATS service id). */
  readonly hostId: string;
  /** Id of the session whose state was lost, when the lost work belonged to a session. */
  readonly sessionId?: string;

  constructor({
    hostId,
    sessionId,
    reason,
    cause,
  }: {
    hostId: string;
    sessionId?: string;
    /** What was observed, e.g. `'no heartbeat for 5000 ms'`. */
    reason: string;
    cause?: unknown;
  }) {
    const lost =
      sessionId === undefined
        ? 'the run it held did not finish and its outcome is unknown; run it again'
        : `session ${sessionId} and its state (variables, imports, workspace files) are lost; create a new session`;
    super({ name, message: `Sandbox host ${hostId} was lost (${reason}): ${lost}.`, cause });
    this.hostId = hostId;
    if (sessionId !== undefined) this.sessionId = sessionId;
  }

  static override isInstance(error: unknown): error is SandboxHostLostError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
