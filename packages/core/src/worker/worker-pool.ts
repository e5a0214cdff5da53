import { InterpreterClosedError } from '../errors/interpreter-closed-error';
import type { PyodideMemoryImage } from '../runtimes/python/pyodide/pyodide-memory-image';
import type { WorkerIsolation } from './worker-launch';
import { WorkerProcess, type WorkerRunResult } from './worker-process';
import type { WorkerSettings } from './worker-protocol';

/**
 * The sandbox worker processes of one interpreter that run stateless programs (sessions have
 * workers of their own, see `SessionWorkerPool`). A run goes to the least busy worker. A worker
 * that dies is replaced on demand.
 */
export class WorkerPool {
  private readonly workers: Array<WorkerProcess | undefined>;
  private closed = false;
  /** A worker of its own for runs re-run alone after their worker crashed (see `runAlone`). */
  private quarantine: WorkerProcess | undefined;
  private quarantineQueue: Promise<unknown> = Promise.resolve();
  /** Index of the worker `leastBusy` picked last (ties go to the next one after it). */
  private lastPicked = -1;

  constructor(
    private readonly size: number,
    private readonly settings: WorkerSettings,
    private readonly isolation: WorkerIsolation,
    private readonly onLog: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void,
    /** Where workers get the Pyodide memory snapshot (see `PyodideSnapshotSource`). */
    private readonly pyodideSnapshot?: () => Promise<PyodideMemoryImage | undefined>,
  ) {
    this.workers = new Array(size).fill(undefined);
  }

  /** Starts every worker now (otherwise they start at first use). */
  start(): void {
    for (let index = 0; index < this.size; index++) this.at(index);
  }

  /**
   * The worker for the next stateless run: an idle ready worker if there is one (among equally
   * idle ones, the one picked longest ago: back-to-back runs alternate between idle workers, so
   * each worker prepares the sandbox that replaces the one a run used while another worker
   * answers the next run). When none is idle, an empty slot (never started, or its worker died or
   * is retiring) gets a new worker, but the run goes to the least busy ready worker if any: it
   * is answered in milliseconds there, while a new worker takes a few hundred to start.
   */
  leastBusy(): WorkerProcess {
    let bestReady: WorkerProcess | undefined;
    let bestReadyIndex = -1;
    let bestStarting: WorkerProcess | undefined;
    for (let offset = 1; offset <= this.size; offset++) {
      const index = (this.lastPicked + offset) % this.size;
      const existing = this.workers[index];
      if (!existing?.alive) continue;
      if (existing.isReady) {
        if (!bestReady || existing.load < bestReady.load) {
          bestReady = existing;
          bestReadyIndex = index;
        }
      } else if (!bestStarting || existing.load < bestStarting.load) {
        bestStarting = existing;
      }
    }
    if (bestReady && bestReady.load === 0) {
      this.lastPicked = bestReadyIndex;
      return bestReady;
    }
    const free = this.workers.findIndex((worker) => !worker?.alive);
    const started = free >= 0 ? this.at(free) : undefined;
    if (bestReady) return bestReady;
    if (started && (!bestStarting || bestStarting.load > 0)) return started;
    return bestStarting ?? started ?? this.at(0);
  }

  /** Pids of the running workers (for diagnostics and tests). */
  pids(): number[] {
    return this.workers.flatMap((worker) => (worker?.alive && worker.pid ? [worker.pid] : []));
  }

  /**
   * Runs one program alone in a separate worker, one at a time. Used for stateless runs whose
   * worker died under them from something a program did: the culprit cannot be told apart from
   * the runs that merely shared its process, so each is re-run alone; the culprit crashes only
   * its own run there.
   */
  runAlone(...args: Parameters<WorkerProcess['run']>): Promise<WorkerRunResult> {
    const next = this.quarantineQueue.then(() => {
      if (this.closed) {
        return {
          kind: 'crashed',
          message: 'The interpreter was closed.',
          selfInflicted: false,
        } as const;
      }
      if (!this.quarantine?.alive) {
        this.quarantine = new WorkerProcess(
          this.settings,
          this.isolation,
          this.onLog,
          () => {},
          this.pyodideSnapshot,
        );
      }
      return this.quarantine.run(...args);
    });
    this.quarantineQueue = next.catch(() => {});
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers, this.quarantine].map((worker) => worker?.shutdown()));
    this.workers.fill(undefined);
    this.quarantine = undefined;
  }

  private at(index: number): WorkerProcess {
    const existing = this.workers[index];
    if (existing?.alive) return existing;
    if (this.closed) throw new InterpreterClosedError();
    const worker = new WorkerProcess(
      this.settings,
      this.isolation,
      this.onLog,
      (gone) => {
        if (this.workers[index] === gone) {
          this.workers[index] = undefined;
          if (!this.closed)
            this.onLog(
              'warn',
              `Sandbox worker ${gone.pid} exited; a new one starts at the next run.`,
            );
        }
      },
      this.pyodideSnapshot,
    );
    this.workers[index] = worker;
    return worker;
  }
}
