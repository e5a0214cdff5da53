import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let packageRoot: string | undefined;

/**
 * The folder of the installed `@code-interpreter/core` package, found by walking up from this
 * module (works from `src/` in tests and from `dist/` once built and bundled).
 */
export function corePackageRoot(): string {
  if (packageRoot) return packageRoot;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
      if (name === '@code-interpreter/core') {
        packageRoot = folder;
        return folder;
      }
    }
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error('Cannot find the @code-interpreter/core package folder; is it installed?');
    }
    folder = parent;
  }
}

/** Path of a built file of the package (`dist/<name>`); says how to build it when it is missing. */
export function coreDistFile(name: string): string {
  const path = join(corePackageRoot(), 'dist', name);
  if (!existsSync(path)) {
    throw new Error(
      `Missing ${path}: build the package first (pnpm --filter @code-interpreter/core build).`,
    );
  }
  return path;
}
