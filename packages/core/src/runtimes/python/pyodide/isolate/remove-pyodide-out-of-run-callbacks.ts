import { removeOutOfRunCallbacks } from '../../../javascript/isolate/remove-out-of-run-callbacks';

/**
 * Once Pyodide has booted, removes `FinalizationRegistry` and `Atomics.waitAsync` from the
 * sandbox's globals (their callbacks run as V8 platform tasks, outside any call the worker makes,
 * with no timeout), and the `constructor` link of `FinalizationRegistry.prototype`, so a program
 * cannot make new registries from the ones Pyodide made while it loaded
 * (`pyodide_js._module.finalizationRegistry.constructor`).
 *
 * Pyodide's own registries keep working, and their callbacks run Python code: releasing a proxy
 * runs the object's `__del__`. So this only narrows the ways to run code outside a run; what keeps
 * other runs safe is that the worker never waits on a Pyodide isolate synchronously and disposes
 * an isolate that does not answer by its run's deadline (see run-pyodide-cell.ts).
 */
export function removePyodideOutOfRunCallbacks(global: typeof globalThis): void {
  const registry = (global as { FinalizationRegistry?: { prototype: object } })
    .FinalizationRegistry;
  if (registry) delete (registry.prototype as { constructor?: unknown }).constructor;
  removeOutOfRunCallbacks(global);
}
