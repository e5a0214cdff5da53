import { workspaceMount } from '../../../workspace/sandbox-path';
import { allBwrapFeatures, type BwrapFeatures } from './bwrap-features';

/**
 * Files of /etc that Python and its scientific packages need, and nothing else: the dynamic
 * linker's cache, Debian's alternatives (libblas.so.3 for numpy is a symlink through it),
 * matplotlib's system rc file and fontconfig. Not passwd, hosts, resolv.conf or anything with
 * host secrets or names.
 */
const etcFiles = [
  '/etc/ld.so.cache',
  '/etc/alternatives',
  '/etc/matplotlibrc',
  '/etc/fonts',
] as const;

/** A host path the box sees: bound read-only at the same path, or a symlink made inside. */
export type HostFolder =
  | { path: string; kind: 'bind' }
  | { path: string; kind: 'symlink'; target: string };

/** The fixed environment of the sandboxed program: nothing of the host's environment leaks in. */
export const sandboxEnvironment: Readonly<Record<string, string>> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
  PYTHONDONTWRITEBYTECODE: '1',
  PYTHONUNBUFFERED: '1',
  MPLBACKEND: 'Agg',
  // A folder of /tmp, where the host mounts a prebuilt font list (see matplotlib-font-cache.ts).
  MPLCONFIGDIR: '/tmp/.matplotlib',
  // One BLAS/OpenMP thread: threads count against the process limit, and each OpenBLAS thread
  // reserves ~70 MB of address space (measured: numpy's import reserves 140 MB less).
  OPENBLAS_NUM_THREADS: '1',
  OMP_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
  // Each malloc arena reserves 64 MB of address space; RLIMIT_AS counts reservations.
  MALLOC_ARENA_MAX: '2',
};

/** What {@link buildBwrapArguments} needs. */
export interface BwrapArgumentsOptions {
  /** Host system files and folders, from `describeSystemFiles` (python-system-files.ts). */
  hostFolders: readonly HostFolder[];
  /** Extra host folders to bind read-only at the same path (e.g. a Python outside /usr). */
  extraReadOnlyFolders?: readonly string[];
  /** Host files to mount read-only inside the private /tmp (`destination` must be under /tmp). */
  readOnlyFilesInTmp?: readonly { source: string; destination: string }[];
  /** Host paths bound read-only at other paths (bound after /tmp, so they may be anywhere). */
  readOnlyBinds?: readonly { source: string; destination: string }[];
  /** Size of the private writable /tmp (a tmpfs), in MB. */
  tmpSizeMb: number;
  /** Size of the private /dev/shm (POSIX shared memory, multiprocessing's semaphores), in MB. */
  shmSizeMb: number;
  /** File descriptor (in bwrap) carrying a seccomp BPF program, if one is used. */
  seccompFd?: number;
  /** Options this bubblewrap supports (older ones lack some). @default all */
  features?: BwrapFeatures;
  /**
   * Host folder bound read-only at `/workspace`, the working directory: the box's empty slot,
   * on which the run's workspace folder is bound read-write when the run arrives (see
   * workspace-mount-namespace.ts). Without it the working directory is /tmp.
   */
  workspaceSlot?: string;
  /**
   * Capabilities the program keeps inside the box's user namespace (the zygote needs
   * CAP_SYS_ADMIN to uncover its /proc, then drops it). @default none
   */
  capabilities?: readonly string[];
  /** The command to run inside: the Python interpreter and its arguments. */
  command: readonly string[];
}

const mib = 1024 * 1024;

/**
 * The bubblewrap command line of a sandbox:
 * - every namespace unshared (no network: an empty network namespace; own PID, IPC, UTS, cgroup
 *   and user namespaces), and no nested user namespaces (`--disable-userns` where supported;
 *   the seccomp filter blocks them too);
 * - killed when its parent (the worker process) dies; a new session (no TIOCSTI on a terminal);
 * - a read-only root with only what Python needs of /usr (and the /bin, /lib... links), a few
 *   /etc files, a fresh /proc for its own PID namespace, a minimal /dev (null, zero, random,
 *   ...), read-only;
 * - tmpfs mounts on /tmp and /dev/shm, the only writable places, size-limited where bubblewrap
 *   supports `--size` (the host's watchdog checks their size and file count either way);
 * - the box's workspace slot at `/workspace` (read-only and empty until a run's workspace
 *   folder is bound on it, read-write), the working directory;
 * - an empty environment plus {@link sandboxEnvironment}.
 */
export function buildBwrapArguments(options: BwrapArgumentsOptions): string[] {
  const features = options.features ?? allBwrapFeatures;
  const args = ['--unshare-all', '--unshare-user'];
  if (features.disableUserns) args.push('--disable-userns');
  args.push('--die-with-parent', '--new-session', '--hostname', 'sandbox');
  for (const folder of options.hostFolders) {
    if (folder.kind === 'symlink') args.push('--symlink', folder.target, folder.path);
    else args.push('--ro-bind', folder.path, folder.path);
  }
  for (const file of etcFiles) args.push('--ro-bind-try', file, file);
  for (const folder of options.extraReadOnlyFolders ?? []) args.push('--ro-bind', folder, folder);
  args.push('--proc', '/proc', '--dev', '/dev');
  const sized = (sizeMb: number) =>
    features.tmpfsSize ? ['--size', String(Math.max(1, Math.round(sizeMb * mib)))] : [];
  args.push(...sized(options.tmpSizeMb), '--tmpfs', '/tmp');
  for (const file of options.readOnlyFilesInTmp ?? []) {
    if (!file.destination.startsWith('/tmp/'))
      throw new Error(`${file.destination} is not under /tmp`);
    args.push('--ro-bind', file.source, file.destination);
  }
  args.push(...sized(options.shmSizeMb), '--tmpfs', '/dev/shm');
  for (const bind of options.readOnlyBinds ?? [])
    args.push('--ro-bind', bind.source, bind.destination);
  if (options.workspaceSlot) args.push('--ro-bind', options.workspaceSlot, workspaceMount);
  // bwrap builds the tree on a tmpfs root and a tmpfs /dev; both would otherwise stay writable
  // without any size limit (a way to fill the host's memory).
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  if (features.clearenv) args.push('--clearenv');
  for (const [name, value] of Object.entries(sandboxEnvironment))
    args.push('--setenv', name, value);
  args.push('--chdir', options.workspaceSlot ? workspaceMount : '/tmp');
  if (options.seccompFd !== undefined) args.push('--seccomp', String(options.seccompFd));
  for (const capability of options.capabilities ?? []) args.push('--cap-add', capability);
  args.push('--', ...options.command);
  return args;
}
