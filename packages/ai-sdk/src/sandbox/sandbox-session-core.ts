import type { CodeInterpreter, CodeInterpreterSession } from '@code-interpreter/core';
import type { SandboxNetworkNarrowing } from './sandbox-network-policy';

const coreKey = Symbol.for('code-interpreter.ai-sdk.sandbox-session-core');

/** What a code-interpreter sandbox session runs on. */
export interface SandboxSessionCore {
  readonly interpreter: CodeInterpreter;
  /** The session as runs made through the sandbox use it (with the sandbox's network policy). */
  readonly session: CodeInterpreterSession;
  /** The network policy the sandbox sets on its runs (`setNetworkPolicy` of the harness session). */
  readonly network?: SandboxNetworkNarrowing;
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
