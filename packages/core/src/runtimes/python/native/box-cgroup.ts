import { SandboxError } from '../../../errors/sandbox-error';
import type { BoxCgroupPool } from './box-cgroup-pool';
import type { SandboxCgroup } from './sandbox-cgroup';
import type { SandboxProcess } from './sandbox-process';
import { descendantPids } from './sandbox-process-tree';

/** How the memory limit of native boxes is enforced on this host. */
export type NativePythonMemoryEnforcement =
  /** A cgroup (v2 or v1) per box counts all its memory, kernel memory included, and limits its tasks. */
  | 'cgroup-v2'
  | 'cgroup-v1'
  /**
   * No cgroup is available (not root nor delegated, read-only cgroupfs, not Linux): the host
   * samples the box's process memory, charges each of its sockets the most its buffers can
   * hold, and rlimits bound processes, address space and files.
   */
  | 'sampler';

const mib = 1024 * 1024;

/**
 * Memory a box's cgroup allows beyond the run's memory limit and its tmpfs mounts, in MB: what
 * the server allocates during a run (output, the result message), page tables and kernel
 * stacks. What it allocated while starting stays charged outside the box, which it joins once
 * ready: measured 0 MB at idle, 37 MB at the peak of importing numpy and pandas.
 */
const cgroupOverheadMb = 32;
/** Tasks of a box that are not the program's: both bubblewraps, the server and its output thread. */
const bookkeepingTasks = 4;

/** What a box's cgroup is sized from. */
export interface BoxCgroupLimits {
  memoryLimitMb: number;
  /** Size of the box's tmpfs mounts together (/tmp and /dev/shm): their files are charged too. */
  tmpfsMb: number;
  /** The program's process limit (RLIMIT_NPROC); the cgroup adds the box's own tasks. */
  maxProcesses: number;
}

/**
 * The cgroup of a new box, from the runtime's pool (kept from an ended box, or made): memory
 * limit + tmpfs + {@link cgroupOverheadMb}, tasks limit = the program's process limit +
 * {@link bookkeepingTasks}.
 * @throws SandboxError when the host refuses.
 */
export async function createBoxCgroup(
  pool: BoxCgroupPool,
  limits: BoxCgroupLimits,
): Promise<SandboxCgroup> {
  try {
    return await pool.take({
      memoryBytes: (limits.memoryLimitMb + limits.tmpfsMb + cgroupOverheadMb) * mib,
      maxTasks: limits.maxProcesses + bookkeepingTasks,
    });
  } catch (error) {
    throw new SandboxError({
      message: `Cannot create the cgroup of a Python sandbox: ${(error as Error).message}`,
      cause: error,
    });
  }
}

/**
 * Moves a box that just became ready into its cgroup. Every process of the box then is the
 * host's (both bubblewraps, the server waiting for its first request): no user code has run,
 * and everything it will start begins in the cgroup.
 * @throws SandboxError after disposing the box and its cgroup, when a process cannot be moved.
 */
export async function moveBoxIntoCgroup(cgroup: SandboxCgroup, box: SandboxProcess): Promise<void> {
  try {
    await cgroup.adopt([box.pid, ...(await descendantPids(box.pid))]);
  } catch (error) {
    await box.dispose();
    await cgroup.remove();
    throw new SandboxError({
      message: `Cannot move a Python sandbox into its cgroup: ${(error as Error).message}`,
      cause: error,
    });
  }
}
