import { diffWorkspace } from './diff-workspace';
import type { WorkspaceFileChange } from './file-change';
import type { RunWorkspace } from './run-workspace';
import { scanWorkspace, type WorkspaceScan } from './scan-workspace';

/** Most entries a scan walks: past this the workspace is far over its limit anyway. */
export function scanBound(workspace: RunWorkspace): number {
  return workspace.limits.maxFiles * 2 + 16;
}

/** Scans a workspace before a run (undefined when its folder does not exist yet). */
export function scanBeforeRun(workspace: RunWorkspace): WorkspaceScan | undefined {
  return workspace.used ? scanWorkspace(workspace.folder(), scanBound(workspace)) : undefined;
}

/**
 * The files a run created, modified or deleted, from a scan before it and one now. With
 * `returnContents` (a stateless run, whose folder goes away), created and modified files carry
 * their bytes while their total stays within `maxReturnedBytes`; a file that does not fit
 * carries none (its entry still says it was made).
 */
export function collectWorkspaceChanges(
  workspace: RunWorkspace,
  before: WorkspaceScan | undefined,
  options: { returnContents: boolean; maxReturnedBytes: number },
): WorkspaceFileChange[] {
  if (!workspace.used) return [];
  const changes = diffWorkspace(before, scanWorkspace(workspace.folder(), scanBound(workspace)));
  if (!options.returnContents) return changes;
  let budget = options.maxReturnedBytes;
  for (const change of changes) {
    if (change.change === 'deleted' || change.size > budget) continue;
    try {
      const bytes = workspace.files().readFile(change.path);
      if (bytes.byteLength > budget) continue;
      budget -= bytes.byteLength;
      change.data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
        'base64',
      );
    } catch {
      // Gone or not a regular file any more: listed without contents.
    }
  }
  return changes;
}
