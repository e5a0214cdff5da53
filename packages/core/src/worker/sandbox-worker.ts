import { RuntimeUnavailableError } from '../errors/runtime-unavailable-error';
import { buildPyodideSnapshot } from '../runtimes/python/pyodide/build-pyodide-snapshot';
import type { PyodideMemoryImage } from '../runtimes/python/pyodide/pyodide-memory-image';
import type {
  RuntimeId,
  Sandbox,
  SandboxRunOutcome,
  SandboxRunRequest,
} from '../runtimes/sandbox-runtime';
import { runExecInWorker } from '../shell/run-exec-in-worker';
import { ShellThreads } from '../shell/shell-threads';
import { WorkerToolRelay } from '../tools/worker-tool-relay';
import { collectWorkspaceChanges, scanBeforeRun } from '../workspace/collect-workspace-changes';
import { RunWorkspace } from '../workspace/run-workspace';
import type { WorkspaceScan } from '../workspace/scan-workspace';
import { capOutcome } from './cap-outcome';
import { createOutputBatcher } from './output-batcher';
import { readExactly } from './read-exactly';
import { RuntimeRegistry } from './runtime-registry';
import { SessionBoxesAhead } from './session-boxes-ahead';
import { noticeIfStillRunning } from './started-notice';
import { WarmSandboxPool } from './warm-sandbox-pool';
import {
  type HostToWorkerMessage,
  type WorkerSettings,
  type WorkerToHostMessage,
  workerBulkChannelFd,
  workerHeartbeatMs,
} from './worker-protocol';

type RunMessage = Extract<HostToWorkerMessage, { kind: 'run' }>;
type ExecMessage = Extract<HostToWorkerMessage, { kind: 'exec' }>;

/** How long after a session's first run the sandboxes booted for its other runtimes are kept. */
const bootedSandboxesKeptMs = 60_000;

/** Most time making the Pyodide snapshot for the supervisor may take. */
const pyodideSnapshotBuildTimeoutMs = 120_000;

/**
 * A run still going this long after its deadline was not stopped by its sandbox's own watchdog
 * (which acts half a second after the deadline): the worker tells the supervisor it is stuck.
 */
const stuckAfterDeadlineMs = 1_000;

/** Most warm pools (runtime × memory limit) a worker keeps; the least recently used goes first. */
const maxWarmPools = 6;

/**
 * The inside of a sandbox worker process: takes run requests from the supervisor, runs them in
 * warm stateless sandboxes or in a session's sandbox, and answers with outcomes. One instance
 * per worker process.
 */
export class SandboxWorker {
  private readonly registry: RuntimeRegistry;
  private readonly pools = new Map<string, WarmSandboxPool>();
  /** Session sandboxes by `sessionKey(sessionId, runtime)`: a session has one per runtime. */
  private readonly sessions = new Map<string, Promise<Sandbox>>();
  /**
   * Stateful sandboxes booted at start for the first session of a worker that will hold
   * sessions (`prepareRuntimes`), by `sessionKey('', runtime)`; the first session takes them.
   */
  private readonly bootedSessionSandboxes = new Map<string, Promise<Sandbox>>();
  /** Sandboxes of `bootedSessionSandboxes` whose boot has finished. */
  private readonly readySessionSandboxes = new WeakSet<Promise<Sandbox>>();
  /** Starts (or cancels) each booted sandbox's boot that waits for the one before it. */
  private readonly bootStarters = new Map<string, { start(): void; cancel(): void }>();
  /** Frees the booted sandboxes a session has not taken a while after its first run. */
  private bootedSandboxesExpiry: NodeJS.Timeout | undefined;
  /** Native session boxes booted ahead while sessions come back to back (see the class). */
  private readonly nativeBoxesAhead = new SessionBoxesAhead(() =>
    this.registry.get('python-native').createSandbox({
      memoryLimitMb: this.settings.defaultMemoryLimitMb,
      stateful: true,
    }),
  );
  private readonly runs = new Map<number, AbortController>();
  /** Each session's workspace, kept across its runs (see `workspaceFor`). */
  private readonly sessionWorkspaces = new Map<string, RunWorkspace>();
  /** Session sandboxes being disposed (see `closeSession`); shutdown waits for them. */
  private readonly disposing = new Set<Promise<void>>();
  /** Says `alive` to the supervisor while runs are held (see `workerHeartbeatMs`). */
  private heartbeat: NodeJS.Timeout | undefined;
  /**
   * The threads of shell command lines: just-bash loads on one when the first `exec` comes, so a
   * worker that never runs a shell pays nothing for it.
   */
  private readonly shellThreads = new ShellThreads();
  /** Relays the tool calls of runs to the supervisor, which executes them. */
  private readonly toolRelay: WorkerToolRelay;

