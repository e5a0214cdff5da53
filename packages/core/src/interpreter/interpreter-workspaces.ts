import { randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { InvalidInputError } from '../errors/invalid-input-error';
import { type WorkerIsolation, workerFileOwner } from '../worker/worker-launch';
import type { RunWorkspaceMessage, WorkerSettings } from '../worker/worker-protocol';
import { WorkspaceFileSystem } from '../workspace/workspace-file-system';
import { type WorkspaceFileData, writeWorkspaceFile } from '../workspace/workspace-files';
import {
  type ResolvedWorkspaceLimits,
  resolveWorkspaceLimits,
} from '../workspace/workspace-limits';
import type { WorkspaceOptions } from '../workspace/workspace-options';

const defaultMaxReturnedBytes = 10 * 1024 * 1024;

/** Interpreter folders are named `code-interpreter-<pid>-<random>`. */
const rootPrefix = 'code-interpreter-';
const rootName = /^code-interpreter-(\d+)-[A-Za-z0-9]{6}$/;

/** A stateless run's workspace: what the worker is told, and how to free it after the run. */
export interface StatelessRunWorkspace {
  message: RunWorkspaceMessage;
  /** Removes the folder if it may exist (`used`: the worker made it, or the run did not end cleanly). */
  release(used: boolean): void;
}

/**
 * The workspaces of one interpreter, on the host: one private folder (made at creation, removed
 * at close) holding a folder per session and per stateless run that touches files. When workers
 * run as another user than the application (root starting them as nobody), what the application
 * makes there is given to that user.
 */
export class InterpreterWorkspaces {
  readonly root: string;
  readonly limits: ResolvedWorkspaceLimits;
  private readonly maxReturnedBytes: number;
  private readonly owner: { uid: number; gid: number } | undefined;
  /** Stateless folders being removed: `close()` waits for them. */
  private readonly removing = new Set<Promise<void>>();

  constructor(
    options: WorkspaceOptions,
    isolation: WorkerIsolation,
    /** True when native Python boxes (run as nobody when the application is root) use the workspaces. */
    nativePython: boolean,
  ) {
    const { root, maxReturnedBytes, ...limits } = options;
    this.limits = resolveWorkspaceLimits(limits);
    if (
      maxReturnedBytes !== undefined &&
      (!Number.isSafeInteger(maxReturnedBytes) || maxReturnedBytes < 0)
    ) {
      throw new RangeError(
        `workspace.maxReturnedBytes must be a non-negative integer, got ${String(maxReturnedBytes)}`,
      );
    }
    this.maxReturnedBytes = maxReturnedBytes ?? defaultMaxReturnedBytes;
    this.owner = ownerOfWorkspaces(isolation, nativePython);
    const base = resolve(root ?? tmpdir());
    if (this.owner) checkReachable(base, this.owner.uid);
    sweepAbandonedRoots(base);
    this.root = mkdtempSync(join(base, `${rootPrefix}${process.pid}-`));
    this.adopt(this.root);
  }

  /** What workers are told at start. */
  settings(): NonNullable<WorkerSettings['workspaces']> {
    return {
      root: this.root,
      limits: this.limits,
      maxReturnedBytes: this.maxReturnedBytes,
      ...(this.owner ? { owner: this.owner } : {}),
    };
  }

  /** Makes a session's folder (empty) and returns it. */
  createSessionFolder(sessionId: string): string {
    const folder = join(this.root, `session-${sessionId}`);
    mkdirSync(folder, { mode: 0o700 });
    this.adopt(folder);
    return folder;
  }

  /** The confined file system of a folder, as the application reaches it. */
  fileSystem(folder: string): WorkspaceFileSystem {
    return new WorkspaceFileSystem(folder, this.limits, this.owner);
  }

  /** Writes files given with a run (`RunOptions.files`) into a folder, each refused whole if over a limit. */
  seed(folder: string, files: Record<string, WorkspaceFileData>): void {
    const fileSystem = this.fileSystem(folder);
    for (const [path, data] of Object.entries(files)) writeWorkspaceFile(fileSystem, path, data);
  }

  /** A private workspace for one stateless run: empty, or holding `files`. */
  statelessRun(files?: Record<string, WorkspaceFileData>): StatelessRunWorkspace {
    const folder = join(this.root, `run-${randomUUID()}`);
    const seeded = files !== undefined && Object.keys(files).length > 0;
    if (seeded) {
      mkdirSync(folder, { mode: 0o700 });
      this.adopt(folder);
      try {
        this.seed(folder, files);
      } catch (error) {
        rmSync(folder, { recursive: true, force: true });
        throw error;
      }
    }
    return {
      message: { folder, exists: seeded, returnContents: true },
      release: (used) => {
        if (used || seeded) this.remove(folder);
      },
    };
  }

  /** Removes a folder in the background (a closed session's, a finished run's). */
  remove(folder: string): void {
    const removal = rm(folder, { recursive: true, force: true }).catch(() => {});
    this.removing.add(removal);
    void removal.finally(() => this.removing.delete(removal));
  }

  /** Removes every workspace (after the workers are gone). */
  async close(): Promise<void> {
    await Promise.all(this.removing);
    rmSync(this.root, { recursive: true, force: true });
  }

  private adopt(folder: string): void {
    if (this.owner) chownSync(folder, this.owner.uid, this.owner.gid);
  }
}

/** The host's `nobody`, which native Python boxes run as when the application is root. */
const nobody = { uid: 65534, gid: 65534 };

/**
 * Who workspace entries belong to when the application runs as root: the programs' user. Native
 * Python boxes run as nobody; confined workers run as nobody where it can read the package.
 * Otherwise (not root, or workers root-mapped) the application's own user, and nothing is changed.
 */
function ownerOfWorkspaces(
  isolation: WorkerIsolation,
  nativePython: boolean,
): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (nativePython) return nobody;
  if (isolation === 'none') return undefined;
  try {
    return workerFileOwner(isolation);
  } catch {
    // Workers cannot be confined here; starting one says so.
    return undefined;
  }
}

/**
 * Refuses a workspace root the programs' user could not reach: every folder above the
 * interpreter's own must let others through (`o+x`) unless that user owns it. Otherwise the
 * workers would fail later with a bare permission error from bubblewrap.
 */
function checkReachable(base: string, uid: number): void {
  for (let folder = base; ; folder = dirname(folder)) {
    const stats = statSync(folder);
    if (stats.uid !== uid && (stats.mode & 0o001) === 0) {
      throw new InvalidInputError({
        issues: [
          {
            path: 'workspace.root',
            message: `${folder} does not let other users through (mode ${(stats.mode & 0o777).toString(8)}), but sandboxes run as uid ${uid} and must reach ${base}: choose a root they can reach, or chmod o+x ${folder}`,
          },
        ],
      });
    }
    if (dirname(folder) === folder) return;
  }
}

/**
 * Removes the workspace folders of interpreters whose process is gone (killed before `close()`,
 * e.g. a server stopped with SIGKILL), so files programs wrote do not linger. Only folders named
 * by this package for a process that no longer exists are touched; any failure is ignored.
 */
export function sweepAbandonedRoots(base: string): void {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(rootName.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(join(base, name), { recursive: true, force: true });
    } catch {}
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
