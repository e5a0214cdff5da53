import type { WorkspaceFileChange } from './file-change';
import { mediaTypeOf } from './media-type';
import type { WorkspaceScan } from './scan-workspace';

/** The files created, modified and deleted between two scans, in path order. */
export function diffWorkspace(
  before: WorkspaceScan | undefined,
  after: WorkspaceScan,
): WorkspaceFileChange[] {
  const changes: WorkspaceFileChange[] = [];
  for (const [path, file] of after.files) {
    const earlier = before?.files.get(path);
    const change = !earlier
      ? 'created'
      : earlier.size !== file.size ||
          earlier.mtimeNs !== file.mtimeNs ||
          earlier.ctimeNs !== file.ctimeNs ||
          earlier.ino !== file.ino
        ? 'modified'
        : undefined;
    if (change) changes.push({ path, change, size: file.size, mediaType: mediaTypeOf(path) });
  }
  // A scan cut short cannot tell a deleted file from one it did not reach.
  if (before && !after.incomplete) {
    for (const path of before.files.keys()) {
      if (!after.files.has(path))
        changes.push({ path, change: 'deleted', size: 0, mediaType: mediaTypeOf(path) });
    }
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
