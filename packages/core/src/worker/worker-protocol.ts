import type { OutputChunk } from '../result/execution-result';
import type { SparseBootImage } from '../runtimes/python/pyodide/isolate/with-sparse-restore';
import type { RuntimeId, SandboxRunOutcome } from '../runtimes/sandbox-runtime';
import type { SupportedLanguage } from '../schema/code-execution-schema';
import type { CommandResult } from '../shell/command';
import type { ResolvedWorkspaceLimits } from '../workspace/workspace-limits';

/** Settings a worker process receives once, at start. */
export interface WorkerSettings {
  /** Stateless sandboxes kept ready per runtime and memory limit. */
  warmSandboxes: Partial<Record<RuntimeId, number>>;
  /** Memory limit (MB) of the sandboxes prepared ahead of demand. */
  defaultMemoryLimitMb: number;
  /** Runtimes to prepare at start (`SandboxRuntime.prepare`), e.g. in a worker that will hold sessions. */
  prepareRuntimes?: RuntimeId[];
  /**
   * Source transform threads kept started (see `SourceTransformerOptions.idleThreads`); default
   * 2. Each costs about 70 ms of CPU to start.
   */
  idleTransformThreads?: number;
  /** Options of the native Python runtime (paths, rlimits), when enabled. */
  pythonNative?: Record<string, unknown>;
  /** Options of the Pyodide runtime, when enabled. */
  pyodide?: Record<string, unknown>;
  /** The interpreter's workspaces: where they live on the host and what each may hold. */
  workspaces?: {
    /** The folder holding every workspace of the interpreter (bound writable into a confined worker). */
    root: string;
    limits: ResolvedWorkspaceLimits;
    /** Most bytes of file contents a stateless run's result carries back (see `WorkspaceFileChange.data`). */
    maxReturnedBytes: number;
    /** Who new workspace entries are given to, when programs run as another user than the worker. */
    owner?: { uid: number; gid: number };
  };
}

/** The workspace of one run, as the supervisor names it. */
export interface RunWorkspaceMessage {
  /** The workspace's host folder. */
  folder: string;
  /** False for a stateless run's folder, made only if the program touches a file. */
  exists: boolean;
  /**
   * True for a stateless run: the folder is removed after the run, so the result carries the
   * contents of the files the run made (within `maxReturnedBytes`).
   */
  returnContents: boolean;
}

/** The tools of one run (and its HTTP requests, which travel as calls), as the worker is told them. */
export interface RunToolsMessage {
  /** Their names, as the code calls them. */
  names: string[];
  /** Largest input of one call as JSON, in bytes (refused in the worker beyond it). */
  maxInputBytes: number;
  /**
   * Most calls of the run: beyond one more (which the supervisor refuses and records), the
   * worker refuses calls itself, so a loop that ignores the refusal costs no messages.
   */
  maxCalls: number;
  /** Present when the run may make HTTP requests through the supervisor (its network policy). */
  network?: {
    /** Most requests of the run (the worker refuses past one more, as for `maxCalls`). */
    maxRequests: number;
    /** Largest request body, in bytes (its JSON, base64 inside, is refused in the worker past 4/3 of it plus 64 KB). */
    maxRequestBytes: number;
  };
}

/** How a shell command line ended, as the worker reports it (capped). */
export type CommandOutcome = Omit<CommandResult, 'executionTime'>;

