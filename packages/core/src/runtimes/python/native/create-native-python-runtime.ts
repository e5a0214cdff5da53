import { rmdirSync } from 'node:fs';
import { basename } from 'node:path';
import { SandboxError } from '../../../errors/sandbox-error';
import type { NativePythonOptions } from '../../../interpreter/code-interpreter-options';
import type { CreateSandboxOptions, Sandbox, SandboxRuntime } from '../../sandbox-runtime';
import { buildBwrapArguments, type HostFolder } from './bwrap-arguments';
import { type BwrapFeatures, detectBwrapFeatures } from './bwrap-features';
import {
  type CgroupSupport,
  cgroupParents,
  detectCgroupSupport,
  removeStaleCgroups,
} from './cgroup-support';
import { findNativePythonTools, type NativePythonTools } from './find-native-python-tools';
import {
  buildMatplotlibFontCache,
  type MatplotlibFontCache,
  removeMatplotlibFontCache,
  sandboxMatplotlibFolder,
} from './matplotlib-font-cache';
import { nativePythonBootstrap, nativePythonSources } from './native-python-bootstrap';
import { NativePythonSandbox } from './native-python-sandbox';
import { describePythonInstallation, describeSystemFiles } from './python-system-files';
import { SandboxCgroup } from './sandbox-cgroup';
import { SandboxProcess, seccompFd } from './sandbox-process';
import { descendantPids, processesMemoryBytes } from './sandbox-process-tree';
import { buildSeccompFilter } from './seccomp-filter';
import { socketBufferBytes } from './socket-buffer-bytes';

const mib = 1024 * 1024;

/**
 * Address space allowed beyond the memory limit, in MB. RLIMIT_AS counts reservations that use no
 * memory (shared libraries, thread stacks, malloc arenas): Python with numpy, pandas and a
 * matplotlib figure reserves about 370 MB. The memory limit itself is enforced by the host's
 * sampling of the sandbox's real memory; this rlimit bounds how far a sudden allocation can
 * overshoot between two samples, and makes huge allocations fail at once with MemoryError.
 */
const addressSpaceHeadroomMb = 768;
const maxOpenFiles = 256;
const maxTmpFiles = 10_000;
const shmSizeMb = 16;
const watchdogIntervalMs = 50;
const startTimeoutMs = 20_000;
/**
 * Memory a box's cgroup allows beyond the run's memory limit and its tmpfs mounts, in MB: what
 * the server itself allocates during a run (output buffers, the result message), page tables
 * and kernel stacks of its processes. What the server allocated while starting stays charged
 * outside the box (it joins its cgroup once ready), so this is small.
 */
const cgroupOverheadMb = 32;
/** Tasks of the box that are not the program's: both bubblewraps, the server and its output thread. */
const bookkeepingTasks = 4;

/** How the memory limit of native boxes is enforced on this host. */
export type NativePythonMemoryEnforcement =
  /** A cgroup (v2 or v1) per box counts all its memory, kernel memory included, and limits its tasks. */
  | 'cgroup-v2'
  | 'cgroup-v1'
  /**
   * No cgroup is available (not root nor delegated, read-only cgroupfs): the host samples the
   * box's process memory, charges each of its sockets the most its buffers can hold, and
   * rlimits bound processes, address space and files.
   */
  | 'sampler';

/** The native Python runtime, with how it enforces memory limits on this host. */
export interface NativePythonRuntime extends SandboxRuntime {
  /** Found once when the runtime is created. */
  readonly memoryEnforcement: NativePythonMemoryEnforcement;
}

/**
 * The native Python runtime: the machine's python3 under bubblewrap (Linux only). Each sandbox is
 * one long-lived python3 process in its own namespaces (no network, read-only system, private
 * size-limited /tmp, its own PID namespace, empty environment) with rlimits set soft and hard
 * before user code runs, plus a wall-clock kill and memory sampling from the host.
 *
 * @example
 * const runtime = createNativePythonRuntime({});
 * const sandbox = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
 * const outcome = await sandbox.run({ language: 'python', code: 'print(6 * 7)', timeoutMs: 5000,
 *   maxOutputChars: 100_000, signal: new AbortController().signal });
 * await sandbox.dispose();
 */
