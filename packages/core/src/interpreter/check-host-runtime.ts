import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RuntimeUnavailableError } from '../errors/runtime-unavailable-error';
import { corePackageRoot } from '../package-files';
import { isolatedVmPackageName } from '../runtimes/isolated-vm-package';

/** How to get a Node this package runs on, for the error messages below. */
const howToGetNode =
  'Use Node 22, 24 or 26: from a clone of the repository, `eval "$(bash scripts/dev.sh env)"` puts its Node 24 on PATH; elsewhere install one (for example `nvm install 24`).';

let checked = false;

/**
 * Checks, once per process and before any worker starts, what every run needs from the host:
 * a Node version this package supports, and a native build of isolated-vm for it (7.x for Node
 * 24 and 26, 6.x for Node 22). Throws
 * `RuntimeUnavailableError` naming the cause and the fix; without it, a worker process would fail
 * to start and the cause would reach only `onLog`.
 */
export function checkHostRuntime(nodeVersion = process.versions.node): void {
  if (checked && nodeVersion === process.versions.node) return;
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    throw new RuntimeUnavailableError({
      runtime: 'node',
      message: `@code-interpreter/core needs Node 22.12 or newer; this process runs Node ${nodeVersion}. ${howToGetNode}`,
    });
  }
  const requireFromCore = createRequire(join(corePackageRoot(), 'package.json'));
  const isolatedVm = isolatedVmPackageName(nodeVersion);
  let isolatedVmFolder: string;
  try {
    isolatedVmFolder = dirname(requireFromCore.resolve(`${isolatedVm}/package.json`));
  } catch (error) {
    throw new RuntimeUnavailableError({
      runtime: 'isolated-vm',
      message:
        "isolated-vm, which runs every sandbox, is not installed: install @code-interpreter/core's dependencies (npm install, or pnpm install in a clone).",
      cause: error,
    });
  }
  const nativeBuild = createRequire(join(isolatedVmFolder, 'package.json'))('node-gyp-build') as {
    path(folder: string): string;
  };
  try {
    nativeBuild.path(isolatedVmFolder);
  } catch (error) {
    throw new RuntimeUnavailableError({
      runtime: 'isolated-vm',
      message: `isolated-vm, which runs every sandbox, has no native build for Node ${nodeVersion} (ABI ${process.versions.modules}) on ${process.platform}-${process.arch}. ${howToGetNode}`,
      cause: error,
    });
  }
  checked = true;
}
