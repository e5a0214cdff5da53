import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, delimiter, dirname, join, sep } from 'node:path';
import { RuntimeUnavailableError } from '../errors/runtime-unavailable-error';
import { coreDistFile, corePackageRoot } from '../package-files';
import { isolatedVmPackageName } from '../runtimes/isolated-vm-package';
import { withParentDeathSignal } from './parent-death-signal';

/** How worker processes are confined (see `CodeInterpreterOptions.workerIsolation`). */
export type WorkerIsolation = 'auto' | 'bubblewrap' | 'none';

/** The command that starts a worker process. */
export interface WorkerLaunch {
  command: string;
  args: string[];
  /** True when the worker runs under bubblewrap. */
  confined: boolean;
  /**
   * The host user and group to start the command as (`nobody`, 65534), when the application runs
   * as root and such a worker can still read what it needs: then the worker is nobody on the host
   * too, not only inside its user namespace, and per-user limits of nobody apply to it.
   */
  uid?: number;
  gid?: number;
}

/** The host's `nobody` user and group. */
const nobody = 65534;

let probed: { bwrap: string; works: boolean; asNobody: boolean } | undefined;

function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/**
 * The folders of package `name` (resolved from `from`) and of all it depends on, transitively
 * (pnpm keeps each package apart, linked from its dependents' node_modules).
 */
function packageTreeFolders(name: string, from: string, folders: Set<string>): void {
  // Found as Node finds it, without `require.resolve` (a package's `exports` may hide its
  // package.json).
  let folder: string | undefined;
  for (let at = dirname(from); ; at = dirname(at)) {
    const candidate = join(at, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) {
      folder = realpathSync(candidate);
      break;
    }
    if (dirname(at) === at) return;
  }
  // The node_modules folder holding it: its own dependencies are links there.
  let holder = dirname(folder);
  if (basename(holder).startsWith('@')) holder = dirname(holder);
  const readable = basename(holder) === 'node_modules' ? holder : folder;
  if (folders.has(readable)) return;
  folders.add(readable);
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  for (const dependency of Object.keys({
    ...manifest.dependencies,
    ...manifest.optionalDependencies,
  })) {
    packageTreeFolders(dependency, join(folder, 'package.json'), folders);
  }
}

/** What `readableFolders` found, kept for the process's life (packages do not move meanwhile). */
let readable: readonly string[] | undefined;

/**
 * Folders a worker must read: its package, the native and data packages it loads, Node itself.
 * Found once per process: walking the packages takes ~13 ms of the application's event loop,
 * and every worker launch needs them.
 */
function readableFolders(): readonly string[] {
  readable ??= findReadableFolders();
  return readable;
}

function findReadableFolders(): string[] {
  const root = corePackageRoot();
  const require = createRequire(join(root, 'package.json'));
  const realRoot = realpathSync(root);
  const folders = new Set<string>([realRoot, dirname(realpathSync(process.execPath))]);
  // Installed by pnpm, core's dependencies are links in the node_modules folder that holds core
  // (node_modules/.pnpm/<core>/node_modules): Node looks for them there, so the links must be
  // visible (their targets are bound below). npm's flat layout has each dependency at its real path.
  const parent = dirname(realRoot);
  const holder = basename(parent).startsWith('@') ? dirname(parent) : parent;
  if (basename(holder) === 'node_modules' && holder.split(sep).includes('.pnpm'))
    folders.add(holder);
  // The shell (just-bash) loads its commands' packages lazily, so all of them must be readable.
  packageTreeFolders('just-bash', join(root, 'package.json'), folders);
  for (const name of [isolatedVmPackageName(), 'pyodide']) {
    let folder: string;
    try {
      folder = dirname(realpathSync(require.resolve(`${name}/package.json`)));
    } catch {
      continue;
    }
    // Its own dependencies resolve through the node_modules folder that holds it (pnpm keeps
    // links to them there), and must be readable where the links point.
    const holder = dirname(folder);
    folders.add(basename(holder) === 'node_modules' ? holder : folder);
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const requireFromPackage = createRequire(join(folder, 'package.json'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      try {
        folders.add(
          dirname(realpathSync(requireFromPackage.resolve(`${dependency}/package.json`))),
        );
      } catch {}
    }
  }
  return [...folders];
}

const systemFolders = [
  '/usr',
  '/lib',
  '/lib64',
  '/lib32',
  '/bin',
  '/sbin',
  '/etc/ld.so.cache',
  '/etc/alternatives',
];

/**
 * bubblewrap arguments that give a worker process no network (its own empty network namespace),
 * no view of the host's processes, a read-only view of only the folders it needs (system
 * libraries, Node, this package), a private writable /tmp as its only scratch space, and death
 * with its supervisor. An isolate escape lands in this box.
 */
export function workerBubblewrapArguments(writableFolders: readonly string[] = []): string[] {
  const args = [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
  ];
  // Run as root, bubblewrap would leave the worker root in its box; make it nobody instead (no
  // capabilities, and per-user limits such as RLIMIT_NPROC apply to what it starts).
  if (process.getuid?.() === 0) args.push('--unshare-user', '--uid', '65534', '--gid', '65534');
  for (const folder of systemFolders) {
    if (existsSync(folder)) args.push('--ro-bind', folder, folder);
  }
  for (const folder of readableFolders()) args.push('--ro-bind', folder, folder);
  // The interpreter's workspaces: the only host folder a worker may write.
  for (const folder of writableFolders) args.push('--bind', folder, folder);
  // The box's own root (where the mount points above were made) is read-only too: /tmp is the
  // only writable place.
  args.push('--remount-ro', '/', '--chdir', '/tmp');
  return args;
}

/**
 * The exit status of a probe command. A probe that runs out of its 10 s is tried once more with
 * a minute: on a machine loaded far beyond its cores, starting Node under bubblewrap can take
 * longer than 10 s, and reading that as "bubblewrap does not work" would start workers unconfined.
 */
function probeStatus(
  command: string,
  args: string[],
  options: SpawnSyncOptions = {},
): number | null {
  const first = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000, ...options });
  if ((first.error as NodeJS.ErrnoException | undefined)?.code !== 'ETIMEDOUT') return first.status;
  return spawnSync(command, args, { stdio: 'ignore', timeout: 60_000, ...options }).status;
}

