import type { NetworkPolicyOption } from '../network/network-policy';
import type { OutputChunk } from '../result/execution-result';
import type { SupportedLanguage } from '../schema/code-execution-schema';
import type { SandboxToolLimits, SandboxTools } from '../tools/sandbox-tool';
import type { WorkspaceFileData } from '../workspace/workspace-files';
import type { WorkspaceOptions } from '../workspace/workspace-options';

/** Options of the native Python runtime (the machine's `python3` under bubblewrap, Linux only). */
export interface NativePythonOptions {
  /**
   * Path of the Python interpreter to run inside the sandbox.
   * @default '/usr/bin/python3'
   */
  pythonPath?: string;
  /**
   * Path of the bubblewrap binary.
   * @default 'bwrap' (looked up on PATH)
   */
  bwrapPath?: string;
  /**
   * Most processes and threads the sandboxed program may have at once.
   * @default 64
   */
  maxProcesses?: number;
  /**
   * Largest file the program may write in its private temporary folder, in MB.
   * @default 64
   */
  maxFileSizeMb?: number;
  /**
   * Size of the program's private writable /tmp, in MB (a tmpfs).
   * @default 64
   */
  tmpSizeMb?: number;
}

/** Options of {@link createCodeInterpreter}. Every limit caps what a caller (the model) may ask for. */
export interface CodeInterpreterOptions {
  /**
   * Languages callers may use. A run in another language gets a clear error.
   * @default ['javascript', 'typescript', 'python']
   */
  languages?: readonly SupportedLanguage[];
  /**
   * Which runtime runs Python: `'pyodide'` (CPython in WebAssembly inside a V8 isolate; works
   * everywhere, standard library only) or `'native'` (the machine's python3 under bubblewrap;
   * Linux only, native speed and the machine's packages such as numpy, pandas, matplotlib).
   * @default 'pyodide'
   */
  python?: 'pyodide' | 'native';
  /** Settings of the native Python runtime, used when `python` is `'native'`. */
  pythonNative?: NativePythonOptions;
  /**
   * Most milliseconds a run may take, whatever the caller asks for.
   * @default 30000
   */
  maxTimeoutMs?: number;
  /**
   * Time limit of a run whose input gives none, in ms (capped by `maxTimeoutMs`).
   * @default 30000
   */
  defaultTimeoutMs?: number;
  /**
   * Most megabytes of memory a run may use, whatever the caller asks for.
   * @default 512
   */
  maxMemoryLimitMb?: number;
  /**
   * Memory limit of a run whose input gives none, in MB (capped by `maxMemoryLimitMb`).
   * @default 128
   */
  defaultMemoryLimitMb?: number;
  /**
   * Most characters kept of each of stdout and stderr per run. Beyond it the first and last
   * halves are kept and a note says how much was cut.
   * @default 100000
   */
  maxOutputChars?: number;
  /**
   * Number of sandbox worker processes for stateless runs; runs are spread across them. Sessions
   * run in worker processes of their own (see `sessionsPerWorker`).
   * @default Math.min(4, os.availableParallelism())
   */
  workers?: number;
  /**
   * How many sessions may share one worker process. Sessions never share a process with
   * stateless runs. With 1, each session has a process of its own, so nothing another caller's
   * program does (even crashing its process) can end it; a larger number saves memory (about
   * 60–80 MB per JavaScript session process) at the cost of that guarantee: a program that crashes
   * its process ends the sessions sharing it, and each says so at its next run (`sessionReset`).
   * @default 1
   */
  sessionsPerWorker?: number;
  /**
   * Stateless sandboxes each worker keeps ready, per runtime, so a run does not wait for a boot.
   * While runs come faster than boots (a run found none ready), a worker keeps more booted ahead
   * for JavaScript and native Python: one more per such run, up to twice this number (at least
   * two more), back to this number 5 s after the last run that found none ready. Pyodide
   * sandboxes (about 40 MB each, CPU-bound boots) stay at this number. 0: none kept ready.
   * @default { javascript: 2, python: 1 }
   */
  warmSandboxes?: { javascript?: number; python?: number };
  /**
   * How the worker processes themselves are confined, beneath the isolates: `'auto'` runs them
   * under bubblewrap where it is installed and works (Linux: no network, a read-only view of only
   * the folders they need, a private /tmp), else as plain child processes; `'bubblewrap'`
   * demands it (throws `RuntimeUnavailableError` when it cannot be had); `'none'` never uses it.
   * With `python: 'native'`, `'auto'` leaves workers unconfined: each Python program runs in its
   * own bubblewrap box with a seccomp filter, and bubblewrap boxes do not nest.
   * @default 'auto'
   */
  workerIsolation?: 'auto' | 'bubblewrap' | 'none';
  /**
   * Where workspaces live and what each may hold. Every session has one file tree at
   * `/workspace`, shared by its languages and reachable with `session.files`; a stateless run
   * gets an empty private one (or `RunOptions.files`), removed when it ends.
   * @default { root: os.tmpdir(), maxBytes: 256 MB, maxFiles: 10000, maxFileBytes: 64 MB, maxDepth: 32, maxReturnedBytes: 10 MB }
   */
  workspace?: WorkspaceOptions;
  /**
   * The application's tools every run's code may call (code mode): `await tools.name(input)` in
   * JavaScript/TypeScript, `await tools.name(**input)` or `tools.name.sync(**input)` in Python.
   * Each call is checked against the tool's `inputSchema` and executed here, in the
   * application's process; values cross as JSON. A session's and a run's own `tools` are added
   * to these (a name given again replaces the tool). Every call is in the result's `toolCalls`.
   * Describe them to the model with `describeSandboxTools`.
   * @default {} (no tools)
   */
  tools?: SandboxTools;
  /**
   * The network sandboxed code may reach, through this process (`fetch` in JavaScript;
   * `urllib.request`, `http.client` and `pyodide.http.pyfetch` in Python): hosts to `allow` and
   * `deny` (`'api.github.com'`, `'*.example.org'`, `'example.com:8443'`, IPs and CIDRs),
   * `secrets` (headers the host adds to requests to a host, which the code never sees), and
   * limits per run. Names are resolved here and loopback, private, link-local and cloud metadata
   * addresses are refused unless allowed by IP; every redirect is checked again. Every request is
   * in the result's `network`. Also accepts the AI SDK's `{ mode, allowedHosts, allowedCIDRs,
   * deniedCIDRs }`. A session's or a run's own `network` can only narrow this one.
   * @default undefined (no network)
   */
  network?: NetworkPolicyOption;
  /**
   * Bounds on each run's tool calls.
   * @default { maxCalls: 1000, maxConcurrent: 16, maxInputBytes: 1 MB, maxOutputBytes: 4 MB }
   */
  toolLimits?: SandboxToolLimits;
  /**
   * Start the worker processes and warm sandboxes right away instead of at the first run.
   * @default false
   */
  prewarm?: boolean;
  /**
   * Receives the interpreter's own diagnostics (worker restarts, crashes). Never user output.
   * @default undefined (silent)
   */
  onLog?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

/** Options of one run. */
export interface RunOptions {
  /** Aborts the run: the sandbox is stopped and discarded, and `run` rejects with `RunAbortedError`. */
  signal?: AbortSignal;
  /** Receives stdout and stderr chunks while the program runs. */
  onOutput?: (chunk: OutputChunk) => void;
  /**
   * Files to put in the workspace before the program runs, by path (relative to `/workspace`
   * or absolute under it): text is written as UTF-8. A stateless run starts with only these; a
   * session's run adds them to (or replaces them in) the session's workspace. A file over a
   * limit is refused whole: the run throws `WorkspaceError` and does not start.
   */
  files?: Record<string, WorkspaceFileData>;
  /**
   * Tools this run's code may call, added to the interpreter's and the session's (a name given
   * again replaces the tool): see `CodeInterpreterOptions.tools`.
   */
  tools?: SandboxTools;
  /**
   * Narrows the interpreter's `network` for this run (a request must pass both); refused when
   * the interpreter has none.
   */
  network?: NetworkPolicyOption;
}

/** Options of a session. */
export interface SessionOptions {
  /**
   * Memory limit of the session's sandboxes in MB (capped by the interpreter's `maxMemoryLimitMb`).
   * Fixed for the session's life; a run's own `memoryLimit` cannot raise it.
   * @default the interpreter's `defaultMemoryLimitMb`
   */
  memoryLimitMb?: number;
  /**
   * Tools every run of the session may call, added to the interpreter's (a name given again
   * replaces the tool): see `CodeInterpreterOptions.tools`.
   */
  tools?: SandboxTools;
  /**
   * Narrows the interpreter's `network` for every run of the session (a request must pass both);
   * refused when the interpreter has none.
   */
  network?: NetworkPolicyOption;
}
