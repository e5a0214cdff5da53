import type { CodeInterpreter, CodeInterpreterSession } from '@code-interpreter/core';

const coreKey = Symbol.for('code-interpreter.ai-sdk.sandbox-session-core');

/** What a code-interpreter sandbox session runs on. */
export interface SandboxSessionCore {
  readonly interpreter: CodeInterpreter;
  readonly session: CodeInterpreterSession;
}

/** Marks `sandbox` as running on `core`, so the code-interpreter tool can run in the same session. */
export function attachSandboxSessionCore<T extends object>(
  sandbox: T,
  core: SandboxSessionCore,
): T {
  Object.defineProperty(sandbox, coreKey, { value: core, enumerable: false });
  return sandbox;
}

/**
 * The interpreter and session behind a sandbox made by `createSandboxSession` (or its restricted
 * view); undefined for any other sandbox (just-bash, Vercel, ...).
 */
export function sandboxSessionCore(sandbox: unknown): SandboxSessionCore | undefined {
  if (typeof sandbox !== 'object' || sandbox === null) return undefined;
  return (sandbox as { [coreKey]?: SandboxSessionCore })[coreKey];
}