/** Messages from the supervisor to a worker process. */
export type HostToWorkerMessage =
  | {
      kind: 'run';
      runId: number;
      runtime: RuntimeId;
      language: SupportedLanguage;
      code: string;
      timeoutMs: number;
      memoryLimitMb: number;
      maxOutputChars: number;
      stream: boolean;
      /** Set for a session's run: the sandbox with this id keeps state across runs. */
      sessionId?: string;
      /** The run's workspace (absent only when the interpreter has none configured). */
      workspace?: RunWorkspaceMessage;
      /** The tools the run's code may call (answered by the supervisor: `tool-call`). */
      tools?: RunToolsMessage;
    }
  /**
   * A shell command line over a session's workspace (see `CodeInterpreterSession.exec`), run by
   * just-bash on a thread of the worker; its `python3`/`node`/`tsx` run in fresh stateless
   * sandboxes. Answered by `exec-result` (or `run-failed`); cancelled by `cancel`.
   */
  | {
      kind: 'exec';
      runId: number;
      sessionId: string;
      command: string;
      /** Working directory, a sandbox path under `/workspace`. */
      cwd: string;
      env: Record<string, string>;
      stdin: Uint8Array;
      timeoutMs: number;
      /** The session's memory limit: of each program's sandbox, and of the shell's thread. */
      memoryLimitMb: number;
      maxOutputChars: number;
      /** True when the caller takes output chunks (sent when the command line ends). */
      stream: boolean;
      workspace: RunWorkspaceMessage;
      /** The interpreters offered as commands: which runtime runs Python, and if JS/TS run. */
      programs: { python?: RuntimeId; javascript: boolean; typescript: boolean };
      /** The session's tools and network, for the command line's programs (as a run's). */
      tools?: RunToolsMessage;
    }
  | { kind: 'cancel'; runId: number }
  /** Answers `tool-call`: the output as JSON text, or why the call failed. */
  | { kind: 'tool-result'; callId: number; ok: true; json: string }
  | { kind: 'tool-result'; callId: number; ok: false; message: string }
  /**
   * Answers `need-pyodide-snapshot`: a Pyodide memory image made by a process that never ran
   * user code (see `PyodideSnapshotSource`), or null when there is none (the worker makes its own).
   * The image's `byteLength` bytes follow on the worker's bulk channel (`workerBulkChannelFd`), not
   * in this message: the IPC channel serializes, and took 0.2–0.8 s to carry 30 MB.
   */
  | {
      kind: 'pyodide-snapshot';
      image: { byteLength: number; sparse?: SparseBootImage } | null;
    }
  /** Asks a worker that will run no user code to make a Pyodide memory snapshot and send it back. */
  | { kind: 'build-pyodide-snapshot' }
  | { kind: 'close-session'; sessionId: string }
  /**
   * The worker's sessions are all closed and none ran a program inside it: it will hold the next
   * session, and boots what a fresh session worker boots for it (`prepareRuntimes`).
   */
  | { kind: 'next-session' }
  | { kind: 'shutdown' };

/**
 * Why a worker could not run a request at all (faults in the code are outcomes, never this):
 * - `runtime-unavailable`: the runtime cannot run on this machine (no bubblewrap, no python3, no
 *   Pyodide assets); the host throws `RuntimeUnavailableError`.
 * - `sandbox`: the sandbox machinery failed (a sandbox would not boot, a worker could not start);
 *   the host throws `SandboxError`.
 */
export type WorkerRunFailure = 'runtime-unavailable' | 'sandbox';

/** Messages from a worker process to the supervisor. */
export type WorkerToHostMessage =
  | { kind: 'ready'; pid: number }
  /**
   * Sent only by a run still in progress a moment after it started (quick runs just answer);
   * `elapsedMs`: how long it has been running.
   */
  | { kind: 'started'; runId: number; elapsedMs: number }
  | ({ kind: 'output'; runId: number } & OutputChunk)
  | {
      kind: 'result';
      runId: number;
      outcome: SandboxRunOutcome;
      sessionLost?: boolean;
      /** True when the run's workspace folder was made (a stateless run's must then be removed). */
      workspaceUsed?: boolean;
    }
  /** Answers `exec`: how the command line ended (`executionTime` is the supervisor's). */
  | { kind: 'exec-result'; runId: number; outcome: CommandOutcome }
  /**
   * The run's code called a tool (`tools.<name>(input)`); the supervisor checks and executes it
   * and answers with `tool-result`. `callId` is unique in the worker.
   */
  | { kind: 'tool-call'; runId: number; callId: number; name: string; input: string }
  | { kind: 'run-failed'; runId: number; failure: WorkerRunFailure; message: string }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  /**
   * A run is still going well past its deadline although its sandbox was stopped (a V8 builtin
   * that ignores termination): only ending the process stops it.
   */
  | {
      kind: 'stuck';
      runId: number;
      /**
       * `deadline`: still running well past its deadline; `memory`: its isolate was disposed at
       * the memory limit while a builtin kept running in it (see `SandboxRunOutcome.runaway`).
       */
      reason: 'deadline' | 'memory';
    }
  /**
   * A session worker booted the sandboxes the next session most likely runs first (at start, or
   * after `next-session`): a session placed on it now does not wait for them.
   */
  | { kind: 'session-sandboxes-booted' }
  /** The worker's Pyodide runtime needs its memory snapshot (answered by `pyodide-snapshot`). */
  | { kind: 'need-pyodide-snapshot' }
  /** Answers `build-pyodide-snapshot`: the snapshot, or null and why not. */
  | { kind: 'pyodide-snapshot-built'; bytes: ArrayBuffer | null; message?: string }
  /**
   * Sent every `workerHeartbeatMs` while the worker holds runs: its main thread is free to answer.
   * A worker that holds runs and stays silent much longer is stuck and is replaced.
   */
  | { kind: 'alive' };

/** How often a worker holding runs says it is alive (see the `alive` message). */
export const workerHeartbeatMs = 250;

/**
 * The worker's file descriptor of its bulk channel: a stream socket from the supervisor, apart
 * from the IPC channel (fd 3), that carries large byte payloads raw (the Pyodide memory image).
 */
export const workerBulkChannelFd = 4;
