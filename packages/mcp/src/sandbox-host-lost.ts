/** The marker every `SandboxHostLostError` carries (`Symbol.for`, so every copy of the class has it). */
const marker = Symbol.for('code-interpreter.error.CodeInterpreterSandboxHostLostError');

/**
 * True for a `SandboxHostLostError` of `@code-interpreter/remote`: the sandbox host that held the
 * run or session went away, so the run's outcome is unknown and a session's state is gone for
 * good. The same check as that class's `isInstance` (its `Symbol.for` marker, which works across
 * copies of the package), made here so this package does not depend on the remote one; the CLI's
 * `mcp-host-lost.int.test.ts` checks it against the real error of a killed host.
 */
export function isSandboxHostLost(error: unknown): boolean {
  return (
    error != null &&
    typeof error === 'object' &&
    marker in error &&
    (error as Record<symbol, unknown>)[marker] === true
  );
}