  constructor(
    private readonly settings: WorkerSettings,
    private readonly send: (message: WorkerToHostMessage) => void,
  ) {
    this.registry = new RuntimeRegistry(settings, () => this.pyodideSnapshot());
    this.toolRelay = new WorkerToolRelay(send);
  }

  /** Resolves the worker's request for the supervisor's Pyodide memory image. */
  private snapshotArrived: ((image: PyodideMemoryImage | undefined) => void) | undefined;
  private snapshotRequest: Promise<PyodideMemoryImage | undefined> | undefined;

  /**
   * The Pyodide memory image the supervisor holds (made by a process that ran no user code). Each
   * call that finds no request in flight asks again: the runtime takes the bytes over.
   */
  private pyodideSnapshot(): Promise<PyodideMemoryImage | undefined> {
    this.snapshotRequest ??= new Promise<PyodideMemoryImage | undefined>((resolve) => {
      this.snapshotArrived = resolve;
      this.send({ kind: 'need-pyodide-snapshot' });
    }).finally(() => {
      this.snapshotRequest = undefined;
    });
    return this.snapshotRequest;
  }

  /** Takes the image announced by a `pyodide-snapshot` message off the bulk channel. */
  private async receiveSnapshot(
    announced: Extract<HostToWorkerMessage, { kind: 'pyodide-snapshot' }>['image'],
  ): Promise<void> {
    const arrived = this.snapshotArrived;
    this.snapshotArrived = undefined;
    if (!announced) {
      this.log('debug', 'The supervisor has no Pyodide snapshot: this worker makes its own.');
      arrived?.(undefined);
      return;
    }
    try {
      const bytes = await readExactly(workerBulkChannelFd, announced.byteLength);
      arrived?.({ bytes, ...(announced.sparse ? { sparse: announced.sparse } : {}) });
    } catch (error) {
      this.log('warn', `The Pyodide snapshot did not arrive whole: ${describe(error)}`);
      arrived?.(undefined);
    }
  }

  /** Makes a Pyodide snapshot for the supervisor; this worker runs nothing else. */
  private async buildPyodideSnapshot(): Promise<void> {
    try {
      const copy = await buildPyodideSnapshot(pyodideSnapshotBuildTimeoutMs);
      const bytes = copy.copy();
      copy.release();
      this.send({ kind: 'pyodide-snapshot-built', bytes });
    } catch (error) {
      this.send({ kind: 'pyodide-snapshot-built', bytes: null, message: describe(error) });
    }
  }

  /** Boots the warm sandboxes the settings ask for. */
  prewarm(): void {
    this.bootSessionSandboxes();
    for (const [runtime, count] of Object.entries(this.settings.warmSandboxes)) {
      if (count && count > 0) {
        try {
          this.pool(runtime as RuntimeId, this.settings.defaultMemoryLimitMb).refill();
        } catch (error) {
          this.log('warn', `Could not prepare ${runtime} sandboxes: ${describe(error)}`);
        }
      }
    }
  }

