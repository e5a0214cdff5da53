import type { NetworkRecord } from '../network/sandbox-http';
import type { SupportedLanguage } from '../schema/code-execution-schema';
import type { ToolCallRecord } from '../tools/sandbox-tool';
import type { WorkspaceFileChange } from '../workspace/file-change';

/** An image the program produced, e.g. a matplotlib figure. */
export interface ExecutionImage {
  /** IANA media type, e.g. `'image/png'`. */
  mediaType: string;
  /** The image bytes, base64-encoded. */
  data: string;
}

/**
 * The names the interpreter itself gives a run it stopped or lost: the deadline passed
 * (`TimeoutError`), the memory limit was hit (`MemoryLimitError`), the caller aborted
 * (`AbortError`), the sandbox died under the program (`SandboxCrashedError`).
 */
export type SandboxStopErrorName =
  | 'TimeoutError'
  | 'MemoryLimitError'
  | 'AbortError'
  | 'SandboxCrashedError';

/**
 * An error's name: one of {@link SandboxStopErrorName}, or the program's own exception's name
 * (`'SyntaxError'`, `'TypeError'`, `'ZeroDivisionError'`, a user-defined class...).
 */
export type ExecutionErrorName = SandboxStopErrorName | (string & {});

/** Where and why the user's program failed. */
export interface ExecutionErrorInfo {
  /** The exception's name: `'SyntaxError'`, `'TypeError'`, `'ZeroDivisionError'`, `'TimeoutError'`, ... */
  name: ExecutionErrorName;
  /** The exception's message, without the name. */
  message: string;
  /** 1-based line in the user's code where it was raised, when known. */
  line?: number;
  /** 1-based column in the user's code, when known. */
  column?: number;
  /** The stack trace or Python traceback, trimmed to the user's own code. */
  stack?: string;
}

/** How a session's state (variables, functions, imports) was lost; see `ExecutionResult.sessionReset`. */
export interface SessionReset {
  /**
   * `'this-run'`: this run ended the state (it was stopped at a limit, or its sandbox crashed);
   * the next run starts fresh. `'before-this-run'`: the state was already gone when this run
   * started (the process holding the session ended while it was idle, e.g. another program
   * sharing that process crashed it, or the system killed it), so this run ran in a fresh sandbox
   * and anything it expected from earlier runs is missing.
   */
  when: 'this-run' | 'before-this-run';
  /** What happened, in words a model can act on (also in `formatResultForModel`'s text). */
  message: string;
}

/**
 * What one run of a program produced: what a person would see in a notebook cell.
 * A fault in the user's code is data here (`success: false`), never a thrown error.
 */
export interface ExecutionResult {
  /** True when the program ran to completion without an uncaught error, timeout or limit. */
  success: boolean;
  /** What the model should read: stdout, then stderr, then the rendered last value (seed field). */
  output?: string;
  /** One-line description of the failure (seed field), e.g. `"TypeError: x is not a function (line 3)"`. */
  error?: string;
  /** Wall-clock time of the run in milliseconds, measured by the interpreter. */
  executionTime: number;
  /** The language that ran. */
  language: SupportedLanguage;
  /** Memory the sandbox used at the end of the run, in megabytes, when measurable. */
  memoryUsed?: number;
  /** Everything printed to standard output (capped; see `truncated`). */
  stdout: string;
  /** Everything printed to standard error (capped; see `truncated`). */
  stderr: string;
  /** The rendered value of the last expression, REPL-style (`[ 1, 2 ]`, `'text'`, `{'a': 1}`), if any. */
  value?: string;
  /** Structured details of the failure, when `success` is false. */
  errorInfo?: ExecutionErrorInfo;
  /** True when the run was stopped by its time limit. */
  timedOut: boolean;
  /** True when output was cut to fit the output limit (head and tail are kept). */
  truncated: boolean;
  /** Images the program produced (PNG figures), in order. */
  images: ExecutionImage[];
  /**
   * The workspace files the run created, modified or deleted, in path order (absent when none).
   * A stateless run's come with their contents (`data`), since its workspace is gone after it.
   * Files written before a run timed out or crashed its sandbox are kept and listed too.
   */
  files?: WorkspaceFileChange[];
  /**
   * Every tool call the program made (code mode), in the order they ended: present when the run
   * had tools (see `CodeInterpreterOptions.tools`), empty when it called none.
   */
  toolCalls?: ToolCallRecord[];
  /**
   * Every HTTP request the program made through the host, one entry per hop (a redirected request
   * leaves one per redirect), refused ones included with why: present when the run had a network
   * policy, so an application can audit what a model's code contacted.
   */
  network?: NetworkRecord[];
  /** Set on a session's run when the session's state was lost (see {@link SessionReset}). */
  sessionReset?: SessionReset;
  /** The wall-clock limit the run had, in ms (the caller's `timeout` or the default). */
  timeoutMs?: number;
  /** The memory limit the run had, in MB. */
  memoryLimitMb?: number;
}

/** A chunk of output streamed while a program runs. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}
