import type { NetworkRecord } from '../network/sandbox-http';
import type { OutputChunk } from '../result/execution-result';
import type { SandboxTools, ToolCallRecord } from '../tools/sandbox-tool';
import type { WorkspaceFileChange } from '../workspace/file-change';

/** A shell command to run over a session's workspace (see `CodeInterpreterSession.exec`). */
export interface CommandInput {
  /** A bash command line, e.g. `python3 analyse.py data.csv | head -5`. */
  command: string;
  /**
   * Working directory, under `/workspace`.
   * @default '/workspace'
   */
  cwd?: string;
  /** Environment variables the command sees (nothing of the host's environment is ever passed). */
  env?: Record<string, string>;
  /** Standard input of the command. */
  stdin?: string | Uint8Array;
  /**
   * Wall-clock limit of the whole command line, in ms (capped by the interpreter's `maxTimeoutMs`).
   * @default the interpreter's `defaultTimeoutMs`
   */
  timeoutMs?: number;
}

/** Options of one command. */
export interface CommandOptions {
  /** Aborts the command: it is stopped and `exec` rejects with `RunAbortedError`. */
  signal?: AbortSignal;
  /** Receives stdout and stderr chunks while the command runs. */
  onOutput?: (chunk: OutputChunk) => void;
  /**
   * Tools the command line's programs may call for this command only, added to the
   * interpreter's and the session's (a name given again replaces the tool): see
   * `CodeInterpreterOptions.tools`.
   * @default undefined (the session's tools only)
   */
  tools?: SandboxTools;
}

/** What a command line produced. */
export interface CommandResult {
  /** Standard output (capped like a run's; see `truncated`). */
  stdout: string;
  /** Standard error (capped). */
  stderr: string;
  /** The exit status of the command line: 0 for success; 124 when it timed out (as `timeout(1)`). */
  exitCode: number;
  /** True when output was cut to fit the output limit. */
  truncated: boolean;
  /** True when the command line was stopped at its time limit. */
  timedOut: boolean;
  /** Wall-clock time in ms. */
  executionTime: number;
  /** The workspace files the command created, modified or deleted (absent when none). */
  files?: WorkspaceFileChange[];
  /** The tool calls its programs made (present when the session has tools; see `ExecutionResult.toolCalls`). */
  toolCalls?: ToolCallRecord[];
  /** The HTTP requests its programs made (present when the session has network; see `ExecutionResult.network`). */
  network?: NetworkRecord[];
}
