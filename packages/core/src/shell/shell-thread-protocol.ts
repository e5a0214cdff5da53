import type { ResolvedWorkspaceLimits } from '../workspace/workspace-limits';
import type { ShellProgram } from './program-commands';
import type { ShellProgramOutcome } from './program-exit';

/** One command line, as the worker hands it to a shell thread. */
export interface ShellThreadRequest {
  command: string;
  /** Working directory, a sandbox path under `/workspace`. */
  cwd: string;
  env: Record<string, string>;
  /** Standard input, one character per byte (latin1). */
  stdin: string;
  /** Time left for the whole command line, in ms. */
  timeoutMs: number;
  /** The workspace's host folder, limits, and who the entries it makes are given to. */
  workspace: {
    folder: string;
    limits: ResolvedWorkspaceLimits;
    owner?: { uid: number; gid: number };
  };
  /** The interpreters offered as commands (see `ProgramCommandsOptions`). */
  programs: { python?: 'pyodide' | 'native'; javascript: boolean; typescript: boolean };
}

/** How the shell ended a command line. */
export interface ShellThreadResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Messages from the worker's main thread to a shell thread. */
export type ToShellThread =
  | { kind: 'exec'; request: ShellThreadRequest }
  | { kind: 'abort' }
  /** Answers `program`. */
  | { kind: 'program-done'; id: number; outcome: ShellProgramOutcome };

/** Messages from a shell thread to the worker's main thread. */
export type FromShellThread =
  /** Asks for a program to run in a fresh sandbox (answered by `program-done`). */
  | { kind: 'program'; id: number; program: ShellProgram }
  | { kind: 'done'; result: ShellThreadResult };