/**
 * True when a worker started as the host's nobody can load its entry (the package, Node and
 * isolated-vm readable by others). The entry exits with code 2 when not started by a supervisor,
 * after its imports have loaded. A package installed under a private folder (`/root`) fails this,
 * and workers then start as root, still nobody inside their user namespace.
 */
function workerStartsAsNobody(bwrap: string): boolean {
  const status = probeStatus(
    bwrap,
    [...workerBubblewrapArguments(), process.execPath, coreDistFile('sandbox-worker.js')],
    { uid: nobody, gid: nobody },
  );
  return status === 2;
}

/**
 * The launch command for a worker: under bubblewrap where it is available and works (Linux),
 * or a plain child process. `'bubblewrap'` demands confinement and throws when it cannot be had.
 */
export function workerLaunch(
  isolation: WorkerIsolation,
  nodeArgs: string[],
  writableFolders: readonly string[] = [],
): WorkerLaunch {
  const plain = { ...withParentDeathSignal(process.execPath, nodeArgs), confined: false };
  if (isolation === 'none') return plain;
  if (process.platform === 'linux') {
    if (!probed) {
      const bwrap = findOnPath('bwrap');
      probed = { bwrap: bwrap ?? 'bwrap', works: false, asNobody: false };
      if (bwrap) {
        // As root, a worker that starts as nobody under bubblewrap proves both at once (one
        // probe of ~95 ms at the application's start instead of two, ~165 ms in all); only when
        // it does not is bubblewrap itself tried.
        probed.asNobody = process.getuid?.() === 0 && workerStartsAsNobody(bwrap);
        probed.works =
          probed.asNobody ||
          probeStatus(bwrap, [...workerBubblewrapArguments(), process.execPath, '-e', '']) === 0;
      }
    }
    if (probed.works) {
      return {
        command: probed.bwrap,
        args: [...workerBubblewrapArguments(writableFolders), process.execPath, ...nodeArgs],
        confined: true,
        ...(probed.asNobody ? { uid: nobody, gid: nobody } : {}),
      };
    }
  }
  if (isolation === 'bubblewrap') {
    throw new RuntimeUnavailableError({
      runtime: 'worker-isolation',
      message:
        process.platform === 'linux'
          ? 'Worker isolation with bubblewrap was requested, but bwrap is missing or cannot create namespaces here. Install it (Debian/Ubuntu: apt-get install bubblewrap) or set workerIsolation to "auto".'
          : 'Worker isolation with bubblewrap is Linux-only; set workerIsolation to "auto" or "none" on this platform.',
    });
  }
  return plain;
}

/**
 * The host user and group that worker processes run as when it differs from the application's
 * (`nobody`, when the application runs as root and workers are confined): files the application
 * puts in a workspace are given to it, so programs can change them.
 */
export function workerFileOwner(
  isolation: WorkerIsolation,
): { uid: number; gid: number } | undefined {
  const launch = workerLaunch(isolation, []);
  return launch.uid === undefined || launch.gid === undefined
    ? undefined
    : { uid: launch.uid, gid: launch.gid };
}
