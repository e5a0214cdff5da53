import { CodeInterpreterError } from '../errors/code-interpreter-error';
import type { RuntimeId, Sandbox, SandboxRunOutcome } from '../runtimes/sandbox-runtime';
import { RuntimeRegistry } from './runtime-registry';
import { WarmSandboxPool } from './warm-sandbox-pool';
import type { HostToWorkerMessage, WorkerSettings, WorkerToHostMessage } from './worker-protocol';

type RunMessage = Extract<HostToWorkerMessage, { kind: 'run' }>;

/** After this long, a run in progress tells the supervisor it started (see `run`). */
const startedNoticeDelayMs = 50;

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
  private readonly runs = new Map<number, AbortController>();

  constructor(
    private readonly settings: WorkerSettings,
    private readonly send: (message: WorkerToHostMessage) => void,
  ) {
    this.registry = new RuntimeRegistry(settings);
  }

  /** Boots the warm sandboxes the settings ask for. */
  prewarm(): void {
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

  handle(message: HostToWorkerMessage): void {
    switch (message.kind) {
      case 'run':
        void this.run(message);
        break;
      case 'cancel':
        this.runs.get(message.runId)?.abort();
        break;
      case 'close-session':
        void this.closeSession(message.sessionId);
        break;
      case 'shutdown':
        void this.shutdown();
        break;
    }
  }

  private async run(message: RunMessage): Promise<void> {
    const controller = new AbortController();
    this.runs.set(message.runId, controller);
    let sandbox: Sandbox | undefined;
    try {
      sandbox = message.sessionId
        ? await this.sessionSandbox(message.sessionId, message.runtime, message.memoryLimitMb)
        : await this.pool(message.runtime, message.memoryLimitMb).take();
      // The run's own deadline starts now. A run still going after a moment tells the
      // supervisor, which then tightens its watchdog to the run's timeout; a quick run answers
      // first and costs no extra message.
      const startedAt = performance.now();
      const notice = setTimeout(
        () =>
          this.send({
            kind: 'started',
            runId: message.runId,
            elapsedMs: performance.now() - startedAt,
          }),
        startedNoticeDelayMs,
      );
      let outcome: SandboxRunOutcome;
      try {
        outcome = await sandbox.run({
          language: message.language,
          code: message.code,
          timeoutMs: message.timeoutMs,
          maxOutputChars: message.maxOutputChars,
          signal: controller.signal,
          ...(message.stream
            ? {
                onOutput: (chunk) => this.send({ kind: 'output', runId: message.runId, ...chunk }),
              }
            : {}),
        });
      } finally {
        clearTimeout(notice);
      }
      let sessionLost = false;
      if (message.sessionId && !outcome.reusable) {
        sessionLost = true;
        this.sessions.delete(sessionKey(message.sessionId, message.runtime));
      }
      this.send({ kind: 'result', runId: message.runId, outcome, sessionLost });
      if (!message.sessionId || sessionLost) await sandbox.dispose();
      if (!message.sessionId) this.pool(message.runtime, message.memoryLimitMb).refill();
    } catch (error) {
      this.send({
        kind: 'run-failed',
        runId: message.runId,
        errorName: CodeInterpreterError.isInstance(error)
          ? error.name
          : 'CodeInterpreterSandboxError',
        message: describe(error),
      });
      if (sandbox && !message.sessionId) await sandbox.dispose().catch(() => {});
      if (!message.sessionId)
        this.pools.get(`${message.runtime}:${message.memoryLimitMb}`)?.refill();
    } finally {
      this.runs.delete(message.runId);
    }
  }

  private sessionSandbox(
    sessionId: string,
    runtime: RuntimeId,
    memoryLimitMb: number,
  ): Promise<Sandbox> {
    const key = sessionKey(sessionId, runtime);
    const existing = this.sessions.get(key);
    if (existing) return existing;
    const sandbox = this.registry.get(runtime).createSandbox({ memoryLimitMb, stateful: true });
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
    pool = new WarmSandboxPool(this.registry.get(runtime), memoryLimitMb, target, (error) =>
      this.log('warn', `A ${runtime} sandbox failed to boot: ${describe(error)}`),
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
    for (const [key, sandbox] of [...this.sessions]) {
      if (!key.startsWith(sessionKey(sessionId, ''))) continue;
      this.sessions.delete(key);
      await sandbox.then((entry) => entry.dispose()).catch(() => {});
    }
  }

  async shutdown(): Promise<void> {
    for (const controller of this.runs.values()) controller.abort();
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
    await Promise.all(
      [...this.sessions.values()].map((sandbox) =>
        sandbox.then((entry) => entry.dispose()).catch(() => {}),
      ),
    );
    this.sessions.clear();
    await this.registry.close();
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.send({ kind: 'log', level, message });
  }
}

function sessionKey(sessionId: string, runtime: RuntimeId | ''): string {
  return `${sessionId}\u0000${runtime}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
