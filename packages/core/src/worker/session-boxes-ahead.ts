import type { Sandbox } from '../runtimes/sandbox-runtime';

/** Tuning of {@link SessionBoxesAhead}. */
export interface SessionBoxesAheadOptions {
  /**
   * Sessions that start within this long of the one before (in this worker) count as a burst.
   * @default 1000
   */
  burstWindowMs?: number;
  /**
   * Boxes kept booted in a burst, besides the one a session worker always keeps.
   * @default 2
   */
  depthInBurst?: number;
}

/**
 * Native Python session boxes booted ahead of demand while sessions come in a burst, besides the
 * one a session worker always keeps booted for its next session.
 *
 * A native box runs outside the worker process and holds nothing of the worker's sessions, and a
 * worker whose sessions only ran native Python is kept for later sessions: once sessions start
 * back to back, each would otherwise wait for its box's fork (15-35 ms under that load, measured
 * for issue 17, against about 5 ms between two sessions). A quiet worker keeps none: the first
 * session after a pause finds the one box booted for it.
 */
export class SessionBoxesAhead {
  private readonly booted: Promise<Sandbox>[] = [];
  /** Boxes of `booted` whose boot has finished. */
  private readonly ready = new WeakSet<Promise<Sandbox>>();
  private lastStart = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly burstWindowMs: number;
  private readonly depthInBurst: number;

  constructor(
    /** Boots one stateful box at the default memory limit. */
    private readonly boot: () => Promise<Sandbox>,
    options: SessionBoxesAheadOptions = {},
  ) {
    this.burstWindowMs = options.burstWindowMs ?? 1000;
    this.depthInBurst = options.depthInBurst ?? 2;
  }

  /** Boxes booted or booting now (diagnostics and tests). */
  get size(): number {
    return this.booted.length;
  }

  /** The oldest box booted ahead (it may still be booting), if any. */
  take(): Promise<Sandbox> | undefined {
    return this.booted.shift();
  }

  /** The oldest box booted ahead whose boot has finished, if any. */
  takeReady(): Promise<Sandbox> | undefined {
    const index = this.booted.findIndex((box) => this.ready.has(box));
    return index < 0 ? undefined : this.booted.splice(index, 1)[0];
  }

  /**
   * A session started (its first native run took a booted box): when it follows the previous
   * one within the burst window, boxes are booted until `depthInBurst` are ahead.
   */
  sessionStarted(now = performance.now()): void {
    const burst = now - this.lastStart < this.burstWindowMs;
    this.lastStart = now;
    if (!burst || this.closed) return;
    while (this.booted.length < this.depthInBurst) {
      const box = this.boot();
      this.booted.push(box);
      // A failed boot leaves the queue (the next session boots its own box).
      box.then(
        () => this.ready.add(box),
        () => {
          const index = this.booted.indexOf(box);
          if (index >= 0) this.booted.splice(index, 1);
        },
      );
    }
  }

  /** Frees every box booted ahead; with `closing`, boots no more. */
  async dispose(closing = false): Promise<void> {
    if (closing) this.closed = true;
    const boxes = this.booted.splice(0);
    await Promise.all(boxes.map((box) => box.then((sandbox) => sandbox.dispose()).catch(() => {})));
  }
}
