import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CgroupSupport, delegateControllers } from './cgroup-support';

/** The limits of one box's cgroup. */
export interface SandboxCgroupLimits {
  /** Most bytes of memory the box may be charged: its processes' pages, tmpfs files, kernel memory. */
  memoryBytes: number;
  /** Most tasks (processes and threads) in the box at once. */
  maxTasks: number;
}

/**
 * What becomes of a cgroup whose box ended (every process gone): true when it was kept for
 * another box (see BoxCgroupPool), false to remove it.
 */
export type CgroupRecycler = (cgroup: SandboxCgroup) => Promise<boolean>;

/** mkdir -p, again if another runtime's close() removed the shared parent meanwhile. */
async function makeFolder(folder: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(folder, { recursive: true });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error;
    }
  }
}

async function tryWrite(path: string, value: string): Promise<boolean> {
  try {
    await writeFile(path, value);
    return true;
  } catch {
    return false;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function counter(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One box's own cgroup (a folder per hierarchy): the kernel charges it everything the box's
 * processes make it allocate — their pages, files in its tmpfs mounts, and kernel memory such as
 * socket buffers, page tables and pipes that no process's resident set shows — and its OOM
 * killer stops the box at the limit. Its pids limit bounds processes and threads together.
 *
 * Made before the box starts and joined by the box's processes once the server is ready, before
 * any user code has been sent to it. When the box ends its processes are killed; the emptied
 * cgroup is then removed, or kept for a later box by its recycler (see BoxCgroupPool).
 *
 * Every file operation here runs off the event loop: making or removing a memory cgroup costs
 * the kernel about 0.75 ms on cgroup v1 (measured for issue 17 at 16 callers, where a worker's
 * thread spent 8% of its time in them), time the worker's other runs would otherwise wait.
 */
export class SandboxCgroup {
  private ended = false;
  /** OOM kills the kernel counted in this cgroup before its current box (see `memoryLimitHit`). */
  private oomKillsBefore = 0;
  /** What `memoryLimitHit` said when the box ended (a recycled cgroup counts another box's). */
  private hitAtEnd = false;
  /** Set by the pool that handed this cgroup out. */
  recycler: CgroupRecycler | undefined;

  private constructor(
    private readonly support: CgroupSupport,
    /** The box's folders: [memory, pids] for v1, [the one folder] for v2. */
    readonly folders: readonly string[],
    /** The limits it was made with (a pool hands it again only to a box with the same). */
    readonly limits: SandboxCgroupLimits,
  ) {}

  /**
   * Makes the cgroup of a box with its limits.
   * @throws Error when the host refuses (the caller reports the box as not started).
   */
  static async create(
    support: CgroupSupport,
    name: string,
    limits: SandboxCgroupLimits,
  ): Promise<SandboxCgroup> {
    const memory = String(Math.floor(limits.memoryBytes));
    const tasks = String(Math.floor(limits.maxTasks));
    if (support.version === 2) {
      await makeFolder(support.parent);
      delegateControllers(support.parent);
      const folder = join(support.parent, name);
      await makeFolder(folder);
      const cgroup = new SandboxCgroup(support, [folder], limits);
      try {
        await writeFile(join(folder, 'memory.max'), memory);
        await writeFile(join(folder, 'pids.max'), tasks);
        // Optional: no swap beyond the limit, and an OOM kills the whole box at once.
        await tryWrite(join(folder, 'memory.swap.max'), '0');
        await tryWrite(join(folder, 'memory.oom.group'), '1');
      } catch (error) {
        await cgroup.removeFolders();
        throw error;
      }
      return cgroup;
    }
    const memoryFolder = join(support.memoryParent, name);
    const pidsFolder = join(support.pidsParent, name);
    await makeFolder(memoryFolder);
    const cgroup = new SandboxCgroup(support, [memoryFolder, pidsFolder], limits);
    try {
      await makeFolder(pidsFolder);
      await writeFile(join(memoryFolder, 'memory.limit_in_bytes'), memory);
      // Where present: memory plus swap (swap accounting), and kernel memory. Since Linux 5.x
      // kernel memory is charged to memory.limit_in_bytes anyway and kmem's own limit is ignored;
      // older kernels only account it once a kmem limit is set.
      await tryWrite(join(memoryFolder, 'memory.memsw.limit_in_bytes'), memory);
      await tryWrite(join(memoryFolder, 'memory.kmem.limit_in_bytes'), memory);
      await writeFile(join(pidsFolder, 'pids.max'), tasks);
    } catch (error) {
      await cgroup.removeFolders();
      throw error;
    }
    return cgroup;
  }

  /**
   * Moves processes (each with all its threads) into the cgroup. Their children, made later,
   * start in it. Call it before the box runs any user code, and wait for it.
   *
   * Written off the event loop: a write to `cgroup.procs` waits for the kernel's global lock on
   * thread groups (about 1.8 ms a box here, measured for issue 17), which every fork on the host
   * takes too, including the forks of programs in other boxes.
   * @throws Error when a process cannot be moved.
   */
  async adopt(pids: readonly number[]): Promise<void> {
    for (const folder of this.folders) {
      for (const pid of pids) await writeFile(join(folder, 'cgroup.procs'), String(pid));
    }
  }

  /** True once the kernel's OOM killer stopped a process of the box at the memory limit. */
  memoryLimitHit(): boolean {
    if (this.ended) return this.hitAtEnd;
    return this.oomKills() > this.oomKillsBefore;
  }

  /** Bytes charged to the cgroup now. */
  memoryUsageBytes(): number {
    const folder = this.folders[0] as string;
    const file = this.support.version === 2 ? 'memory.current' : 'memory.usage_in_bytes';
    return Number(readText(join(folder, file)).trim()) || 0;
  }

  /** Host pids of the processes in the cgroup. */
  processes(): number[] {
    const pids = new Set<number>();
    for (const folder of this.folders) {
      for (const word of readText(join(folder, 'cgroup.procs')).split('\n')) {
        if (word.trim()) pids.add(Number(word));
      }
    }
    return [...pids];
  }

  /**
   * Readies an emptied cgroup for its next box (see BoxCgroupPool): false when a process is in
   * it. The kernel's OOM count cannot be reset, so the next box's `memoryLimitHit` counts from
   * here.
   */
  reuse(): boolean {
    if (!this.ended || this.processes().length > 0) return false;
    this.oomKillsBefore = this.oomKills();
    this.hitAtEnd = false;
    this.ended = false;
    return true;
  }

  /**
   * Ends the box: kills every process in the cgroup and waits until none is left; then its
   * recycler may keep the cgroup for another box, else it is removed. Idempotent.
   */
  async remove(): Promise<void> {
    if (this.ended) return;
    this.hitAtEnd = this.memoryLimitHit();
    this.ended = true;
    const deadline = Date.now() + 5000;
    for (;;) {
      const left = this.processes();
      if (left.length === 0) break;
      if (Date.now() > deadline) {
        // Not empty: never handed on; rmdir below fails and the stale sweep retries later.
        this.recycler = undefined;
        break;
      }
      const killAll = join(this.folders[0] as string, 'cgroup.kill');
      if (!(this.support.version === 2 && existsSync(killAll) && (await tryWrite(killAll, '1')))) {
        for (const pid of left) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone meanwhile
          }
        }
      }
      await sleep(10);
    }
    if (this.recycler && (await this.recycler(this))) return;
    await this.removeFolders(deadline);
  }

  /** Removes the folders that are still there, retrying while rmdir says busy (until `deadline`). */
  async removeFolders(deadline = Date.now()): Promise<void> {
    for (;;) {
      let done = true;
      for (const folder of this.folders) {
        try {
          await rmdir(folder);
        } catch (error) {
          // EBUSY until the last task has fully exited.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') done = false;
        }
      }
      if (done || Date.now() >= deadline) return;
      await sleep(10);
    }
  }

  private oomKills(): number {
    const folder = this.folders[0] as string;
    if (this.support.version === 2) {
      const events = readText(join(folder, 'memory.events'));
      return counter(events, 'oom_kill') + counter(events, 'oom_group_kill');
    }
    return counter(readText(join(folder, 'memory.oom_control')), 'oom_kill');
  }
}
