import { rmdirSync } from 'node:fs';
import { basename } from 'node:path';
import { SandboxError } from '../../../errors/sandbox-error';
import type { NativePythonOptions } from '../../../interpreter/code-interpreter-options';
import type { CreateSandboxOptions, Sandbox, SandboxRuntime } from '../../sandbox-runtime';
import {
  createBoxCgroup,
  moveBoxIntoCgroup,
  type NativePythonMemoryEnforcement,
} from './box-cgroup';
import { BoxCgroupPool } from './box-cgroup-pool';
import { buildBwrapArguments, type HostFolder } from './bwrap-arguments';
import { type BwrapFeatures, detectBwrapFeatures } from './bwrap-features';
import {
  type CgroupSupport,
  cgroupParents,
  detectCgroupSupport,
  removeStaleCgroups,
} from './cgroup-support';
import { findNativePythonTools, type NativePythonTools } from './find-native-python-tools';
import type { BoxProcess } from './forked-box';
import {
  buildMatplotlibFontCache,
  type MatplotlibFontCache,
  removeMatplotlibFontCache,
  removeStaleMatplotlibFontCaches,
  sandboxMatplotlibFolder,
} from './matplotlib-font-cache';
import { nativePythonBootstrap, nativePythonSources } from './native-python-bootstrap';
import { NativePythonSandbox } from './native-python-sandbox';
import { NativePythonZygote, type ZygoteLife } from './native-python-zygote';
import { describePythonInstallation, describeSystemFiles } from './python-system-files';
import type { SandboxCgroup } from './sandbox-cgroup';
import { SandboxProcess, seccompFd } from './sandbox-process';
import { childPids, descendantPids, processesMemoryBytes } from './sandbox-process-tree';
import { buildSeccompFilter } from './seccomp-filter';
import { socketBufferBytes } from './socket-buffer-bytes';
import {
  removeStaleSlotsFolders,
  sandboxUserId,
  WorkspaceMountNamespace,
} from './workspace-mount-namespace';

const mib = 1024 * 1024;

/**
 * Address space allowed beyond the memory limit, in MB. RLIMIT_AS counts reservations that use no
 * memory (shared libraries, thread stacks, malloc arenas): Python with numpy, pandas and a
 * matplotlib figure reserves about 370 MB. The memory limit itself is enforced by the box's
 * cgroup and the host's sampling of the sandbox's real memory; this rlimit bounds how far a
 * sudden allocation can overshoot between two samples, and makes huge allocations fail at once
 * with MemoryError.
 */
const addressSpaceHeadroomMb = 768;
const maxOpenFiles = 256;
const maxTmpFiles = 10_000;
const shmSizeMb = 16;
const watchdogIntervalMs = 50;
const workspaceWatchIntervalMs = 200;
const startTimeoutMs = 20_000;
/** Failed forks, with none ever forked, after which a runtime gives its zygote up. */
const zygoteFailuresToGiveUp = 3;

/** Where a zygote's box sees every slot, the host's socket folder and the font list files. */
const zygoteSlotsFolder = '/tmp/.code-interpreter/slots';
const zygoteHostFolder = '/tmp/.code-interpreter/host';
const zygoteFontsFolder = '/tmp/.code-interpreter/fonts';

export type { NativePythonMemoryEnforcement } from './box-cgroup';

/** The native Python runtime, with how it enforces memory limits on this host. */
export interface NativePythonRuntime extends SandboxRuntime {
  /** Found once when the runtime is created. */
  readonly memoryEnforcement: NativePythonMemoryEnforcement;
}

