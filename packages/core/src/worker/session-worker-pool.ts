import { InterpreterClosedError } from '../errors/interpreter-closed-error';
import type { PyodideMemoryImage } from '../runtimes/python/pyodide/pyodide-memory-image';
import type { WorkerIsolation } from './worker-launch';
import { WorkerProcess } from './worker-process';
import type { WorkerSettings } from './worker-protocol';

/** How long after the last session was placed the next spare starts. */
const spareDelayMs = 100;

/**
 * The worker processes that hold sessions. They are apart from the workers of stateless runs, so
 * no stateless program, whoever sent it, can end a session by crashing its process; and a worker
 * holds at most `sessionsPerWorker` sessions (one by default), so a session's own program can end
 * at most the sessions that share its process. A worker in which a program of its sessions ran
 * (JavaScript, TypeScript, Pyodide, a shell command line) is never given to a new session: once
 * its sessions are closed it exits, and new sessions start in fresh processes. A worker whose
 * sessions only ran native Python (each program in a box of its own, outside the worker) holds
 * nothing of them once they are closed: it is kept for the next session, which then does not wait
 * for a process to start. One fresh worker is kept started ahead once sessions are in use. A new
 * session goes to whichever of the two waits least for its sandboxes, and the other becomes the
 * spare: back to back, sessions alternate between two workers, each booting the next session's
 * sandboxes while the other serves.
 */
export class SessionWorkerPool {
  private readonly homes = new Set<WorkerProcess>();
  private spare: WorkerProcess | undefined;
  /** A worker whose closed sessions ran no program inside it, kept for the next session. */
  private reusable: WorkerProcess | undefined;
  /** Workers left with no session, on their way out: `close()` waits for them too. */
  private readonly leaving = new Set<Promise<void>>();
  private closed = false;
  /** Starts the next spare (see `place`). */
  private spareTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: WorkerSettings,
    private readonly isolation: WorkerIsolation,
    private readonly onLog: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void,
    private readonly sessionsPerWorker: number,
    private readonly pyodideSnapshot: () => Promise<PyodideMemoryImage | undefined>,
  ) {}

  /** A worker for a session that has none yet (new, or its worker is gone). */
  place(sessionId: string): WorkerProcess {
    if (this.closed) throw new InterpreterClosedError();
    let home = [...this.homes].find(
      (worker) => worker.alive && worker.sessions.size < this.sessionsPerWorker,
    );
    if (!home) {
      const { spare, reusable } = this;
      // Which of the two waits least for the next session's sandboxes: one that booted them;
      // else a spare that was reusable before (it began booting them again when its last
      // session closed, before the reusable worker did); else the reusable worker (a fresh
      // spare starts its runtimes from nothing). The one not taken becomes the spare.
      const takeSpare =
        spare?.alive === true &&
        !reusable?.hasSessionSandboxesBooted &&
        (spare.hasSessionSandboxesBooted || !reusable?.alive || spare.wasPreparedForNextSession);
      if (takeSpare && spare) {
        home = spare;
        this.spare = reusable?.alive ? reusable : undefined;
      } else {
        home = reusable?.alive ? reusable : this.start();
      }
      this.reusable = undefined;
      this.homes.add(home);
    }
    home.sessions.add(sessionId);
    // The next spare starts once no session was placed for a moment: starting a process (and
    // its runtimes) takes about a second of CPU that sessions created back to back, which this
    // worker or the reusable one serve, should not have to share (measured for issue 17: a spare
    // started during 40 native sessions back to back doubled their CPU).
    clearTimeout(this.spareTimer);
    this.spareTimer = setTimeout(() => this.keepSpare(), spareDelayMs);
    this.spareTimer.unref();
    return home;
  }

  /** Starts a fresh worker for the next session unless one is ready, starting or reusable. */
  keepSpare(): void {
    if (!this.closed && !this.spare?.alive && !this.reusable?.alive) this.spare = this.start();
  }

  /**
   * Frees a closed session's sandboxes. A worker left with no session exits, unless no program of
   * its sessions ran inside it: that one is kept for the next session (one such at a time).
   */
  release(sessionId: string, home: WorkerProcess): void {
    if (!home.alive) return;
    home.closeSession(sessionId);
    if (home.sessions.size === 0) {
      this.homes.delete(home);
      if (!home.ranProgramsInside && !this.reusable?.alive && !this.closed) {
        home.prepareForNextSession();
        this.reusable = home;
        return;
      }
      const gone = home.shutdown();
      this.leaving.add(gone);
      void gone.finally(() => this.leaving.delete(gone));
    }
  }

  /** Pids of the running session workers, the spare included (for diagnostics and tests). */
  pids(): number[] {
    return [...this.homes, this.spare, this.reusable].flatMap((worker) =>
      worker?.alive && worker.pid ? [worker.pid] : [],
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.spareTimer);
    const workers = [...this.homes, this.spare, this.reusable];
    this.homes.clear();
    this.spare = undefined;
    this.reusable = undefined;
    await Promise.all([...workers.map((worker) => worker?.shutdown()), ...this.leaving]);
  }

  private start(): WorkerProcess {
    return new WorkerProcess(
      this.settings,
      this.isolation,
      this.onLog,
      (gone) => {
        if (this.homes.delete(gone) && !this.closed) {
          this.onLog(
            'warn',
            `Session worker ${gone.pid} exited; the ${gone.sessions.size} session(s) it held lost their state and say so at their next run.`,
          );
        }
      },
      this.pyodideSnapshot,
    );
  }
}
