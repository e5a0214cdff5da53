import { type ChildProcess, spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { escapeControlCharacters } from '../display/escape-control-characters';
import { SandboxError } from '../errors/sandbox-error';
import { coreDistFile } from '../package-files';
import { capText } from '../result/cap-text';
import type { OutputChunk } from '../result/execution-result';
import { removeCgroupsOf } from '../runtimes/python/native/cgroup-support';
import type { PyodideMemoryImage } from '../runtimes/python/pyodide/pyodide-memory-image';
import type { SandboxRunOutcome } from '../runtimes/sandbox-runtime';
import type { ToolAnswer } from '../tools/sandbox-tool-bridge';
import { type WorkerIsolation, workerLaunch } from './worker-launch';
import {
  type CommandOutcome,
  type HostToWorkerMessage,
  type WorkerRunFailure,
  type WorkerSettings,
  type WorkerToHostMessage,
  workerBulkChannelFd,
} from './worker-protocol';

type RunRequest = Omit<Extract<HostToWorkerMessage, { kind: 'run' }>, 'kind' | 'runId'>;
type ExecRequest = Omit<Extract<HostToWorkerMessage, { kind: 'exec' }>, 'kind' | 'runId'>;

/** How a run sent to a worker ended, as the supervisor saw it. */
export type WorkerRunResult =
  | {
      kind: 'outcome';
      outcome: SandboxRunOutcome;
      sessionLost: boolean;
      /** True when the run's workspace folder was made (see the `result` message). */
      workspaceUsed?: boolean;
    }
  | { kind: 'failed'; failure: WorkerRunFailure; message: string }
  | {
      kind: 'crashed';
      message: string;
      /**
       * True when the process died of its own accord (a V8 abort or another fatal signal from
       * inside), so some program it ran killed it; false when it was killed from outside
       * (SIGKILL: an operator, the kernel's OOM killer, the supervisor's watchdog).
       */
      selfInflicted: boolean;
      /**
       * True when the program that brought the process down is known and is not this run: the
       * supervisor killed the process because another run overran its deadline. This run is
       * innocent and can simply run again elsewhere.
       */
      culpritElsewhere?: boolean;
    };

/** How a shell command line sent to a worker ended, as the supervisor saw it. */
export type WorkerExecResult =
  | { kind: 'command'; outcome: CommandOutcome }
  | Extract<WorkerRunResult, { kind: 'failed' | 'crashed' }>;

interface PendingRun {
  resolve: (result: WorkerRunResult | WorkerExecResult) => void;
  /** True for a shell command line (`exec`), false for a program run. */
  command: boolean;
  onOutput: ((chunk: OutputChunk) => void) | undefined;
  /** Hard deadline: if the worker has not answered by then, it is killed. */
  watchdog: NodeJS.Timeout;
  timeoutMs: number;
  /** Answers the run's tool calls (absent: the run has no tools). */
  onToolCall: ToolCallHandler | undefined;
}

/** Answers one tool call of a run (see `ToolRunBroker.handle`); never rejects. */
export type ToolCallHandler = (name: string, inputJson: string) => Promise<ToolAnswer>;

/** Most characters of one chunk of a worker's stderr passed to `onLog`. */
const workerStderrChars = 4_000;
/** Time a worker gets past a run's own deadline before the supervisor kills the whole process. */
const workerGraceMs = 2_000;
/**
 * How long a worker with a stuck run keeps answering its other runs before it is killed: quick
 * runs finish instead of being run again, and the stuck run's CPU is not burned for long.
 */
const retireGraceMs = 250;
/**
 * A worker holding runs that sends nothing (not even its `alive` heartbeat) for this long has a
 * blocked main thread: nothing it holds can finish, so it is killed and its runs are told.
 */
const stalledAfterMs = 5_000;
/** Time a worker gets to find or boot a sandbox for a run (a Pyodide boot under load is slow). */
const sandboxBootGraceMs = 120_000;
/**
 * glibc's `M_MMAP_THRESHOLD` for worker processes: a block this large or larger is its own
 * mapping, given back to the system when freed. Left dynamic (the default), the threshold rises to
 * the largest block freed (up to 32 MB), so every Pyodide boot's 15 MB snapshot copy and 2.5 MB
 * standard library came from the malloc arena of whichever isolate thread booted it and stayed
 * there once freed: ~16 arenas a worker, each keeping its peak. Measured for issue 17 (2 workers,
 * 16 callers for 5 s, 3 runs each): sandbox processes held 1,374-1,409 MB after the burst (254
 * before it) and gave none back; with this, 670-710 MB. A warm Pyodide sandbox: 44.7-48.8 MB ->
 * 38.2-40.9 MB. The cost is fresh pages for each boot's snapshot copy: 16 callers 16.2-16.6 ->
 * 14.8-16.0 runs/s. JavaScript runs did not change (their allocations are far smaller).
 */
const workerMallocMmapThresholdBytes = 1024 * 1024;

let nextRunId = 1;

/**
 * Pyodide needs WebAssembly JavaScript-promise integration (stack switching), which V8 has on by
 * default from Node 24; Node 22's V8 has it behind a flag.
 */
function nodeFlagsForPyodide(): string[] {
  return Number(process.versions.node.split('.')[0]) < 24 ? ['--experimental-wasm-jspi'] : [];
}

/**
 * Supervises one sandbox worker process: starts it, sends it runs, and turns its death (e.g. V8
 * aborting the process on an out-of-memory path) into clean results for the runs it held.
 * Idle workers do not keep the application's event loop alive.
 */
export class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, PendingRun>();
  private readonly ready: Promise<void>;
  private exited = false;
  /** True once the worker said it is ready for runs. */
  private readySeen = false;
  /** See `hasSessionSandboxesBooted`. */
  private sessionSandboxesBooted = false;
  /** See `wasPreparedForNextSession`. */
  private preparedForNextSession = false;
  /** The run whose overrun made the supervisor kill this worker, if that is why it died. */
  private overran: number | undefined;
  /** True when the supervisor killed this worker because it stopped answering (see `stalledAfterMs`). */
  private stalled = false;
  /**
   * True once a run was reported stuck: the worker takes no new runs, and is killed as soon as
   * its other runs are answered or `retireGraceMs` passed (see `retire`).
   */
  private retiring = false;
  /** When the worker last sent anything (`performance.now()`). */
  private lastHeard = 0;
  /** Checks, while runs are held, that the worker still answers. */
  private stallCheck: NodeJS.Timeout | undefined;
  /** Runs waiting for the worker to be ready (they hold the event loop open too). */
  private starting = 0;
  private exitDescription = '';
  readonly sessions = new Set<string>();
  /**
   * True once a program ran inside this process: JavaScript, TypeScript or Pyodide (isolates of
   * this process) or a shell command line (a thread of it). Native Python runs in boxes of its own.
   */
  private programsRanInside = false;
  /** True when the worker runs under bubblewrap (no network, read-only view, private /tmp). */
  readonly confined: boolean;

  constructor(
    settings: WorkerSettings,
    isolation: WorkerIsolation,
    private readonly onLog: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void,
    private readonly onExit: (worker: WorkerProcess) => void,
    /** Answers the worker's request for a Pyodide memory snapshot (see `PyodideSnapshotSource`). */
    private readonly pyodideSnapshot?: () => Promise<PyodideMemoryImage | undefined>,
  ) {
    const launch = workerLaunch(
      isolation,
      [
        '--disable-warning=ExperimentalWarning',
        // Backstop for WebAssembly memory, which isolates do not count: no wasm memory in a worker
        // may exceed 512 MB (the largest memory limit a run can have).
        '--wasm-max-mem-pages=8192',
        // V8 lets a new heap grow to about 34 MB before its first full collection; every
        // JavaScript sandbox context leaves ~0.36 MB, so a worker's first ~300 stateless runs
        // touched ~60 MB of fresh memory (~120 page faults a run, ~14 µs each on a VM). Starting
        // the old generation small makes that first collection come early and the pages get
        // reused. Measured for issue 17 (2 cores, fresh interpreter, back to back, 5 runs each):
        // runs 51-350 p50 1.63 ms instead of 2.23, runs 700-1000 1.15 instead of 1.33, worker
        // RSS 160 MB instead of 224. A limit still applies as set. Pyodide isolates, made one per
        // sandbox and tens of MB each, start at 32 instead (see pyodide-heap-start.ts).
        '--initial-old-space-size=8',
        ...nodeFlagsForPyodide(),
        coreDistFile('sandbox-worker.js'),
      ],
      settings.workspaces ? [settings.workspaces.root] : [],
    );
    this.confined = launch.confined;
    this.child = spawn(launch.command, launch.args, {
      ...(launch.uid !== undefined ? { uid: launch.uid, gid: launch.gid } : {}),
      serialization: 'advanced',
      // fd 3: the IPC channel; fd 4: the bulk channel (`workerBulkChannelFd`).
      stdio: ['ignore', 'ignore', 'pipe', 'ipc', 'pipe'],
      // The worker needs no secrets of the application: it gets a minimal environment.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        // Dates in sandboxes are UTC, whatever the host's time zone (which they do not learn).
        TZ: 'UTC',
        // Large freed blocks go back to the system (see workerMallocMmapThresholdBytes).
        MALLOC_MMAP_THRESHOLD_: String(workerMallocMmapThresholdBytes),
        CODE_INTERPRETER_WORKER_SETTINGS: JSON.stringify(settings),
        ...(process.env.CODE_INTERPRETER_DEBUG
          ? { CODE_INTERPRETER_DEBUG: process.env.CODE_INTERPRETER_DEBUG }
          : {}),
        // Tests only: native Python sandboxes forked from a zygote (1, the default) or not (0).
        ...(process.env.CODE_INTERPRETER_TEST_NATIVE_ZYGOTE
          ? { CODE_INTERPRETER_TEST_NATIVE_ZYGOTE: process.env.CODE_INTERPRETER_TEST_NATIVE_ZYGOTE }
          : {}),
      },
    });
    // A worker that exits mid-transfer breaks the pipe: its exit is handled below.
    this.bulkChannel?.on('error', () => {});
    this.child.stderr?.setEncoding('utf8');
    // What a worker prints on stderr (a V8 crash report, a warning) may quote sandbox text: it is
    // cut and its control characters escaped before it reaches the application's logs.
    // Until it is ready, the worker's own words on what went wrong are kept for the error.
    let startErrors = '';
    this.child.stderr?.on('data', (text: string) => {
      const shown = escapeControlCharacters(capText(text.trimEnd(), workerStderrChars).text);
      if (!this.readySeen) startErrors = `${startErrors}\n${shown}`.slice(-workerStderrChars);
      this.onLog('warn', `[worker ${this.child.pid}] ${shown}`);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const onFirst = (message: WorkerToHostMessage) => {
        if (message.kind === 'ready') {
          this.readySeen = true;
          this.child.off('message', onFirst);
          resolve();
        }
      };
      this.child.on('message', onFirst);
      this.child.once('exit', (code, signal) => {
        // Its last words (the stderr pipe may still hold them) name the cause, e.g. a native
        // module with no build for this Node.
        setImmediate(() => {
          const said = startErrors.trim().split('\n').slice(-6).join('\n');
          reject(
            new SandboxError({
              message: `The sandbox worker process exited during start (${signal ? `killed by ${signal}` : `exit code ${code}`})${said ? `: ${said}` : '; see onLog for its error output.'}`,
            }),
          );
        });
      });
      this.child.once('error', (error) =>
        reject(
          new SandboxError({
            message: `The sandbox worker process could not start: ${error.message}`,
            cause: error,
          }),
        ),
      );
    });
    this.ready.catch(() => {});
    this.child.on('message', (message: WorkerToHostMessage) => this.receive(message));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      clearInterval(this.stallCheck);
      this.exitDescription = signal ? `killed by ${signal}` : `exit code ${code}`;
      // Under bubblewrap a signal death of the worker shows as exit code 128 + signal number.
      // A kill by our own watchdog was caused by a program too: the one that overran.
      const selfInflicted =
        this.overran !== undefined ||
        this.stalled ||
        (signal ? signal !== 'SIGKILL' : code !== null && code > 128 && code !== 137);
      for (const [runId, run] of this.pending) {
        clearTimeout(run.watchdog);
        if (runId === this.overran && run.command) {
          run.resolve({
            kind: 'command',
            outcome: {
              stdout: '',
              stderr: `The command line did not stop at its deadline (${run.timeoutMs} ms), so its sandbox process was killed.\n`,
              exitCode: 124,
              truncated: false,
              timedOut: true,
            },
          });
          this.pending.delete(runId);
          continue;
        }
        if (runId === this.overran) {
          // Some V8 builtins (fill, sort, flat... on arrays with a length near 2^30) do not
          // check for termination: the program was stopped by killing its worker.
          run.resolve({
            kind: 'outcome',
            sessionLost: true,
            outcome: {
              stdout: '',
              stderr: '',
              timedOut: true,
              truncated: false,
              images: [],
              reusable: false,
              error: {
                name: 'TimeoutError',
                message: `Execution timed out after ${run.timeoutMs} ms: the program did not stop at its deadline, so its sandbox process was killed.`,
              },
            },
          });
          this.pending.delete(runId);
          continue;
        }
        run.resolve({
          kind: 'crashed',
          selfInflicted,
          ...(this.overran !== undefined ? { culpritElsewhere: true } : {}),
          message: this.stalled
            ? `The sandbox process stopped answering for ${stalledAfterMs / 1000} s (a program blocked it), so it was stopped while running this program. Its state was lost.`
            : `The sandbox process stopped (${this.exitDescription}) while running the program, usually because the program exhausted memory or was killed. Its state was lost.`,
        });
        this.pending.delete(runId);
      }
      this.onExit(this);
    });
    this.updateRef();
  }

  /** How the process ended (`'exit code 1'`, `'killed by SIGKILL'`), once it has. */
  get exitReason(): string {
    if (this.stalled) return 'stopped answering';
    if (this.retiring) return 'stopped: a program in it could not be stopped any other way';
    return this.exitDescription;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Runs sent or about to be sent to this worker. */
  get load(): number {
    return this.pending.size + this.starting;
  }

  /** True once the worker process started and said it is ready for runs. */
  get isReady(): boolean {
    return this.readySeen && this.alive;
  }

  /** False once the process exited, or once it is being retired because a run got stuck. */
  get alive(): boolean {
    return !this.exited && !this.retiring;
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Sends a run; resolves when it ends, however it ends. Never rejects. */
  run(
    request: RunRequest,
    onOutput?: (chunk: OutputChunk) => void,
    signal?: AbortSignal,
    onToolCall?: ToolCallHandler,
  ): Promise<WorkerRunResult> {
    return this.dispatch(
      { kind: 'run', ...request },
      onOutput,
      signal,
      onToolCall,
    ) as Promise<WorkerRunResult>;
  }

  /**
   * Sends a shell command line over a session's workspace (see `CodeInterpreterSession.exec`);
   * resolves when it ends, however it ends. Never rejects.
   */
  exec(
    request: ExecRequest,
    onOutput?: (chunk: OutputChunk) => void,
    signal?: AbortSignal,
    onToolCall?: ToolCallHandler,
  ): Promise<WorkerExecResult> {
    return this.dispatch(
      { kind: 'exec', ...request },
      onOutput,
      signal,
      onToolCall,
    ) as Promise<WorkerExecResult>;
  }

  private async dispatch(
    request: ({ kind: 'run' } & RunRequest) | ({ kind: 'exec' } & ExecRequest),
    onOutput: ((chunk: OutputChunk) => void) | undefined,
    signal: AbortSignal | undefined,
    onToolCall?: ToolCallHandler,
  ): Promise<WorkerRunResult | WorkerExecResult> {
    this.starting++;
    this.updateRef();
    try {
      await this.ready;
    } catch (error) {
      return {
        kind: 'failed',
        failure: 'sandbox',
        message: (error as Error).message,
      };
    } finally {
      this.starting--;
    }
    if (this.exited) {
      return {
        kind: 'crashed',
        message: `The sandbox process is gone (${this.exitDescription}).`,
        selfInflicted: false,
      };
    }
    const runId = nextRunId++;
    if (request.kind === 'exec' || request.runtime !== 'python-native') {
      this.programsRanInside = true;
    }
    if (this.pending.size === 0) this.watchForStall();
    return new Promise<WorkerRunResult | WorkerExecResult>((resolve) => {
      // Until the worker says the run started (only runs that last say so), allow for finding
      // or booting its sandbox; a quick run answers before this matters.
      const watchdog = this.watchdog(runId, request.timeoutMs + sandboxBootGraceMs);
      const onAbort = () => this.send({ kind: 'cancel', runId });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(runId, {
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
        command: request.kind === 'exec',
        onOutput,
        watchdog,
        timeoutMs: request.timeoutMs,
        onToolCall,
      });
      this.updateRef();
      this.send({ ...request, runId });
    });
  }

  /**
   * Has this worker make a Pyodide memory snapshot and send it back; null when it could not. The
   * worker must be one that runs no user code (see `PyodideSnapshotSource`).
   */
  async buildPyodideSnapshot(): Promise<ArrayBuffer | null> {
    try {
      await this.ready;
    } catch {
      return null;
    }
    return new Promise<ArrayBuffer | null>((resolve) => {
      const onMessage = (message: WorkerToHostMessage) => {
        if (message.kind !== 'pyodide-snapshot-built') return;
        done(message.bytes);
        if (!message.bytes && message.message) {
          this.onLog('warn', `Could not make the Pyodide snapshot: ${message.message}`);
        }
      };
      const onExit = () => done(null);
      const done = (bytes: ArrayBuffer | null) => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(bytes);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.send({ kind: 'build-pyodide-snapshot' });
    });
  }

  /** Whether a program ran inside this process (see `programsRanInside`). */
  get ranProgramsInside(): boolean {
    return this.programsRanInside;
  }

  /**
   * Has a session worker whose sessions are all closed boot again what a fresh one boots for its
   * first session (see `SessionWorkerPool.release`).
   */
  prepareForNextSession(): void {
    this.sessionSandboxesBooted = false;
    this.preparedForNextSession = true;
    this.send({ kind: 'next-session' });
  }

  /**
   * True once this worker's sessions all closed and it began booting a next session's sandboxes
   * again (see `prepareForNextSession`): a box fork or two, not a process's start.
   */
  get wasPreparedForNextSession(): boolean {
    return this.preparedForNextSession;
  }

  /**
   * True once the worker said it booted the sandboxes the next session most likely runs first,
   * and not since asked to boot them again (see `prepareForNextSession`). A placement hint.
   */
  get hasSessionSandboxesBooted(): boolean {
    return this.sessionSandboxesBooted && this.alive;
  }

  closeSession(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.send({ kind: 'close-session', sessionId });
  }

  /** Asks the worker to free everything and exit; kills it if it does not within `graceMs`. */
  async shutdown(graceMs = 2_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.ref();
    this.send({ kind: 'shutdown' });
    const timer = setTimeout(() => this.kill(), graceMs);
    await exited;
    clearTimeout(timer);
    // A worker exits 300 ms after it is asked to (or is killed) whether or not it removed its
    // native Python boxes' cgroups; its boxes die with it, and their cgroups are removed here
    // once they are empty.
    if (this.child.pid !== undefined) await removeCgroupsOf(this.child.pid);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private send(message: HostToWorkerMessage): void {
    if (this.exited || !this.child.connected) return;
    this.child.send(message);
  }

  /** Kills the worker if run `runId` is still unanswered after `ms`. */
  private watchdog(runId: number, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      this.overran = runId;
      this.onLog(
        'error',
        `Worker ${this.child.pid} did not answer run ${runId} in time; killing it.`,
      );
      this.kill();
    }, ms);
  }

  /**
   * Ends this worker because run `runId` cannot be stopped otherwise: no new run comes to it
   * (`alive` is false), its other runs get `retireGraceMs` to finish, then it is killed; the
   * stuck run ends as a timeout, and the runs still in it are run again elsewhere.
   */
  private retire(runId: number, reason: 'deadline' | 'memory'): void {
    if (this.retiring || this.exited || !this.pending.has(runId)) return;
    this.retiring = true;
    this.overran = runId;
    this.onLog(
      'warn',
      reason === 'deadline'
        ? `Worker ${this.child.pid}: run ${runId} ignores its deadline; retiring the worker.`
        : `Worker ${this.child.pid}: run ${runId} outran its memory limit in code that cannot be stopped; retiring the worker.`,
    );
    const killAt = performance.now() + retireGraceMs;
    const check = setInterval(() => {
      const others = [...this.pending.keys()].some((id) => id !== runId);
      if (!others || performance.now() >= killAt) {
        clearInterval(check);
        this.kill();
      }
    }, 10);
  }

  /**
   * Starts checking that the worker answers while it holds runs: quiet for `stalledAfterMs` with
   * runs in flight means its main thread is blocked, and the worker is killed.
   */
  private watchForStall(): void {
    this.lastHeard = performance.now();
    if (this.stallCheck) return;
    this.stallCheck = setInterval(() => {
      if (this.pending.size === 0) {
        clearInterval(this.stallCheck);
        this.stallCheck = undefined;
        return;
      }
      if (performance.now() - this.lastHeard < stalledAfterMs) return;
      this.stalled = true;
      this.onLog(
        'error',
        `Worker ${this.child.pid} sent nothing for ${stalledAfterMs} ms while holding ${this.pending.size} run(s); killing it.`,
      );
      this.kill();
    }, stalledAfterMs / 5);
    this.stallCheck.unref();
  }

  private receive(message: WorkerToHostMessage): void {
    this.lastHeard = performance.now();
    switch (message.kind) {
      case 'started': {
        const run = this.pending.get(message.runId);
        if (run) {
          clearTimeout(run.watchdog);
          run.watchdog = this.watchdog(
            message.runId,
            Math.max(0, run.timeoutMs - message.elapsedMs) + workerGraceMs,
          );
        }
        break;
      }
      case 'output':
        this.pending.get(message.runId)?.onOutput?.({ stream: message.stream, text: message.text });
        break;
      case 'result':
        this.settle(message.runId, {
          kind: 'outcome',
          outcome: message.outcome,
          sessionLost: message.sessionLost ?? false,
          ...(message.workspaceUsed ? { workspaceUsed: true } : {}),
        });
        break;
      case 'exec-result':
        this.settle(message.runId, { kind: 'command', outcome: message.outcome });
        break;
      case 'tool-call':
        this.answerToolCall(message.runId, message.callId, message.name, message.input);
        break;
      case 'run-failed':
        this.settle(message.runId, {
          kind: 'failed',
          failure: message.failure,
          message: message.message,
        });
        break;
      case 'log':
        this.onLog(message.level, `[worker ${this.child.pid}] ${message.message}`);
        break;
      case 'stuck':
        this.retire(message.runId, message.reason);
        break;
      case 'need-pyodide-snapshot':
        void this.sendPyodideSnapshot();
        break;
      case 'session-sandboxes-booted':
        this.sessionSandboxesBooted = true;
        break;
      case 'ready':
      case 'alive':
      case 'pyodide-snapshot-built':
        break;
    }
  }

  /**
   * Answers `need-pyodide-snapshot`: announces the image on the IPC channel, then writes its bytes
   * raw on the bulk channel, where the worker reads exactly as many.
   */
  private async sendPyodideSnapshot(): Promise<void> {
    const image = await this.pyodideSnapshot?.().catch(() => undefined);
    const channel = this.bulkChannel;
    if (!image || !channel || this.exited) {
      this.send({ kind: 'pyodide-snapshot', image: null });
      return;
    }
    this.send({
      kind: 'pyodide-snapshot',
      image: {
        byteLength: image.bytes.byteLength,
        ...(image.sparse ? { sparse: image.sparse } : {}),
      },
    });
    // A view, not a copy: the source keeps the image, unchanged, for the interpreter's life.
    channel.write(new Uint8Array(image.bytes));
  }

  /** The supervisor's end of the worker's bulk channel (see `workerBulkChannelFd`). */
  private get bulkChannel(): Writable | undefined {
    return (this.child.stdio[workerBulkChannelFd] as Writable | null) ?? undefined;
  }

  /** Has the run's handler answer a tool call, and sends the answer while the run is in flight. */
  private answerToolCall(runId: number, callId: number, name: unknown, input: unknown): void {
    const run = this.pending.get(runId);
    const answering: Promise<ToolAnswer> =
      run?.onToolCall && typeof name === 'string' && typeof input === 'string'
        ? run.onToolCall(name, input)
        : Promise.resolve({ ok: false, message: 'This run has no tools.' });
    void answering.then((answer) => {
      if (this.exited || this.pending.get(runId) !== run) return;
      this.send(
        answer.ok
          ? { kind: 'tool-result', callId, ok: true, json: answer.json }
          : { kind: 'tool-result', callId, ok: false, message: answer.message },
      );
    });
  }

  private settle(runId: number, result: WorkerRunResult | WorkerExecResult): void {
    const run = this.pending.get(runId);
    if (!run) return;
    clearTimeout(run.watchdog);
    this.pending.delete(runId);
    this.updateRef();
    run.resolve(result);
  }

  /** Holds the event loop open only while runs are in flight. */
  private updateRef(): void {
    const channel = this.child.channel as { ref?: () => void; unref?: () => void } | undefined;
    const stderr = this.child.stderr as { ref?: () => void; unref?: () => void } | null;
    const bulk = this.bulkChannel as { ref?: () => void; unref?: () => void } | undefined;
    if (this.pending.size + this.starting > 0) {
      this.child.ref();
      channel?.ref?.();
      stderr?.ref?.();
      bulk?.ref?.();
    } else {
      this.child.unref();
      channel?.unref?.();
      stderr?.unref?.();
      bulk?.unref?.();
    }
  }
}
