import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { HostFolder } from './bwrap-arguments';

/** Where the host's Python finds its modules and the shared libraries they load. */
export interface PythonInstallation {
  /** `sys.path` of `python3 -I`: the standard library, lib-dynload, the dist-packages folders. */
  searchPath: string[];
  /** The shared libraries' folder: /usr/lib/<triplet> on Debian and Ubuntu, else LIBDIR. */
  libraryFolder?: string;
}

const probe = [
  'import json, sys, sysconfig',
  "triplet = sysconfig.get_config_var('MULTIARCH')",
  "library = '/usr/lib/' + triplet if triplet else sysconfig.get_config_var('LIBDIR')",
  "print(json.dumps({'searchPath': sys.path, 'libraryFolder': library}))",
].join('\n');

const unprivilegedId = 65534;

/**
 * Asks the host's Python (a fixed probe, never user code; as nobody when the host process is
 * root) where its modules and libraries are. Undefined when it cannot answer.
 */
export function describePythonInstallation(pythonPath: string): PythonInstallation | undefined {
  const asRoot = process.getuid?.() === 0;
  const result = spawnSync(pythonPath, ['-I', '-B', '-c', probe], {
    encoding: 'utf8',
    timeout: 15_000,
    cwd: '/',
    env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
    ...(asRoot ? { uid: unprivilegedId, gid: unprivilegedId } : {}),
  });
  try {
    const parsed = JSON.parse(result.stdout) as PythonInstallation;
    if (!Array.isArray(parsed.searchPath)) return undefined;
    return {
      searchPath: parsed.searchPath.filter((entry) => typeof entry === 'string'),
      ...(typeof parsed.libraryFolder === 'string' ? { libraryFolder: parsed.libraryFolder } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Host top-level folders that merged-/usr systems make symlinks into /usr. */
const topLevelFolders = ['/bin', '/lib', '/lib64', '/lib32', '/libx32'] as const;

/** What Python, numpy, pandas and matplotlib read from /usr/share: fonts, their data, time zones. */
const dataFolders = [
  '/usr/share/fonts',
  '/usr/share/fontconfig',
  '/usr/share/matplotlib',
  '/usr/share/zoneinfo',
  '/usr/local/share/fonts',
  // glibc before 2.35 has no built-in C.UTF-8 locale
  '/usr/lib/locale/C.utf8',
  '/usr/lib/locale/C.UTF-8',
] as const;

function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * The host files a box sees, instead of the whole /usr: Python (the executable through its
 * symlinks, its search path, the library folder of its extensions), /bin/sh for os.system and
 * shell=True, fonts, matplotlib's data and time zones. Not the other programs of /usr/bin and
 * /usr/sbin, nor /usr/local's configuration, nor other programs' folders in /usr/lib. Hosts
 * without merged /usr keep /lib and /lib64 whole (the C library lives there).
 *
 * Where the probe of the host's Python failed, the box gets all of /usr as before.
 */
export function describeSystemFiles(
  pythonPath: string,
  installation: PythonInstallation | undefined,
): HostFolder[] {
  const links: HostFolder[] = [];
  const binds = new Set<string>();
  const addExecutable = (path: string) => {
    let current = path;
    for (let step = 0; step < 16; step++) {
      try {
        current = join(realpathSync(dirname(current)), basename(current));
        if (!lstatSync(current).isSymbolicLink()) {
          binds.add(current);
          return;
        }
        const target = readlinkSync(current);
        links.push({ path: current, kind: 'symlink', target });
        current = resolve(dirname(current), target);
      } catch {
        return; // absent on this host
      }
    }
  };

  for (const path of topLevelFolders) {
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink())
        links.unshift({ path, kind: 'symlink', target: readlinkSync(path) });
      else if (stat.isDirectory() && path === '/bin') addExecutable('/bin/sh');
      else if (stat.isDirectory()) binds.add(path);
    } catch {
      // absent on this host
    }
  }
  if (!installation) binds.add('/usr');
  addExecutable(pythonPath);
  addExecutable('/usr/bin/sh');
  const folders = [
    installation?.libraryFolder,
    '/usr/lib64',
    ...(installation?.searchPath ?? []),
    ...dataFolders,
  ];
  for (const folder of folders) {
    if (folder && isUnder(folder, '/usr') && existsSync(folder)) binds.add(folder);
  }
  // One bind per tree: a folder inside another bound one is already there.
  const sorted = [...binds].sort();
  const outermost = sorted.filter(
    (path) => !sorted.some((other) => other !== path && isUnder(path, other)),
  );
  return [
    ...links.filter((link) => !outermost.some((path) => isUnder(link.path, path))),
    ...outermost.map((path): HostFolder => ({ path, kind: 'bind' })),
  ];
}
