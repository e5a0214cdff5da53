import { CodeInterpreterError } from '@code-interpreter/core';

const marker = Symbol.for('code-interpreter.error.CodeInterpreterSandboxHostLostError');

/**
 * Stands in for `SandboxHostLostError` of `@code-interpreter/remote` (its name, marker and
 * wording), which this package does not depend on. The CLI's `mcp-host-lost.int.test.ts` runs the
 * real one, from a killed host.
 */
export class SandboxHostLostStandIn extends CodeInterpreterError {
  protected readonly [marker] = true;

  constructor(sessionId?: string) {
    const lost =
      sessionId === undefined
        ? 'the run it held did not finish and its outcome is unknown; run it again'
        : `session ${sessionId} and its state (variables, imports, workspace files) are lost; create a new session`;
    super({
      name: 'CodeInterpreterSandboxHostLostError',
      message: `Sandbox host host-1 was lost (nothing answers on its subjects): ${lost}.`,
    });
  }
}
