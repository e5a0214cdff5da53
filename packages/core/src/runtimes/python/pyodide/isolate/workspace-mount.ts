import {
  createWorkspaceFileSystemType,
  type EmscriptenFs,
  type EmscriptenNode,
  type WorkspaceBridge,
} from './workspace-file-system-type';

/** Where programs see the workspace, and their working directory at the start of every run. */
export const workspacePath = '/workspace';

/** The slice of Pyodide's API the mount uses. */
export interface WorkspaceMountApi {
  FS: EmscriptenFs & {
    mkdir(path: string): unknown;
    mount(type: unknown, options: unknown, mountpoint: string): unknown;
    unmount(mountpoint: string): void;
    chdir(path: string): void;
    lookupPath(
      path: string,
      options?: Record<string, unknown>,
    ): { node: EmscriptenNode & { mounted?: { type?: unknown } | null } };
  };
  ERRNO_CODES: Record<string, number>;
}

/** What {@link mountWorkspace} returns. */
export interface WorkspaceMount {
  /**
   * Prepares `/workspace` for the next run: mounted afresh (no node a former run looked up is
   * served again, so files the host changed between runs are seen as they are now), and the
   * working directory. Never throws: a program that took its own mount apart finds it missing.
   */
  beginRun(): void;
}

/**
 * Mounts the workspace file system at `/workspace` (every operation goes through `bridge` to the
 * current run's workspace on the host) and makes it the working directory.
 */
export function mountWorkspace(api: WorkspaceMountApi, bridge: WorkspaceBridge): WorkspaceMount {
  const { FS } = api;
  let touched = false;
  const fileSystem = createWorkspaceFileSystemType(
    FS,
    api.ERRNO_CODES,
    bridge,
    workspacePath,
    () => {
      touched = true;
    },
  );
  const mountedHere = () => {
    try {
      return (
        FS.lookupPath(workspacePath, { follow_mount: false }).node.mounted?.type === fileSystem.type
      );
    } catch {
      return false;
    }
  };
  const mountFresh = () => {
    try {
      FS.unmount(workspacePath);
    } catch {}
    try {
      FS.mkdir(workspacePath);
    } catch {}
    FS.mount(fileSystem.type, {}, workspacePath);
    touched = false;
  };
  mountFresh();
  FS.chdir(workspacePath);
  return {
    beginRun() {
      try {
        // A run that looked nothing up left nothing to forget.
        if (touched || !mountedHere()) mountFresh();
        FS.chdir(workspacePath);
      } catch {}
    },
  };
}
