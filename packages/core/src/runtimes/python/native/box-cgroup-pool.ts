import type { CgroupSupport } from './cgroup-support';
import { SandboxCgroup, type SandboxCgroupLimits } from './sandbox-cgroup';

/** Tuning of a {@link BoxCgroupPool}. */
export interface BoxCgroupPoolOptions {
  /**
   * Emptied cgroups kept for later boxes, all limits together; beyond it they are removed.
   * @default 16
   */
  maxIdle?: number;
  /**
   * Most bytes an emptied cgroup may still be charged to be kept (kernel objects of the ended box
   * that the kernel frees lazily: 16-450 KB measured here a moment after a box ended). Above it
   * the cgroup is removed, so no box starts with much of its limit already used.
   * @default 1 MiB
   */
  maxLeftoverBytes?: number;
}

/**
 * The cgroups of a runtime's boxes, kept after their box ended and handed to later boxes with the
 * same limits, instead of one made and removed per box (measured for issue 17 on cgroup v1: about
 * 0.75 ms of kernel time each way, plus the kernel's deferred freeing of each memory cgroup).
 *
 * A cgroup is kept only once every process of its box is gone and it holds at most
 * `maxLeftoverBytes`; the next box reads its OOM count from the moment it is handed out (see
 * `SandboxCgroup.reuse`). Nothing of the ended box reaches the next one: no process, no memory
 * beyond that bound (no page of its files: its tmpfs mounts ended with it), and no counter it can
 * read (a box sees no cgroup files).
 */
export class BoxCgroupPool {
  private readonly idle: SandboxCgroup[] = [];
  private closed = false;
  private readonly maxIdle: number;
  private readonly maxLeftoverBytes: number;

  constructor(
    private readonly support: CgroupSupport,
    /** Start of each cgroup's name: the host process's pid, which the stale-cgroup sweep reads. */
    private readonly namePrefix: string,
    options: BoxCgroupPoolOptions = {},
  ) {
    this.maxIdle = options.maxIdle ?? 16;
    this.maxLeftoverBytes = options.maxLeftoverBytes ?? 1024 * 1024;
  }

  /** Cgroups kept for later boxes now (diagnostics and tests). */
  get idleCount(): number {
    return this.idle.length;
  }

  /**
   * A cgroup with these limits for a new box: a kept one, or a new one.
   * @throws Error when the host refuses to make one.
   */
  async take(limits: SandboxCgroupLimits): Promise<SandboxCgroup> {
    for (let index = this.idle.length - 1; index >= 0; index--) {
      const cgroup = this.idle[index] as SandboxCgroup;
      if (!sameLimits(cgroup.limits, limits)) continue;
      this.idle.splice(index, 1);
      if (cgroup.reuse()) {
        cgroup.recycler = this.keep;
        return cgroup;
      }
      await cgroup.removeFolders();
    }
    const cgroup = await SandboxCgroup.create(
      this.support,
      `${this.namePrefix}-${++cgroupsMade}`,
      limits,
    );
    cgroup.recycler = this.keep;
    return cgroup;
  }

  /** Removes the kept cgroups; later ended boxes' cgroups are removed, not kept. */
  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((cgroup) => cgroup.removeFolders()));
  }

  /** A cgroup whose box ended, all its processes gone: kept (true) or left to be removed. */
  private readonly keep = async (cgroup: SandboxCgroup): Promise<boolean> => {
    if (this.closed || this.idle.length >= this.maxIdle) return false;
    if (cgroup.memoryUsageBytes() > this.maxLeftoverBytes) return false;
    this.idle.push(cgroup);
    return true;
  };
}

/** Cgroups made in this process, by every pool: each gets a name of its own. */
let cgroupsMade = 0;

function sameLimits(a: SandboxCgroupLimits, b: SandboxCgroupLimits): boolean {
  return (
    Math.floor(a.memoryBytes) === Math.floor(b.memoryBytes) &&
    Math.floor(a.maxTasks) === Math.floor(b.maxTasks)
  );
}