  /**
   * Boots, for each runtime of `prepareRuntimes`, the stateful sandbox the next session most
   * likely runs first (at the default memory limit), unless one is booted already: its first run
   * then does not wait for a new isolate or box. `only`: that runtime alone.
   */
  private bootSessionSandboxes(only?: RuntimeId): void {
    // One after the other, in the order given (JavaScript first: its sandbox is ready in a
    // fraction of the time a Pyodide one takes, whose synchronous start-up would otherwise hold
    // it up); a run that needs a later one starts it at once (see `sessionSandbox`).
    let previous: Promise<unknown> = Promise.resolve();
    for (const runtime of this.settings.prepareRuntimes ?? []) {
      const key = sessionKey('', runtime);
      if (this.bootedSessionSandboxes.has(key) || (only && runtime !== only)) continue;
      const starter = { start: () => {}, cancel: () => {} };
      const gate = new Promise<void>((resolve, reject) => {
        starter.start = resolve;
        starter.cancel = () => reject(cancelled);
      });
      void previous.then(starter.start, starter.start);
      this.bootStarters.set(key, starter);
      const sandbox = gate.then(() => {
        this.bootStarters.delete(key);
        try {
          this.registry.get(runtime).prepare?.();
        } catch (error) {
          this.log('warn', `Could not prepare the ${runtime} runtime: ${describe(error)}`);
          throw error;
        }
        return this.registry.get(runtime).createSandbox({
          memoryLimitMb: this.settings.defaultMemoryLimitMb,
          stateful: true,
        });
      });
      sandbox.then(
        () => this.readySessionSandboxes.add(sandbox),
        () => {
          if (this.bootedSessionSandboxes.get(key) === sandbox)
            this.bootedSessionSandboxes.delete(key);
        },
      );
      this.bootedSessionSandboxes.set(key, sandbox);
      previous = sandbox;
    }
    // Booted or failed, all of them: a session placed here now waits for none (a placement
    // hint for the supervisor, see SessionWorkerPool.place).
    void Promise.allSettled(this.bootedSessionSandboxes.values()).then(() =>
      this.send({ kind: 'session-sandboxes-booted' }),
    );
  }

  handle(message: HostToWorkerMessage): void {
    switch (message.kind) {
      case 'run':
        void this.run(message);
        break;
      case 'exec':
        void this.exec(message);
        break;
      case 'cancel':
        this.runs.get(message.runId)?.abort();
        break;
      case 'tool-result':
        this.toolRelay.answer(
          message.callId,
          message.ok ? { ok: true, json: message.json } : { ok: false, message: message.message },
        );
        break;
      case 'pyodide-snapshot':
        void this.receiveSnapshot(message.image);
        break;
      case 'build-pyodide-snapshot':
        void this.buildPyodideSnapshot();
        break;
      case 'close-session':
        void this.closeSession(message.sessionId);
        break;
      case 'next-session':
        // The booted sandboxes left unused are kept (their minute starts at the next session's
        // first run); those taken or freed are booted again.
        clearTimeout(this.bootedSandboxesExpiry);
        this.bootedSandboxesExpiry = undefined;
        this.bootSessionSandboxes();
        break;
      case 'shutdown':
        void this.shutdown();
        break;
    }
  }

