/**
 * Removes the built-ins through which a program could make V8 call its code outside any call the
 * worker makes into the isolate: `FinalizationRegistry` cleanup callbacks and `Atomics.waitAsync`
 * continuations run as V8 platform tasks, which isolated-vm runs with no timeout whenever the
 * isolate next does something, possibly during another run on the same isolate or while the
 * worker waits on the isolate synchronously. A callback that loops there would stall the worker
 * and every run it holds. (`WebAssembly`, whose asynchronous compilation is the third such path,
 * is removed with the memory guard.) `WeakRef` stays: it never calls back.
 *
 * Runs when the runtime is installed and again in every context restored from the snapshot.
 */
export function removeOutOfRunCallbacks(global: typeof globalThis): void {
  delete (global as Record<string, unknown>).FinalizationRegistry;
  const atomics = (global as unknown as { Atomics?: Record<string, unknown> }).Atomics;
  if (atomics) delete atomics.waitAsync;
}
