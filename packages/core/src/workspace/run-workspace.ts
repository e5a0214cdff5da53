import { chownSync, mkdirSync } from 'node:fs';
import { callWorkspace, type WorkspaceCallAnswer } from './workspace-call';
import { WorkspaceFileSystem } from './workspace-file-system';
import type { ResolvedWorkspaceLimits } from './workspace-limits';

/**
 * The workspace of one run, as a sandbox receives it in `SandboxRunRequest.workspace`: a
 * session's folder, or a stateless run's private one (made only when the program first touches
 * a file, so a run that never does costs nothing).
 */
export class RunWorkspace {
  private fileSystem: WorkspaceFileSystem | undefined;
  private made: boolean;

  constructor(
    /** The workspace's folder on the host. */
    private readonly hostPath: string,
    readonly limits: ResolvedWorkspaceLimits,
    /** False when the folder may not exist yet (a stateless run's): it is made at first use. */
    exists: boolean,
    /** Who new entries are given to (see `WorkspaceFileSystem`'s `owner`). */
    private readonly owner?: { uid: number; gid: number },
  ) {
    this.made = exists;
  }

  /** True once the folder exists (a stateless run's program touched the workspace). */
  get used(): boolean {
    return this.made;
  }

  /** The folder on the host, made if needed (native Python bind-mounts it at `/workspace`). */
  folder(): string {
    if (!this.made) {
      mkdirSync(this.hostPath, { recursive: true, mode: 0o700 });
      if (this.owner) chownSync(this.hostPath, this.owner.uid, this.owner.gid);
      this.made = true;
    }
    return this.hostPath;
  }

  /** The workspace's files, as JavaScript's `fs` and Pyodide's file system reach them. */
  files(): WorkspaceFileSystem {
    this.fileSystem ??= new WorkspaceFileSystem(this.folder(), this.limits, this.owner);
    return this.fileSystem;
  }

  /**
   * One operation asked for from inside a sandbox (see `callWorkspace`); what the sandbox-side
   * `fs` and Pyodide's file system call through their bridge to the worker.
   */
  call(operation: unknown, args: unknown): WorkspaceCallAnswer {
    let files: WorkspaceFileSystem;
    try {
      files = this.files();
    } catch {
      // The folder could not be made (the host's disk, its permissions): no host detail crosses.
      const syscall = String(operation);
      return { ok: false, error: { code: 'EIO', message: `EIO: i/o error, ${syscall}`, syscall } };
    }
    return callWorkspace(files, operation, args);
  }

  /**
   * An operation that only looks (stat, readdir, a read-only open...) on a workspace whose folder
   * is not made yet: answered as the file system would answer it, without making the folder.
   */
  look(operation: unknown, args: unknown): WorkspaceCallAnswer {
    if (this.made) return this.call(operation, args);
    return callWorkspace(new WorkspaceFileSystem(this.hostPath, this.limits), operation, args);
  }

  /**
   * Ends a run: forgets the measured usage (others may write before the next run) and closes the
   * descriptors the program left open, unless `keepOpen` (a session's sandbox lives on, and a file
   * it opened in one run may be written and closed in a later one, as in a notebook).
   */
  endRun(options: { keepOpen?: boolean } = {}): void {
    if (!options.keepOpen) this.fileSystem?.closeAll();
    this.fileSystem?.refreshUsage();
  }

  /** Closes every descriptor (the session is closed). */
  close(): void {
    this.fileSystem?.closeAll();
  }
}
