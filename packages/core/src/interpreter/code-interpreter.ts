import type { ExecutionResult } from '../result/execution-result';
import type { CodeExecutionInput, SupportedLanguage } from '../schema/code-execution-schema';
import type { CommandInput, CommandOptions, CommandResult } from '../shell/command';
import type { WorkspaceFiles } from '../workspace/workspace-files';
import type { RunOptions } from './code-interpreter-options';

/** What an interpreter offers, for tool descriptions and UIs. */
export interface CodeInterpreterCapabilities {
  languages: readonly SupportedLanguage[];
  /** Which runtime runs Python, if Python is offered. */
  pythonRuntime?: 'pyodide' | 'native';
  maxTimeoutMs: number;
  defaultTimeoutMs: number;
  maxMemoryLimitMb: number;
  defaultMemoryLimitMb: number;
  maxOutputChars: number;
  /** True when Python figures (matplotlib) come back as images. */
  images: boolean;
  /**
   * What the code may reach over the network, said for a model (the hosts of the interpreter's
   * `network` policy and its limits); absent when it has no network.
   */
  network?: string;
}

/** A series of runs that share state: variables, functions and imports persist between runs. */
export interface CodeInterpreterSession {
  /** Unique id of the session. */
  readonly id: string;
  /**
   * The session's workspace: the files its programs see at `/workspace` (in every language),
   * to put input in and take results out. Usable while the session is open.
   */
  readonly files: WorkspaceFiles;
  /** Runs code with the session's state. Same result shape as `CodeInterpreter.run`. */
  run(input: CodeExecutionInput, options?: RunOptions): Promise<ExecutionResult>;
  /**
   * Runs a bash command line over the session's workspace, queued with the session's runs: a
   * virtual shell (just-bash: `ls`, `cat`, `grep`, `sed`, `awk`, `find`, pipes, redirections...)
   * whose files are the workspace at `/workspace`, and whose `python3`/`python`, `node` and
   * `tsx` run each program in a fresh sandbox (not the session's state) with the session's
   * limits. No host process is ever started. A non-zero exit is data (`exitCode`), not an error;
   * invalid input throws `InvalidInputError`, abort rejects with `RunAbortedError`.
   *
   * @example
   * ```ts
   * await session.files.write('data.csv', 'a,b
1,2
');
   * const { stdout, exitCode } = await session.exec({ command: 'wc -l data.csv && python3 -c "print(6*7)"' });
   * ```
   */
  exec(input: CommandInput, options?: CommandOptions): Promise<CommandResult>;
  /** Frees the session's sandboxes and removes its workspace. Later runs throw `InterpreterClosedError`. Idempotent. */
  close(): Promise<void>;
}

/** Runs untrusted code in sandboxes. Create with `createCodeInterpreter()`; `close()` when done. */
export interface CodeInterpreter {
  /** What this interpreter offers (languages, limits). */
  readonly capabilities: CodeInterpreterCapabilities;
  /**
   * Runs code in a fresh sandbox that sees no other run's state.
   * Faults in the code come back as `success: false`; invalid input throws `InvalidInputError`.
   */
  run(input: CodeExecutionInput, options?: RunOptions): Promise<ExecutionResult>;
  /** Starts a session whose state persists across its runs. */
  createSession(
    options?: import('./code-interpreter-options').SessionOptions,
  ): CodeInterpreterSession;
  /** Stops every worker process, isolate and timer. Idempotent. */
  close(): Promise<void>;
}