/**
 * The native Python runtime: the machine's python3 under bubblewrap (Linux only). Each sandbox is
 * one long-lived python3 process in its own namespaces (no network, read-only system, private
 * size-limited /tmp, its own PID namespace, empty environment, only what Python needs of /usr)
 * with rlimits set soft and hard before user code runs, its own memory and pids cgroup where
 * the host has them (see {@link NativePythonRuntime.memoryEnforcement}), plus a wall-clock kill
 * and memory sampling from the host. Each box is forked from a zygote, one bubblewrap box whose
 * python3 has imported the driver already (see native-python-zygote.ts); where the host refuses
 * the namespaces a fork makes, every box is a bubblewrap box of its own.
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
    /**
     * Tests only: true forks every sandbox from a zygote (see native-python-zygote.ts), whatever
     * the environment says (the clean-state tests of forked boxes force it on). false: every
     * sandbox is a bubblewrap box of its own started from scratch (the fallback of hosts that
     * refuse the zygote's nested namespaces).
     * @default true, or what CODE_INTERPRETER_TEST_NATIVE_ZYGOTE says (1 or 0, tests)
     */
    zygote?: boolean;
    /** Tests only: how long, and for how many forks, each zygote forks boxes. */
    zygoteLife?: ZygoteLife;
    /**
     * Tests only: called before each fork (1, 2, ...); a returned error fails that fork as a
     * failed fork does (its sandbox gets a bubblewrap box).
     */
    failFork?: (attempt: number) => Error | undefined;
  } = {},
): NativePythonRuntime {
  // A fork of the zygote costs a fraction of a box started by bubblewrap (python3 started and the
  // driver imported once per zygote, not once per box): see native-python-zygote.ts.
  const useZygote = internal.zygote ?? zygoteFromTestEnvironment() ?? true;
  /**
   * Set once the zygote failed `zygoteFailuresToGiveUp` times before it ever forked a box: this
   * host refuses it, and gets bubblewrap boxes.
   */
  let zygoteUnavailable = false;
  let zygoteForked = false;
  /** Forks (and zygote starts) that failed before the first fork succeeded. */
  let failuresBeforeFirstFork = 0;
  let forkAttempts = 0;
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
  // What workers killed before they closed their runtime left in the temporary folder.
  if (useZygote) NativePythonZygote.removeStaleSocketFolders();
  removeStaleSlotsFolders();
  removeStaleMatplotlibFontCaches();
  const socketChargeBytes = cgroups ? 0 : 2 * socketBufferBytes();
  // Names start with this process's pid, which the stale-cgroup sweep reads.
  const cgroupPool = cgroups ? new BoxCgroupPool(cgroups, String(process.pid)) : undefined;
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
  let zygote: Promise<NativePythonZygote> | undefined;
  /** The next zygote, started while the current one nears the end of its life (see `usable`). */
  let nextZygote: Promise<NativePythonZygote> | undefined;
  /** `nextZygote` once it started (until it replaces the current one). */
  let nextZygoteStarted: NativePythonZygote | undefined;
  const zygotes = new Set<NativePythonZygote>();
  /** The namespace each zygote's box binds the slots folder of: it forks only boxes of that one. */
  const zygoteNamespaces = new WeakMap<NativePythonZygote, WorkspaceMountNamespace>();
  /** Where every box starts, so that a run's workspace can be bound into a box booted earlier. */
  let mountNamespace: Promise<WorkspaceMountNamespace> | undefined;

  /**
   * The namespace boxes start in: the current one while its helper lives, else a new one. Calls
   * at the same moment (the first boxes of a burst) share one start: two namespaces would give a
   * box a slot that the zygote, bound to the other one's slots folder, cannot see.
   */
  async function workspaceNamespace(pythonPath: string): Promise<WorkspaceMountNamespace> {
    for (;;) {
      const pending = mountNamespace;
      const current = await pending?.catch(() => undefined);
      if (mountNamespace !== pending) continue; // another call started a new one meanwhile
      if (current?.alive) return current;
      current?.close();
      mountNamespace = WorkspaceMountNamespace.start(pythonPath, closing.signal);
      return mountNamespace;
    }
  }

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
    const namespace = await workspaceNamespace(tools.pythonPath);
    if (useZygote && !zygoteUnavailable) {
      try {
        const sandbox = await startForkedSandbox(namespace, { memoryLimitMb, stateful });
        zygoteForked = true;
        return sandbox;
      } catch (error) {
        if (closed) throw error;
        // This sandbox gets a bubblewrap box. A host that refuses the zygote's nested namespaces
        // (AppArmor's restriction of user namespaces to bubblewrap, a low
        // user.max_user_namespaces) fails every fork: after a few, with none ever forked, the
        // zygote is given up. One failure is not enough: a passing one (a zygote that died, a
        // start past its deadline) would leave every later sandbox of the runtime a bubblewrap
        // box, at several times the CPU of a fork.
        if (!zygoteForked && ++failuresBeforeFirstFork >= zygoteFailuresToGiveUp) {
          zygoteUnavailable = true;
        }
      }
    }
    const slot = namespace.newSlot();
    const bwrapArguments = buildBwrapArguments({
      workspaceSlot: slot,
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
    const cgroup = await newBoxCgroup(memoryLimitMb);
    const sandboxProcess = await SandboxProcess.start({
      bwrapPath: tools.bwrapPath,
      bwrapArguments,
      launcher: namespace.launch(tools.nsenterPath),
      boot: {
        modules,
        sources,
        stateful,
        limits: boxLimits(memoryLimitMb),
      },
      startTimeoutMs,
      maxMessageBytes: 1024 * 1024,
      ...(seccompFilter ? { seccompFilter } : {}),
      signal: closing.signal,
    }).catch(async (error: unknown) => {
      await cgroup?.remove();
      await namespace.removeSlot(slot);
      throw error;
    });
    if (cgroup) await moveBoxIntoCgroup(cgroup, sandboxProcess);
    const baselineMemoryBytes =
      sandboxProcess.initPid === undefined
        ? 0
        : await processesMemoryBytes(await descendantPids(sandboxProcess.initPid));
    return wrapBox(sandboxProcess, { stateful, memoryLimitMb }, baselineMemoryBytes, cgroup, {
      namespace,
      slot,
    });
  }

  /** The rlimits a box's server sets on itself before user code runs. */
  function boxLimits(memoryLimitMb: number) {
    return {
      addressSpaceBytes: (memoryLimitMb + addressSpaceHeadroomMb) * mib,
      maxProcesses,
      maxFileSizeBytes: maxFileSizeMb * mib,
      maxOpenFiles,
    };
  }

  /** The next box's own cgroup with its limits, where the host has cgroups. */
  async function newBoxCgroup(memoryLimitMb: number): Promise<SandboxCgroup | undefined> {
    return cgroupPool
      ? createBoxCgroup(cgroupPool, {
          memoryLimitMb,
          tmpfsMb: tmpSizeMb + shmSizeMb,
          maxProcesses,
        })
      : undefined;
  }

  /** A started box (bwrap or forked) as this runtime's sandbox, tracked until disposed. */
  function wrapBox(
    box: BoxProcess,
    { stateful, memoryLimitMb }: CreateSandboxOptions,
    baselineMemoryBytes: number,
    cgroup: SandboxCgroup | undefined,
    { namespace, slot }: { namespace: WorkspaceMountNamespace; slot: string },
  ): Promise<Sandbox> {
    const sandbox = new NativePythonSandbox(
      box,
      {
        stateful,
        memoryLimitMb,
        maxTmpFiles,
        maxTmpMb: tmpSizeMb + shmSizeMb,
        watchdogIntervalMs,
        workspaceWatchIntervalMs,
        baselineMemoryBytes,
        socketChargeBytes,
        ...(process.getuid?.() === 0 ? { workspaceOwner: sandboxUserId } : {}),
      },
      cgroup,
      {
        show: (folder) => namespace.mount(slot, folder),
        hide: () => namespace.unmount(slot),
        remove: () => namespace.removeSlot(slot),
      },
    );
    return track(sandbox);
  }

  async function track(sandbox: NativePythonSandbox): Promise<Sandbox> {
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

  /**
   * The zygote to fork from: started on first use, again after it died, once fonts are ready or
   * at the end of its life. Its successor starts while it nears that end, or once the font list
   * it lacks is built, so that no fork waits for a zygote to start but the first.
   */
  async function currentZygote(namespace: WorkspaceMountNamespace): Promise<NativePythonZygote> {
    let current: NativePythonZygote | undefined;
    for (;;) {
      const pending = zygote;
      current = await pending?.catch(() => undefined);
      if (zygote === pending) break; // another call started a new one meanwhile: use that
    }
    // A zygote sees only the slots of the namespace it started in.
    const fit = (candidate: NativePythonZygote | undefined) =>
      candidate?.usable === true &&
      (candidate.hasFonts || !fontCache) &&
      zygoteNamespaces.get(candidate) === namespace;
    if (current && fit(current)) {
      if (current.nearlyUsedUp) startNextZygote(namespace);
      return current;
    }
    // The font list was built after this zygote started: it keeps forking (boxes without the
    // list, as before it was built) until its successor with the list has started, so no fork
    // waits for a zygote's start (measured for issue 17: a new worker's first sessions waited
    // 100-300 ms for it, and sessions created back to back 20-50 ms while it started).
    if (
      current?.usable === true &&
      !current.hasFonts &&
      zygoteNamespaces.get(current) === namespace
    ) {
      const successor = nextZygoteStarted;
      if (!successor || !fit(successor)) {
        if (successor) {
          // Started before the list too: it is replaced as well.
          successor.retire();
          nextZygote = undefined;
          nextZygoteStarted = undefined;
        }
        startNextZygote(namespace);
        return current;
      }
    }
    current?.retire();
    const ahead = nextZygote;
    nextZygote = undefined;
    nextZygoteStarted = undefined;
    zygote = ahead
      ? ahead
          .catch(() => undefined)
          .then((next) => {
            if (next && fit(next)) return next;
            next?.retire();
            return startZygote(namespace);
          })
      : startZygote(namespace);
    return zygote;
  }

  /** Starts the current zygote's successor in the background, unless one is starting. */
  function startNextZygote(namespace: WorkspaceMountNamespace): void {
    if (nextZygote) return;
    const next = startZygote(namespace);
    nextZygote = next;
    next.then(
      (started) => {
        if (nextZygote === next) nextZygoteStarted = started;
      },
      () => {}, // a failed start is seen (and retried) when it is needed
    );
  }

  /** Starts a zygote with the fonts built so far; `close()` stops it with the others. */
  async function startZygote(namespace: WorkspaceMountNamespace): Promise<NativePythonZygote> {
    if (!host) throw new SandboxError({ message: 'The native Python runtime is not set up.' });
    const { tools, folders, features } = host;
    const { modules, sources } = nativePythonSources();
    const { folder, socketPath } = NativePythonZygote.socketFolder();
    const fonts = fontCache;
    const started = await NativePythonZygote.start({
      folder,
      socketPath,
      hasFonts: fonts !== undefined,
      bwrapPath: tools.bwrapPath,
      bwrapArguments: buildBwrapArguments({
        workspaceSlot: namespace.newSlot(),
        hostFolders: folders,
        ...(tools.extraReadOnlyFolders ? { extraReadOnlyFolders: tools.extraReadOnlyFolders } : {}),
        readOnlyBinds: [
          { source: namespace.slotsFolder, destination: zygoteSlotsFolder },
          { source: folder, destination: zygoteHostFolder },
          ...(fonts ?? { files: [] }).files.map((source) => ({
            source,
            destination: `${zygoteFontsFolder}/${basename(source)}`,
          })),
        ],
        tmpSizeMb: 1,
        shmSizeMb: 1,
        capabilities: ['CAP_SYS_ADMIN'],
        // Its forks make user namespaces of their own; theirs refuse nested ones (seccomp).
        features: { ...features, disableUserns: false },
        command: [tools.pythonPath, '-I', '-B', '-c', nativePythonBootstrap],
      }),
      launcher: namespace.launch(tools.nsenterPath),
      boot: {
        modules,
        sources,
        main: 'code_interpreter_native_zygote',
        slotsFolder: zygoteSlotsFolder,
        socketPath: `${zygoteHostFolder}/${basename(socketPath)}`,
        // Without --size support bubblewrap's tmpfs is unlimited and the watchdog bounds it: same here.
        ...(features.tmpfsSize ? { tmpBytes: tmpSizeMb * mib, shmBytes: shmSizeMb * mib } : {}),
        fonts: (fonts?.files ?? []).map((file) => `${zygoteFontsFolder}/${basename(file)}`),
        fontsTarget: sandboxMatplotlibFolder,
      },
      startTimeoutMs,
      maxMessageBytes: 64 * 1024,
      signal: closing.signal,
      ...(internal.zygoteLife ? { life: internal.zygoteLife } : {}),
    });
    if (closed) {
      await started.close();
      throw new SandboxError({ message: 'The native Python runtime is closed.' });
    }
    zygotes.add(started);
    zygoteNamespaces.set(started, namespace);
    return started;
  }

  async function startForkedSandbox(
    namespace: WorkspaceMountNamespace,
    { memoryLimitMb, stateful }: CreateSandboxOptions,
  ): Promise<Sandbox> {
    const { seccompFilter } = host ?? {};
    const injected = internal.failFork?.(++forkAttempts);
    if (injected) throw injected;
    const parent = await currentZygote(namespace);
    const slot = namespace.newSlot();
    const cgroup = await newBoxCgroup(memoryLimitMb);
    const box = await parent
      .fork({
        slot,
        go: {
          type: 'go',
          stateful,
          limits: boxLimits(memoryLimitMb),
          ...(seccompFilter ? { seccomp: seccompFilter.toString('hex') } : {}),
        },
        ...(cgroup ? { adopt: (pid: number) => cgroup.adopt([pid]) } : {}),
        maxMessageBytes: 1024 * 1024,
        startTimeoutMs,
      })
      .catch(async (error: unknown) => {
        await cgroup?.remove();
        await namespace.removeSlot(slot);
        throw error;
      });
    // The server's resident memory counts the pages it shares with the zygote in full.
    const baselineMemoryBytes = await processesMemoryBytes(await childPids(box.pid));
    return wrapBox(box, { stateful, memoryLimitMb }, baselineMemoryBytes, cgroup, {
      namespace,
      slot,
    });
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
      await Promise.all([zygote?.catch(() => undefined), nextZygote?.catch(() => undefined)]);
      await Promise.all([...zygotes].map((entry) => entry.close()));
      zygotes.clear();
      zygote = undefined;
      nextZygote = undefined;
      nextZygoteStarted = undefined;
      (await mountNamespace?.catch(() => undefined))?.close();
      mountNamespace = undefined;
      if (fontCache) removeMatplotlibFontCache(fontCache);
      fontCache = undefined;
      // Every box has ended: the cgroups kept for later boxes go.
      await cgroupPool?.close();
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

/**
 * CODE_INTERPRETER_TEST_NATIVE_ZYGOTE=1 or 0 runs every native test with the zygote on or off;
 * read here and passed on to workers (tests only). Unset: undefined.
 */
function zygoteFromTestEnvironment(): boolean | undefined {
  const value = process.env.CODE_INTERPRETER_TEST_NATIVE_ZYGOTE;
  return value === '1' ? true : value === '0' ? false : undefined;
}
