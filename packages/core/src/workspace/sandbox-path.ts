import { posix } from 'node:path';
import { WorkspaceError } from '../errors/workspace-error';

/** Where the workspace appears inside every sandbox, and the programs' working directory. */
export const workspaceMount = '/workspace';

/** Longest file or folder name, in UTF-8 bytes (as on Linux file systems). */
const maxNameBytes = 255;

/** Names Windows reserves for devices: refused, since files leave the sandbox for any machine. */
const deviceName = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const controlCharacter = /[\u0000-\u001f\u007f]/;

/** A path inside the workspace: as the sandbox sees it, and its names below the workspace. */
export interface SandboxPath {
  /** `/workspace/data/x.csv`: what programs and results show. */
  path: string;
  /** `['data', 'x.csv']`; empty for the workspace itself. */
  segments: string[];
}

/**
 * Resolves a path the way a program inside the sandbox would (relative to `/workspace`, with
 * `.` and `..` applied) and confines it: it must be the workspace or below it. Refuses NUL bytes,
 * paths outside the workspace and paths deeper than `maxDepth`, each with a clear error.
 * Names of existing entries are not checked further, so a file a program made can be read.
 */
export function resolveSandboxPath(input: unknown, syscall: string, maxDepth: number): SandboxPath {
  if (typeof input !== 'string' || input.length === 0) {
    throw new WorkspaceError({
      code: 'EINVAL',
      syscall,
      detail: `a path must be a non-empty string, got ${input === '' ? 'an empty string' : typeof input}`,
    });
  }
  if (input.includes('\u0000')) {
    throw new WorkspaceError({
      code: 'EINVAL',
      syscall,
      path: input.replaceAll('\u0000', '\\0'),
      detail: 'a path may not contain a NUL byte',
    });
  }
  const absolute = posix.resolve(workspaceMount, input);
  if (absolute !== workspaceMount && !absolute.startsWith(`${workspaceMount}/`)) {
    throw new WorkspaceError({
      code: 'EACCES',
      syscall,
      path: input,
      detail: `only files under ${workspaceMount} are reachable in this sandbox`,
    });
  }
  const segments =
    absolute === workspaceMount ? [] : absolute.slice(workspaceMount.length + 1).split('/');
  if (segments.length > maxDepth) {
    throw new WorkspaceError({
      code: 'EINVAL',
      syscall,
      path: absolute,
      detail: `the path is ${segments.length} levels deep; the workspace allows at most ${maxDepth}`,
    });
  }
  for (const name of segments) {
    if (Buffer.byteLength(name) > maxNameBytes) {
      throw new WorkspaceError({
        code: 'EINVAL',
        syscall,
        path: absolute,
        detail: `a file name may be at most ${maxNameBytes} bytes long`,
      });
    }
  }
  return { path: absolute, segments };
}

/**
 * Checks the name of an entry about to be created: no control characters (a newline in a file
 * name breaks every listing a model reads) and no device names (`CON`, `NUL`, `COM1`...), which
 * cannot exist on Windows, where files from the sandbox may end up.
 */
export function checkNewName(target: SandboxPath, syscall: string): void {
  const name = target.segments.at(-1);
  if (name === undefined) {
    throw new WorkspaceError({
      code: 'EEXIST',
      syscall,
      path: target.path,
      detail: 'the workspace itself cannot be created or replaced',
    });
  }
  if (controlCharacter.test(name)) {
    throw new WorkspaceError({
      code: 'EINVAL',
      syscall,
      path: JSON.stringify(target.path).slice(1, -1),
      detail: 'a file name may not contain control characters (newlines, tabs, escapes)',
    });
  }
  if (deviceName.test(name)) {
    throw new WorkspaceError({
      code: 'EINVAL',
      syscall,
      path: target.path,
      detail: `'${name}' is a reserved device name; choose another name`,
    });
  }
}
