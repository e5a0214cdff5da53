import type { Sandbox, SandboxRuntime } from '../runtimes/sandbox-runtime';

/** How a {@link WarmSandboxPool} follows demand. */
export interface WarmSandboxPoolGrowth {
  /**
   * The most sandboxes it keeps ready or booting while runs find none ready: each such run
   * raises its target by one, up to this.
   */
  maxTarget: number;
  /**
   * How long after the last run that found none ready the target falls back to the configured
   * one (the sandboxes above it are then freed).
   * @default 5000
   */
  shrinkAfterMs?: number;
}

/**
 * Stateless sandboxes of one runtime and memory limit, booted ahead of demand so a run does not
 * wait for a boot. Each sandbox is handed out once; the pool refills in the background.
 *
 * It follows demand (see {@link WarmSandboxPoolGrowth}): when runs come faster than a boot
 * takes, a run finds none ready and boots one for itself, and the pool keeps one more booted
 * ahead from then on (up to `maxTarget`), until runs have found one ready for a while. Measured
 * for issue 17 (native Python, back to back, 2 workers): with 2 ready per worker about one run in
 * three waited 10-28 ms for its own box; 3 or 4 per worker cut the mean by about a sixth.
 */
export class WarmSandboxPool {
  private readonly ready: Sandbox[] = [];
  private booting = 0;
  private closed = false;
  private lastBootFailed = false;
  /** The target now: `target`, raised while runs find none ready. */
  private current: number;
  /** When a run last found none ready (`performance.now()`). */
  private lastShortAt = Number.NEGATIVE_INFINITY;
  private readonly maxTarget: number;
  private readonly shrinkAfterMs: number;
  private shrinkTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly runtime: SandboxRuntime,
    readonly memoryLimitMb: number,
    private readonly target: number,
    private readonly onBootError: (error: unknown) => void,
    growth?: WarmSandboxPoolGrowth,
  ) {
    this.current = target;
    this.maxTarget = Math.max(target, growth?.maxTarget ?? target);
    this.shrinkAfterMs = growth?.shrinkAfterMs ?? 5000;
  }

  /** Sandboxes kept ready or booting now (diagnostics and tests). */
  get currentTarget(): number {
    return this.current;
  }

  /**
   * A ready sandbox, or a freshly booted one when none is ready. The caller calls `refill()`
   * once it has disposed the sandbox, so a runtime that recycles (JavaScript isolates) boots the
   * replacement on what the finished run gave back instead of on new resources.
   */
  async take(now = performance.now()): Promise<Sandbox> {
    this.lastBootFailed = false;
    const sandbox = this.ready.shift();
    if (sandbox) return sandbox;
    this.lastShortAt = now;
    if (this.current < this.maxTarget) this.current++;
    if (this.current > this.target) {
      // A pool that goes quiet frees its extra sandboxes without waiting for another run: the
      // timer counts from this run, the last one that found none ready.
      clearTimeout(this.shrinkTimer);
      this.shrinkTimer = setTimeout(() => this.refill(), this.shrinkAfterMs + 1);
      this.shrinkTimer.unref?.();
    }
    return this.runtime.createSandbox({ memoryLimitMb: this.memoryLimitMb, stateful: false });
  }

  /**
   * Boots sandboxes until the current target (raised while runs find none ready) are ready or
   * booting; first falls back to `target` when the quiet period has passed. After a failed boot
   * it waits for a take().
   */
  refill(now = performance.now()): void {
    if (this.current > this.target && now - this.lastShortAt >= this.shrinkAfterMs) {
      this.current = this.target;
      clearTimeout(this.shrinkTimer);
      this.shrinkTimer = undefined;
      const surplus = this.ready.splice(this.target);
      for (const sandbox of surplus) void sandbox.dispose().catch(() => {});
    }
    while (
      !this.closed &&
      !this.lastBootFailed &&
      this.ready.length + this.booting < this.current
    ) {
      this.booting++;
      this.runtime
        .createSandbox({ memoryLimitMb: this.memoryLimitMb, stateful: false })
        .then(
          (sandbox) => {
            if (this.closed) void sandbox.dispose();
            else this.ready.push(sandbox);
          },
          (error: unknown) => {
            this.lastBootFailed = true;
            this.onBootError(error);
          },
        )
        .finally(() => {
          this.booting--;
        });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.shrinkTimer);
    this.shrinkTimer = undefined;
    const sandboxes = this.ready.splice(0);
    await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
  }
}
