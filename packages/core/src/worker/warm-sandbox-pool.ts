import type { Sandbox, SandboxRuntime } from '../runtimes/sandbox-runtime';

/**
 * Stateless sandboxes of one runtime and memory limit, booted ahead of demand so a run does not
 * wait for a boot. Each sandbox is handed out once; the pool refills in the background.
 */
export class WarmSandboxPool {
  private readonly ready: Sandbox[] = [];
  private booting = 0;
  private closed = false;
  private lastBootFailed = false;

  constructor(
    private readonly runtime: SandboxRuntime,
    readonly memoryLimitMb: number,
    private readonly target: number,
    private readonly onBootError: (error: unknown) => void,
  ) {}

  /**
   * A ready sandbox, or a freshly booted one when none is ready. The caller calls `refill()`
   * once it has disposed the sandbox, so a runtime that recycles (JavaScript isolates) boots the
   * replacement on what the finished run gave back instead of on new resources.
   */
  async take(): Promise<Sandbox> {
    this.lastBootFailed = false;
    const sandbox = this.ready.shift();
    if (sandbox) return sandbox;
    return this.runtime.createSandbox({ memoryLimitMb: this.memoryLimitMb, stateful: false });
  }

  /** Boots sandboxes until `target` are ready or booting. After a failed boot it waits for a take(). */
  refill(): void {
    while (!this.closed && !this.lastBootFailed && this.ready.length + this.booting < this.target) {
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
    const sandboxes = this.ready.splice(0);
    await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
  }
}
