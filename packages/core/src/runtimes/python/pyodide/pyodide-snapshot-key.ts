import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { coreDistFile, corePackageRoot } from '../../../package-files';
import { corePythonModuleFiles, pyodidePackage, pyodideSourceFiles } from './pyodide-assets';

/**
 * Names what a Pyodide snapshot is made of, so a cached one is used only by the same build: the
 * pyodide package (version, and the size and modification time of its files: a reinstall
 * changes them), core's built code (every `dist/*.js`: the sandbox side and the worker that
 * boots the interpreter the snapshot is taken of) and Python modules (their contents), core's
 * version and the V8 version. A hex SHA-256; about 10 ms to compute.
 */
export function pyodideSnapshotKey(): string {
  const hash = createHash('sha256');
  const { folder, version } = pyodidePackage();
  hash.update(`pyodide ${version}\n`);
  for (const name of pyodideSourceFiles) {
    const stats = statSync(join(folder, name));
    hash.update(`${name} ${stats.size} ${stats.mtimeMs}\n`);
  }
  const dist = dirname(coreDistFile('pyodide-isolate.js'));
  for (const name of readdirSync(dist)
    .filter((file) => file.endsWith('.js'))
    .sort()) {
    hash.update(`${name}\n`);
    hash.update(readFileSync(join(dist, name)));
  }
  for (const name of corePythonModuleFiles) {
    hash.update(readFileSync(join(corePackageRoot(), 'python', name)));
  }
  const { version: coreVersion } = JSON.parse(
    readFileSync(join(corePackageRoot(), 'package.json'), 'utf8'),
  ) as { version: string };
  hash.update(`core ${coreVersion} v8 ${process.versions.v8}\n`);
  return hash.digest('hex');
}
