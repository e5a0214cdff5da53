import { InMemoryFs, MountableFs } from 'just-bash';
import { workspaceMount } from '../workspace/sandbox-path';
import type { WorkspaceFileSystem } from '../workspace/workspace-file-system';
import { ReadOnlyRootFs } from './read-only-root-fs';
import { WorkspaceBashFs } from './workspace-bash-fs';

/** Most bytes a command line's `/tmp` holds (it lives in the shell's memory, for one command line). */
export const shellScratchBytes = 64 * 1024 * 1024;

/**
 * The file system one command line sees: the session's workspace at `/workspace` (confined and
 * within its quotas, see {@link WorkspaceBashFs}), an empty in-memory `/tmp` that lives as long as
 * the command line, and a read-only root made in memory around them. No host path is reachable.
 */
export class ShellFileSystem extends MountableFs {
  private readonly root: ReadOnlyRootFs;

  constructor(files: WorkspaceFileSystem) {
    const root = new ReadOnlyRootFs();
    super({
      base: root,
      mounts: [
        { mountPoint: workspaceMount, filesystem: new WorkspaceBashFs(files) },
        {
          mountPoint: '/tmp',
          filesystem: new InMemoryFs({}, { maxTotalBytes: shellScratchBytes }),
        },
      ],
    });
    this.root = root;
  }

  /**
   * How just-bash lays out its root when a shell starts (command stubs in `/bin` and `/usr/bin`,
   * `/dev`, `/proc/self`): into the read-only root's tree, never into a mount.
   */
  writeFileSync(path: string, content: string | Uint8Array): void {
    if (!isMounted(path)) this.root.setUp(path, content);
  }

  /** See `writeFileSync`. */
  mkdirSync(path: string): void {
    if (!isMounted(path)) this.root.setUp(path, undefined);
  }
}

function isMounted(path: string): boolean {
  return [workspaceMount, '/tmp'].some((mount) => path === mount || path.startsWith(`${mount}/`));
}