export function createNativePythonRuntime(
  options: NativePythonOptions = {},
  internal: {
    /** Tests only: pretend bubblewrap lacks options, to exercise the fallbacks for old versions. */
    bwrapFeatures?: Partial<BwrapFeatures>;
    /** Tests only: false to use no cgroups, as on a host without them. */
    cgroups?: boolean;
  } = {},
): NativePythonRuntime {
  const maxProcesses = options.maxProcesses ?? 64;
  const maxFileSizeMb = options.maxFileSizeMb ?? 64;
  const tmpSizeMb = options.tmpSizeMb ?? 64;
  const live = new Set<NativePythonSandbox>();
  let closed = false;
  // Built in the background on first use; sandboxes started before it is ready build their own.
  let fontCache: MatplotlibFontCache | undefined;
  let fontCacheBuild: Promise<void> | undefined;
  const closing = new AbortController();
  const cgroups: CgroupSupport | undefined =
    internal.cgroups === false ? undefined : detectCgroupSupport();
  if (cgroups) removeStaleCgroups(cgroups);
  const socketChargeBytes = cgroups ? 0 : 2 * socketBufferBytes();
  let boxes = 0;
  /** Sandboxes being started, so that close() can wait until they are stopped and removed. */
  const starting = new Set<Promise<unknown>>();
  let host:
    | {
        tools: NativePythonTools;
        folders: HostFolder[];
        features: BwrapFeatures;
        seccompFilter?: Buffer;
      }
    | undefined;

  async function startSandbox({ memoryLimitMb, stateful }: CreateSandboxOptions): Promise<Sandbox> {
    if (closed) throw new SandboxError({ message: 'The native Python runtime is closed.' });
    if (!host) {
      const tools = findNativePythonTools(options);
      host = {
        tools,
        folders: describeSystemFiles(
          tools.pythonPath,
          describePythonInstallation(tools.pythonPath),
        ),
        features: { ...detectBwrapFeatures(tools.bwrapPath), ...internal.bwrapFeatures },
        seccompFilter: buildSeccompFilter(),
      };
    }
    const { tools, folders, features, seccompFilter } = host;
    fontCacheBuild ??= buildMatplotlibFontCache(tools.pythonPath, closing.signal).then((cache) => {
      fontCache = cache;
    });
    const { modules, sources } = nativePythonSources();
    const bwrapArguments = buildBwrapArguments({
      hostFolders: folders,
      extraReadOnlyFolders: tools.extraReadOnlyFolders,
      tmpSizeMb,
      shmSizeMb,
      features,
      readOnlyFilesInTmp: (fontCache?.files ?? []).map((source) => ({
        source,
        destination: `${sandboxMatplotlibFolder}/${basename(source)}`,
      })),
      ...(seccompFilter ? { seccompFd } : {}),
      command: [tools.pythonPath, '-I', '-B', '-c', nativePythonBootstrap],
    });
    let cgroup: SandboxCgroup | undefined;
    if (cgroups) {
      try {
        cgroup = SandboxCgroup.create(cgroups, `${process.pid}-${++boxes}`, {
          memoryBytes: (memoryLimitMb + tmpSizeMb + shmSizeMb + cgroupOverheadMb) * mib,
          maxTasks: maxProcesses + bookkeepingTasks,
        });
      } catch (error) {
        throw new SandboxError({
          message: `Cannot create the cgroup of a Python sandbox: ${(error as Error).message}`,
          cause: error,
        });
      }
    }
    const started = SandboxProcess.start({
      bwrapPath: tools.bwrapPath,
      bwrapArguments,
      boot: {
        modules,
        sources,
        stateful,
        limits: {
          addressSpaceBytes: (memoryLimitMb + addressSpaceHeadroomMb) * mib,
          maxProcesses,
          maxFileSizeBytes: maxFileSizeMb * mib,
          maxOpenFiles,
        },
      },
      startTimeoutMs,
      maxMessageBytes: 1024 * 1024,
      ...(seccompFilter ? { seccompFilter } : {}),
      signal: closing.signal,
    }).catch(async (error: unknown) => {
      await cgroup?.remove();
      throw error;
    });
    const sandboxProcess = await started;
    if (cgroup) {
      // Every process of the box now is the host's (both bubblewraps, the server waiting for
      // its first request): no user code has run, and all it will start begins in the cgroup.
      try {
        cgroup.adopt([sandboxProcess.pid, ...(await descendantPids(sandboxProcess.pid))]);
      } catch (error) {
        await sandboxProcess.dispose();
        await cgroup.remove();
        throw new SandboxError({
          message: `Cannot move a Python sandbox into its cgroup: ${(error as Error).message}`,
          cause: error,
        });
      }
    }
    const baselineMemoryBytes =
      sandboxProcess.initPid === undefined
        ? 0
        : await processesMemoryBytes(await descendantPids(sandboxProcess.initPid));
    const sandbox = new NativePythonSandbox(
      sandboxProcess,
      {
        stateful,
        memoryLimitMb,
        maxTmpFiles,
        maxTmpMb: tmpSizeMb + shmSizeMb,
        watchdogIntervalMs,
        baselineMemoryBytes,
        socketChargeBytes,
      },
      cgroup,
    );
    if (closed) {
      await sandbox.dispose();
      throw new SandboxError({ message: 'The native Python runtime is closed.' });
    }
    live.add(sandbox);
    const dispose = sandbox.dispose.bind(sandbox);
    sandbox.dispose = async () => {
      live.delete(sandbox);
      await dispose();
    };
    return sandbox;
  }

  return {
    id: 'python-native',
    memoryEnforcement: cgroups ? `cgroup-v${cgroups.version}` : 'sampler',

    async createSandbox(sandboxOptions: CreateSandboxOptions): Promise<Sandbox> {
      const creation = startSandbox(sandboxOptions);
      starting.add(creation);
      try {
        return await creation;
      } finally {
        starting.delete(creation);
      }
    },

    async close() {
      closed = true;
      closing.abort();
      const sandboxes = [...live];
      live.clear();
      await Promise.all([
        ...sandboxes.map((sandbox) => sandbox.dispose()),
        ...[...starting].map((start) => start.catch(() => undefined)),
      ]);
      await fontCacheBuild;
      if (fontCache) removeMatplotlibFontCache(fontCache);
      fontCache = undefined;
      // The shared parent goes too once no runtime has a box in it (rmdir refuses otherwise).
      for (const parent of cgroups ? cgroupParents(cgroups) : []) {
        try {
          rmdirSync(parent);
        } catch {
          // another runtime's boxes are in it
        }
      }
    },
  };
}
