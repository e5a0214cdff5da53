import { createRequire } from 'node:module';
import type IsolatedVM from 'isolated-vm';
import { isolatedVmPackageName } from './isolated-vm-package';

/**
 * isolated-vm, loaded from the package that has a native build for the Node running this worker
 * (see `isolatedVmPackageName`). Its types are those of the 7.x line, a superset of 6.x's.
 */
export const ivm: typeof IsolatedVM = createRequire(import.meta.url)(isolatedVmPackageName());
