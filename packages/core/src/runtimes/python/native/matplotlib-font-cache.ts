import { spawn } from 'node:child_process';
import { chmodSync, chownSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withParentDeathSignal } from '../../../worker/parent-death-signal';
import { makeOwnTempFolder, removeStaleTempFolders } from './stale-temp-folders';

/** Where the font list is mounted inside a sandbox (MPLCONFIGDIR). */
export const sandboxMatplotlibFolder = '/tmp/.matplotlib';

/** A font list built on the host, to mount read-only into each sandbox. */
export interface MatplotlibFontCache {
  /** Host folder holding the files; removed by {@link removeMatplotlibFontCache}. */
  folder: string;
  /** Host paths of the font list files (e.g. `fontlist-v330.json`). */
  files: string[];
}

const unprivilegedId = 65534;
/** Start of a font list folder's name in the host's temporary folder, then the host's pid. */
const fontCacheFolderPrefix = 'code-interpreter-matplotlib-';
const buildTimeoutMs = 60_000;

/**
 * Builds matplotlib's font list once, so that sandboxes do not rebuild it on their first
 * `import matplotlib.pyplot` (which scans every font through `fc-list`: 0.3–0.6 s per sandbox).
 * Runs only this fixed import, never user code, as nobody when the host process is root.
 * Resolves undefined when matplotlib is not installed or the build fails.
 */
export async function buildMatplotlibFontCache(
  pythonPath: string,
  signal: AbortSignal,
): Promise<MatplotlibFontCache | undefined> {
  const folder = makeOwnTempFolder(fontCacheFolderPrefix);
  const asRoot = process.getuid?.() === 0;
  try {
    chmodSync(folder, 0o755);
    if (asRoot) chownSync(folder, unprivilegedId, unprivilegedId);
    const exitCode = await new Promise<number | null>((resolve) => {
      // Ends with its parent even when that is SIGKILLed (a worker not under bubblewrap).
      const { command, args } = withParentDeathSignal(pythonPath, [
        '-I',
        '-B',
        '-c',
        'import matplotlib.font_manager',
      ]);
      const child = spawn(command, args, {
        stdio: 'ignore',
        cwd: folder,
        env: {
          PATH: '/usr/bin:/bin',
          HOME: folder,
          MPLCONFIGDIR: folder,
          OPENBLAS_NUM_THREADS: '1',
          LANG: 'C.UTF-8',
        },
        ...(asRoot ? { uid: unprivilegedId, gid: unprivilegedId } : {}),
      });
      const stop = () => child.kill('SIGKILL');
      const timer = setTimeout(stop, buildTimeoutMs);
      signal.addEventListener('abort', stop);
      if (signal.aborted) stop();
      child.once('error', () => resolve(null));
      child.once('exit', (code) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', stop);
        resolve(code);
      });
    });
    const files = readdirSync(folder)
      .filter((name) => /^fontlist-[\w.-]+\.json$/.test(name))
      .map((name) => join(folder, name));
    if (exitCode !== 0 || files.length === 0 || signal.aborted) {
      removeMatplotlibFontCache({ folder, files });
      return undefined;
    }
    for (const file of files) chmodSync(file, 0o644);
    return { folder, files };
  } catch {
    removeMatplotlibFontCache({ folder, files: [] });
    return undefined;
  }
}

/** Removes the font lists left by worker processes that are gone (see stale-temp-folders.ts). */
export function removeStaleMatplotlibFontCaches(): void {
  removeStaleTempFolders(fontCacheFolderPrefix);
}

/** Deletes the host folder of a font cache. */
export function removeMatplotlibFontCache(cache: MatplotlibFontCache): void {
  rmSync(cache.folder, { recursive: true, force: true });
}
