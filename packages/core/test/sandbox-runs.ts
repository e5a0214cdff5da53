import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutputChunk } from '../src/result/execution-result';
import type {
  SandboxRunOutcome,
  SandboxRunRequest,
  SandboxRuntime,
} from '../src/runtimes/sandbox-runtime';
import type { SupportedLanguage } from '../src/schema/code-execution-schema';
import { RunWorkspace } from '../src/workspace/run-workspace';
import { defaultWorkspaceLimits, type WorkspaceLimits } from '../src/workspace/workspace-limits';

// The one way runtime-level tests (conformance, JavaScript, Pyodide and native Python) build a
// run request and run code in a fresh sandbox; each file used to rebuild its own.

/** What a test may set on a run; the rest takes test defaults. */
export interface SandboxRunOptions {
  /** @default 15_000 */
  timeoutMs?: number;
  /** Memory limit of a sandbox the helper creates. @default 128 */
  memoryLimitMb?: number;
  /** @default 10_000 */
  maxOutputChars?: number;
  onOutput?: (chunk: OutputChunk) => void;
  /** @default a signal that never aborts */
  signal?: AbortSignal;
  /** @default a fresh private workspace, made at first use (see `testWorkspace`) */
  workspace?: RunWorkspace;
}

/**
 * A private workspace for a test's run, in the system's temporary folder; made when first used.
 * `existing: true` makes its folder now (for tests that put files in before the run).
 */
export function testWorkspace(limits: WorkspaceLimits = {}, existing = false): RunWorkspace {
  const workspace = new RunWorkspace(
    join(tmpdir(), 'code-interpreter-test-workspaces', randomUUID()),
    { ...defaultWorkspaceLimits, ...limits },
    false,
  );
  if (existing) workspace.folder();
  return workspace;
}

/** A run request with test defaults. */
export function sandboxRequest(
  language: SupportedLanguage,
  code: string,
  options: SandboxRunOptions = {},
): SandboxRunRequest {
  return {
    language,
    code,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxOutputChars: options.maxOutputChars ?? 10_000,
    signal: options.signal ?? new AbortController().signal,
    workspace: options.workspace ?? testWorkspace(),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  };
}

/** Runs `code` once in a fresh stateless sandbox of `runtime`, then disposes the sandbox. */
export async function runInFreshSandbox(
  runtime: SandboxRuntime,
  language: SupportedLanguage,
  code: string,
  options: SandboxRunOptions = {},
): Promise<SandboxRunOutcome> {
  const sandbox = await runtime.createSandbox({
    memoryLimitMb: options.memoryLimitMb ?? 128,
    stateful: false,
  });
  try {
    return await sandbox.run(sandboxRequest(language, code, options));
  } finally {
    await sandbox.dispose();
  }
}

/** {@link runInFreshSandbox} for Python. */
export function runPython(
  runtime: SandboxRuntime,
  code: string,
  options: SandboxRunOptions = {},
): Promise<SandboxRunOutcome> {
  return runInFreshSandbox(runtime, 'python', code, options);
}

/** What a trivial Python program prints in a fresh sandbox: the runtime still answers. */
export async function stillAnswers(runtime: SandboxRuntime): Promise<string> {
  return (await runPython(runtime, 'print("still here")')).stdout;
}
