import type { ExecutionErrorInfo, ExecutionImage, OutputChunk } from '../result/execution-result';
import type { SupportedLanguage } from '../schema/code-execution-schema';
import type { SandboxToolBridge } from '../tools/sandbox-tool-bridge';
import type { WorkspaceFileChange } from '../workspace/file-change';
import type { RunWorkspace } from '../workspace/run-workspace';

/**
 * The runtimes a worker process can host.
 * - `javascript`: JavaScript and TypeScript in isolated-vm isolates.
 * - `pyodide`: CPython compiled to WebAssembly (Pyodide), inside an isolated-vm isolate.
 * - `python-native`: the machine's `python3` under bubblewrap (Linux, opt-in).
 */
export type RuntimeId = 'javascript' | 'pyodide' | 'python-native';

/** One run, as a sandbox receives it inside a worker process. Limits are already capped. */
export interface SandboxRunRequest {
  language: SupportedLanguage;
  /** The user's code, trimmed and validated. */
  code: string;
  /** Wall-clock deadline of the whole run (sync code, timers, promises, sleeps) in ms. */
  timeoutMs: number;
  /** Most characters kept per stream; beyond it the head and tail are kept with a note between. */
  maxOutputChars: number;
  /** Called with output as it is produced (only what fits the caps). */
  onOutput?: (chunk: OutputChunk) => void;
  /** Aborted when the caller cancels the run; the sandbox must stop promptly and report. */
  signal: AbortSignal;
  /**
   * The run's workspace, seen by the program at `/workspace` (its working directory): through
   * `workspace.call` (JavaScript's `fs`, Pyodide's file system) or, for native Python, a bind
   * mount of `workspace.folder()`. The worker always gives one; absent only in runtime-level
   * tests and warm-up runs, where every file operation is refused.
   */
  workspace?: RunWorkspace;
  /**
   * The application's tools the program may call (`tools.<name>(input)`), through the worker to
   * the supervisor. Absent: the program has no `tools`.
   */
  tools?: SandboxToolBridge;
}

/** What a sandbox reports for one run. The host adds `success`, `output`, `executionTime`, `language`. */
export interface SandboxRunOutcome {
  stdout: string;
  stderr: string;
  /** Rendered value of the last expression, REPL-style. */
  value?: string;
  /** Set when the program failed (uncaught error, timeout, memory limit, abort). */
  error?: ExecutionErrorInfo;
  timedOut: boolean;
  truncated: boolean;
  images: ExecutionImage[];
  memoryUsedMb?: number;
  /**
   * False when the sandbox must not run again (it was killed, ran out of memory, or timed out):
   * the worker discards it and, for a session, the session reports that its state was lost.
   */
  reusable: boolean;
  /**
   * True when code of the run still executes on a thread that nothing can stop: the isolate was
   * disposed at its memory limit while a V8 builtin kept running (and allocating) in it. Only
   * ending the worker process frees it, so the worker is retired at once.
   */
  runaway?: boolean;
  /** The workspace files the run created, modified or deleted (set by the worker, not the sandbox). */
  files?: WorkspaceFileChange[];
}

/** One isolated place to run code: a fresh context, isolate, interpreter or process. */
export interface Sandbox {
  run(request: SandboxRunRequest): Promise<SandboxRunOutcome>;
  /** Frees everything the sandbox holds. Idempotent. */
  dispose(): Promise<void>;
}

/** Options for a new sandbox. */
export interface CreateSandboxOptions {
  /** Memory limit of the sandbox in MB. */
  memoryLimitMb: number;
  /** True for a session's sandbox: state persists across runs. False: used for exactly one run. */
  stateful: boolean;
}

/** A runtime inside a worker process: makes sandboxes of one kind. */
export interface SandboxRuntime {
  readonly id: RuntimeId;
  /** Makes a ready-to-run sandbox (boots it). Stateless sandboxes are used for one run only. */
  createSandbox(options: CreateSandboxOptions): Promise<Sandbox>;
  /**
   * Does ahead the one-time work the first sandbox would otherwise wait for (a worker that will
   * hold sessions calls it at start). Optional; never throws.
   */
  prepare?(): void;
  /** Frees shared resources (warm isolates, snapshots). Idempotent. */
  close(): Promise<void>;
}