  private async run(message: RunMessage): Promise<void> {
    const controller = new AbortController();
    this.runs.set(message.runId, controller);
    this.heartbeat ??= setInterval(() => this.send({ kind: 'alive' }), workerHeartbeatMs);
    let sandbox: Sandbox | undefined;
    const workspace = this.workspaceFor(message);
    // A session's first native run takes the box booted for it (see the end of this run).
    const firstNativeRun =
      message.sessionId !== undefined &&
      message.runtime === 'python-native' &&
      !this.sessions.has(sessionKey(message.sessionId, message.runtime));
    try {
      sandbox = message.sessionId
        ? await this.sessionSandbox(message.sessionId, message.runtime, message.memoryLimitMb)
        : await this.pool(message.runtime, message.memoryLimitMb).take();
      // The run's own deadline starts now. A run still going after a moment tells the
      // supervisor, which then tightens its watchdog to the run's timeout; a quick run answers
      // first and costs no extra message.
      const notice = noticeIfStillRunning(this.send, message.runId, performance.now());
      const stuck = setTimeout(
        () => this.send({ kind: 'stuck', runId: message.runId, reason: 'deadline' }),
        message.timeoutMs + stuckAfterDeadlineMs,
      );
      let before: WorkspaceScan | undefined;
      if (workspace) before = scanBeforeRun(workspace);
      const output = message.stream
        ? createOutputBatcher((chunk) =>
            this.send({ kind: 'output', runId: message.runId, ...chunk }),
          )
        : undefined;
      let outcome: SandboxRunOutcome;
      try {
        outcome = await sandbox.run({
          language: message.language,
          code: message.code,
          timeoutMs: message.timeoutMs,
          maxOutputChars: message.maxOutputChars,
          signal: controller.signal,
          ...(output ? { onOutput: output.write } : {}),
          ...(workspace ? { workspace } : {}),
          ...(message.tools
            ? { tools: this.toolRelay.bridgeFor(message.runId, message.tools) }
            : {}),
        });
      } finally {
        this.toolRelay.endRun(message.runId);
        clearTimeout(notice);
        clearTimeout(stuck);
        output?.flush();
        workspace?.endRun({ keepOpen: message.sessionId !== undefined });
      }
      if (workspace && message.workspace) {
        const files = collectWorkspaceChanges(workspace, before, {
          returnContents: message.workspace.returnContents,
          maxReturnedBytes: this.settings.workspaces?.maxReturnedBytes ?? 0,
        });
        if (files.length > 0) outcome = { ...outcome, files };
      }
      // A thread still runs the program's code: the supervisor retires this process (its other
      // runs finish or move), and this run's result below settles before the process ends.
      if (outcome.runaway) this.send({ kind: 'stuck', runId: message.runId, reason: 'memory' });
      let sessionLost = false;
      if (message.sessionId && !outcome.reusable) {
        sessionLost = true;
        this.sessions.delete(sessionKey(message.sessionId, message.runtime));
      }
      this.send({
        kind: 'result',
        runId: message.runId,
        outcome: capOutcome(outcome, message.maxOutputChars),
        sessionLost,
        ...(workspace?.used ? { workspaceUsed: true } : {}),
      });
      if (firstNativeRun) {
        // A native box runs outside this process and holds nothing of its sessions: the box of
        // the session this worker may hold next is forked now, not when this one closes, and
        // more while sessions come back to back (the first run's result is out).
        this.bootSessionSandboxes('python-native');
        this.nativeBoxesAhead.sessionStarted();
      }
      if (!message.sessionId || sessionLost) await sandbox.dispose();
      if (!message.sessionId) this.pool(message.runtime, message.memoryLimitMb).refill();
    } catch (error) {
      this.send({
        kind: 'run-failed',
        runId: message.runId,
        failure: RuntimeUnavailableError.isInstance(error) ? 'runtime-unavailable' : 'sandbox',
        message: describe(error),
      });
      if (sandbox && !message.sessionId) await sandbox.dispose().catch(() => {});
      if (!message.sessionId)
        this.pools.get(`${message.runtime}:${message.memoryLimitMb}`)?.refill();
    } finally {
      this.runs.delete(message.runId);
      if (this.runs.size === 0) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
      }
    }
  }

  /** A shell command line over a session's workspace (see `runExecInWorker`). */
  private async exec(message: ExecMessage): Promise<void> {
    const controller = new AbortController();
    this.runs.set(message.runId, controller);
    this.heartbeat ??= setInterval(() => this.send({ kind: 'alive' }), workerHeartbeatMs);
    try {
      const workspaces = this.settings.workspaces;
      if (!workspaces)
        throw new Error('This interpreter has no workspaces, so it runs no commands.');
      await runExecInWorker(message, {
        threads: this.shellThreads,
        limits: workspaces.limits,
        ...(workspaces.owner ? { owner: workspaces.owner } : {}),
        runProgram: (runtime, memoryLimitMb, request) =>
          this.runProgram(runtime, memoryLimitMb, request),
        send: this.send,
        signal: controller.signal,
        ...(message.tools ? { tools: this.toolRelay.bridgeFor(message.runId, message.tools) } : {}),
      });
    } catch (error) {
      this.send({
        kind: 'run-failed',
        runId: message.runId,
        failure: 'sandbox',
        message: describe(error),
      });
    } finally {
      this.toolRelay.endRun(message.runId);
      this.runs.delete(message.runId);
      if (this.runs.size === 0) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
      }
    }
  }

  /** One program of a shell command line, in a fresh stateless sandbox from the warm pool. */
  private async runProgram(
    runtime: RuntimeId,
    memoryLimitMb: number,
    request: SandboxRunRequest,
  ): Promise<SandboxRunOutcome> {
    const pool = this.pool(runtime, memoryLimitMb);
    const sandbox = await pool.take();
    try {
      return await sandbox.run(request);
    } finally {
      await sandbox.dispose().catch(() => {});
      pool.refill();
    }
  }

  /** The run's workspace, as the supervisor named it (none when the interpreter has none). */
  private workspaceFor(message: RunMessage): RunWorkspace | undefined {
    const workspaces = this.settings.workspaces;
    if (!message.workspace || !workspaces) return undefined;
    // A session keeps one across its runs: files its sandbox left open stay open.
    const kept = message.sessionId ? this.sessionWorkspaces.get(message.sessionId) : undefined;
    if (kept) return kept;
    const workspace = new RunWorkspace(
      message.workspace.folder,
      workspaces.limits,
      message.workspace.exists,
      workspaces.owner,
    );
    if (message.sessionId) this.sessionWorkspaces.set(message.sessionId, workspace);
    return workspace;
  }

  private sessionSandbox(
    sessionId: string,
    runtime: RuntimeId,
    memoryLimitMb: number,
  ): Promise<Sandbox> {
    const key = sessionKey(sessionId, runtime);
    const existing = this.sessions.get(key);
    if (existing) return existing;
    // Its boot may wait for another runtime's (see `bootSessionSandboxes`): it starts now.
    this.bootStarters.get(sessionKey('', runtime))?.start();
    const bootedHere = this.bootedSessionSandboxes.get(sessionKey('', runtime));
    // A native session takes a box that is ready: the one booted for it, else the oldest ready
    // one booted ahead in a burst (the one booted for it starts as the last session's first run
    // ends; in a burst, sessions that waited for it spent 7 of their 10 ms on its fork, measured
    // for issue 17), else whichever boots.
    const booted =
      runtime === 'python-native' && memoryLimitMb === this.settings.defaultMemoryLimitMb
        ? bootedHere && this.readySessionSandboxes.has(bootedHere)
          ? bootedHere
          : (this.nativeBoxesAhead.takeReady() ?? bootedHere ?? this.nativeBoxesAhead.take())
        : bootedHere;
    if (booted === bootedHere) this.bootedSessionSandboxes.delete(sessionKey('', runtime));
    // A session that has not used the other runtimes a minute after its first run most likely
    // never will: their booted sandboxes (a Pyodide one holds about 100 MB) are freed then.
    this.bootedSandboxesExpiry ??= setTimeout(
      () => void this.disposeBootedSandboxes(),
      bootedSandboxesKeptMs,
    );
    if (booted && memoryLimitMb !== this.settings.defaultMemoryLimitMb) {
      void booted.then((sandbox) => sandbox.dispose()).catch(() => {});
    }
    const sandbox =
      booted && memoryLimitMb === this.settings.defaultMemoryLimitMb
        ? booted
        : this.registry.get(runtime).createSandbox({ memoryLimitMb, stateful: true });
    this.sessions.set(key, sandbox);
    sandbox.catch(() => this.sessions.delete(key));
    return sandbox;
  }

  private pool(runtime: RuntimeId, memoryLimitMb: number): WarmSandboxPool {
    const key = `${runtime}:${memoryLimitMb}`;
    let pool = this.pools.get(key);
    if (pool) {
      // Refresh recency.
      this.pools.delete(key);
      this.pools.set(key, pool);
      return pool;
    }
    // The configured count for the default memory limit; one ready sandbox for other limits.
    const configured = this.settings.warmSandboxes[runtime] ?? 1;
    const target =
      memoryLimitMb === this.settings.defaultMemoryLimitMb ? configured : Math.min(configured, 1);
    pool = new WarmSandboxPool(
      this.registry.get(runtime),
      memoryLimitMb,
      target,
      (error) => this.log('warn', `A ${runtime} sandbox failed to boot: ${describe(error)}`),
      // While runs come faster than boots, up to twice the target (at least two more) are kept
      // booted ahead: a JavaScript context costs about 0.4 MB, a native box a process outside
      // the worker. Not Pyodide: its boot is CPU-bound (no faster with more of them booting at
      // once on a busy machine) and each sandbox holds about 40 MB.
      runtime === 'pyodide' || target === 0
        ? undefined
        : { maxTarget: Math.max(2 * target, target + 2) },
    );
    this.pools.set(key, pool);
    if (this.pools.size > maxWarmPools) {
      const [oldestKey, oldest] = this.pools.entries().next().value as [string, WarmSandboxPool];
      this.pools.delete(oldestKey);
      void oldest.close();
    }
    return pool;
  }

  private async closeSession(sessionId: string): Promise<void> {
    this.sessionWorkspaces.get(sessionId)?.close();
    this.sessionWorkspaces.delete(sessionId);
    for (const [key, sandbox] of [...this.sessions]) {
      if (!key.startsWith(sessionKey(sessionId, ''))) continue;
      this.sessions.delete(key);
      const disposing = sandbox.then((entry) => entry.dispose()).catch(() => {});
      this.disposing.add(disposing);
      await disposing;
      this.disposing.delete(disposing);
    }
  }

  async shutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const workspace of this.sessionWorkspaces.values()) workspace.close();
    this.sessionWorkspaces.clear();
    // Sessions closed just before: their sandboxes (a native box and its cgroup) finish going.
    await Promise.all(this.disposing);
    for (const controller of this.runs.values()) controller.abort();
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
    await Promise.all(
      [...this.sessions.values()].map((sandbox) =>
        sandbox.then((entry) => entry.dispose()).catch(() => {}),
      ),
    );
    this.sessions.clear();
    await this.nativeBoxesAhead.dispose(true);
    await this.disposeBootedSandboxes();
    await this.shellThreads.close();
    await this.registry.close();
  }

  private async disposeBootedSandboxes(): Promise<void> {
    clearTimeout(this.bootedSandboxesExpiry);
    // Boots not started yet are not started at all.
    for (const starter of this.bootStarters.values()) starter.cancel();
    this.bootStarters.clear();
    const booted = [...this.bootedSessionSandboxes.values()];
    this.bootedSessionSandboxes.clear();
    await Promise.all([
      ...booted.map((sandbox) => sandbox.then((entry) => entry.dispose()).catch(() => {})),
      this.nativeBoxesAhead.dispose(),
    ]);
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.send({ kind: 'log', level, message });
  }
}

/** Why a booted sandbox's boot that never started was given up (see `disposeBootedSandboxes`). */
const cancelled = new Error('Not booted: the sandboxes booted ahead were freed first.');

function sessionKey(sessionId: string, runtime: RuntimeId | ''): string {
  return `${sessionId}\u0000${runtime}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
