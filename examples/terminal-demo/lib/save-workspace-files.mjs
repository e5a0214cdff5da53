import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

const workspacePrefix = '/workspace/';

/**
 * Copies files of a session's workspace (paths as programs see them, `/workspace/...`) into
 * `folder` on this machine, each at its place under /workspace. Programs choose these names, so
 * a path that would land outside `folder` is skipped (workspace paths are already confined to
 * /workspace: this is a second lock), as are folders, files gone since, files over `maxBytes`
 * and any beyond the first `maxFiles`. Returns what was saved, in path order.
 */
export async function saveWorkspaceFiles(
  files,
  paths,
  folder,
  { maxFiles = 20, maxBytes = 16 * 1024 * 1024 } = {},
) {
  const root = resolve(folder);
  const saved = [];
  for (const path of [...paths].sort()) {
    if (saved.length >= maxFiles || !path.startsWith(workspacePrefix)) continue;
    const target = resolve(root, path.slice(workspacePrefix.length));
    if (!target.startsWith(root + sep) || relative(root, target).split(sep).includes('..'))
      continue;
    const entry = await files.stat(path).catch(() => undefined);
    if (entry?.type !== 'file' || entry.size > maxBytes) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await files.read(path));
    saved.push({ path, savedTo: target });
  }
  return saved;
}
