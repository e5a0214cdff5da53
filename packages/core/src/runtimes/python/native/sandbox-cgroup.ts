import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CgroupSupport, delegateControllers } from './cgroup-support';

/** The limits of one box's cgroup. */
export interface SandboxCgroupLimits {
  /** Most bytes of memory the box may be charged: its processes' pages, tmpfs files, kernel memory. */
  memoryBytes: number;
  /** Most tasks (processes and threads) in the box at once. */
  maxTasks: number;
}

/** mkdir -p, again if another runtime's close() removed the shared parent meanwhile. */
function makeFolder(folder: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      mkdirSync(folder, { recursive: true });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error;
    }
  }
}

function tryWrite(path: string, value: string): boolean {
  try {
    writeFileSync(path, value);
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
 * any user code has been sent to it; removed (its processes killed first) when the box ends.
 */
export class SandboxCgroup {
  private removed = false;

  private constructor(
    private readonly support: CgroupSupport,
    /** The box's folders: [memory, pids] for v1, [the one folder] for v2. */
    readonly folders: readonly string[],
  ) {}

  /**
   * Makes the cgroup of a box with its limits.
   * @throws Error when the host refuses (the caller reports the box as not started).
   */
  static create(support: CgroupSupport, name: string, limits: SandboxCgroupLimits): SandboxCgroup {
    const memory = String(Math.floor(limits.memoryBytes));
    const tasks = String(Math.floor(limits.maxTasks));
    if (support.version === 2) {
      makeFolder(support.parent);
      delegateControllers(support.parent);
      const folder = join(support.parent, name);
      makeFolder(folder);
      const cgroup = new SandboxCgroup(support, [folder]);
      try {
        writeFileSync(join(folder, 'memory.max'), memory);
        writeFileSync(join(folder, 'pids.max'), tasks);
        // Optional: no swap beyond the limit, and an OOM kills the whole box at once.
        tryWrite(join(folder, 'memory.swap.max'), '0');
        tryWrite(join(folder, 'memory.oom.group'), '1');
      } catch (error) {
        cgroup.removeFolders();
        throw error;
      }
      return cgroup;
    }
    const memoryFolder = join(support.memoryParent, name);
    const pidsFolder = join(support.pidsParent, name);
    makeFolder(memoryFolder);
    const cgroup = new SandboxCgroup(support, [memoryFolder, pidsFolder]);
    try {
      makeFolder(pidsFolder);
      writeFileSync(join(memoryFolder, 'memory.limit_in_bytes'), memory);
      // Where present: memory plus swap (swap accounting), and kernel memory. Since Linux 5.x
      // kernel memory is charged to memory.limit_in_bytes anyway and kmem's own limit is ignored;
      // older kernels only account it once a kmem limit is set.
      tryWrite(join(memoryFolder, 'memory.memsw.limit_in_bytes'), memory);
      tryWrite(join(memoryFolder, 'memory.kmem.limit_in_bytes'), memory);
      writeFileSync(join(pidsFolder, 'pids.max'), tasks);
    } catch (error) {
      cgroup.removeFolders();
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
    const folder = this.folders[0] as string;
    if (this.support.version === 2) {
      const events = readText(join(folder, 'memory.events'));
      return counter(events, 'oom_kill') > 0 || counter(events, 'oom_group_kill') > 0;
    }
    return counter(readText(join(folder, 'memory.oom_control')), 'oom_kill') > 0;
  }

  /** Bytes charged to the box now (diagnostics). */
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

  /** Kills every process in the cgroup, waits until none is left, and removes it. Idempotent. */
  async remove(): Promise<void> {
    if (this.removed) return;
    this.removed = true;
    const deadline = Date.now() + 5000;
    for (;;) {
      const left = this.processes();
      if (left.length === 0 || Date.now() > deadline) break;
      const killAll = join(this.folders[0] as string, 'cgroup.kill');
      if (!(this.support.version === 2 && existsSync(killAll) && tryWrite(killAll, '1'))) {
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
    // rmdir fails with EBUSY until the last task has fully exited.
    while (!this.removeFolders() && Date.now() < deadline) await sleep(10);
  }

  /** Removes the folders that are still there; true when none is left. */
  private removeFolders(): boolean {
    let done = true;
    for (const folder of this.folders) {
      try {
        rmdirSync(folder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') done = false;
      }
    }
    return done;
  }
}
