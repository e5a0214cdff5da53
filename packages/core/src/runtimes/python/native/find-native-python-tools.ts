import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { RuntimeUnavailableError } from '../../../errors/runtime-unavailable-error';

/** The programs the native runtime runs, resolved on this host. */
export interface NativePythonTools {
  /** Absolute path of bubblewrap. */
  bwrapPath: string;
  /** Absolute path of util-linux's nsenter (starts each box in the workspace mount namespace). */
  nsenterPath: string;
  /** Path of python3 as given (run inside the sandbox). */
  pythonPath: string;
  /** Host folders to bind read-only so that Python is visible inside (empty for a Python in /usr). */
  extraReadOnlyFolders: string[];
}

const runtime = 'python-native';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function lookUp(command: string): string | undefined {
  if (command.includes('/')) return isExecutable(command) ? command : undefined;
  const folders = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/bin',
    '/bin',
    '/usr/local/bin',
  ];
  for (const folder of folders) {
    if (!folder) continue;
    const candidate = join(folder, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Checks that this host can run native Python sandboxes and resolves the programs.
 * @throws RuntimeUnavailableError naming what to install when something is missing.
 */
export function findNativePythonTools(options: {
  bwrapPath?: string;
  pythonPath?: string;
}): NativePythonTools {
  if (process.platform !== 'linux') {
    throw new RuntimeUnavailableError({
      runtime,
      message: `The native Python runtime is Linux-only (it runs python3 under bubblewrap), and this machine runs ${process.platform}. Use the Pyodide runtime instead (createCodeInterpreter({ python: 'pyodide' }), the default), which works everywhere.`,
    });
  }
  const bwrap = options.bwrapPath ?? 'bwrap';
  const bwrapPath = lookUp(bwrap);
  if (!bwrapPath) {
    throw new RuntimeUnavailableError({
      runtime,
      message: `bubblewrap (${bwrap}) was not found, and the native Python runtime needs it to isolate programs. Install it (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap; Alpine: apk add bubblewrap) or set pythonNative.bwrapPath.`,
    });
  }
  const nsenterPath = lookUp('nsenter');
  if (!nsenterPath) {
    throw new RuntimeUnavailableError({
      runtime,
      message:
        'nsenter was not found, and the native Python runtime needs it to show each run its workspace at /workspace. Install util-linux (Debian/Ubuntu: apt-get install util-linux; Alpine: apk add util-linux-misc).',
    });
  }
  const pythonPath = options.pythonPath ?? '/usr/bin/python3';
  if (!isAbsolute(pythonPath) || !isExecutable(pythonPath)) {
    throw new RuntimeUnavailableError({
      runtime,
      message: `python3 was not found at ${pythonPath} (an absolute path is required). Install it (Debian/Ubuntu: apt-get install python3, plus python3-numpy python3-pandas python3-matplotlib for data work) or set pythonNative.pythonPath.`,
    });
  }
  const extraReadOnlyFolders: string[] = [];
  for (const path of new Set([pythonPath, realpathSync(pythonPath)])) {
    if (path.startsWith('/usr/') || path.startsWith('/bin/')) continue;
    // A Python installed elsewhere (/opt/python3.12/bin/python3): make its prefix visible.
    extraReadOnlyFolders.push(dirname(dirname(path)));
  }
  return {
    bwrapPath: realpathSync(bwrapPath),
    nsenterPath: realpathSync(nsenterPath),
    pythonPath,
    extraReadOnlyFolders,
  };
}
