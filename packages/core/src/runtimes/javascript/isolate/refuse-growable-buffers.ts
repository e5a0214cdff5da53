/**
 * Resizable ArrayBuffers and growable SharedArrayBuffers reserve their `maxByteLength` outside
 * isolated-vm's memory limit (a 64 MB isolate reached 2 GB of process memory with them). The
 * JavaScript sandbox therefore refuses the `maxByteLength` option. This runs while the runtime
 * bundle is evaluated, before anything else captures the constructors, and points every path
 * to them (`globalThis.ArrayBuffer`, `buffer.constructor`) at the guarded versions.
 */
const guardedConstructors = new WeakSet<object>();

function guard(name: 'ArrayBuffer' | 'SharedArrayBuffer'): void {
  const original = (globalThis as Record<string, unknown>)[name] as
    | (new (
        length: number,
        options?: unknown,
      ) => object)
    | undefined;
  if (typeof original !== 'function' || guardedConstructors.has(original)) return;
  const construct = Reflect.construct;
  const guarded: typeof original = new Proxy(original, {
    construct(target, args, newTarget) {
      const [length, options] = args as [unknown, unknown];
      if (options !== null && typeof options === 'object') {
        const maxByteLength = (options as { maxByteLength?: unknown }).maxByteLength;
        if (maxByteLength !== undefined) {
          throw new RangeError(
            `${name} with maxByteLength (resizable or growable buffers) is not available in the sandbox: its reservation would bypass the memory limit. Allocate a fixed-size buffer instead.`,
          );
        }
      }
      return construct(target, [length], newTarget === guarded ? target : newTarget);
    },
  });
  guardedConstructors.add(guarded);
  Object.defineProperty(original.prototype, 'constructor', {
    value: guarded,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(globalThis, name, {
    value: guarded,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

/**
 * Installs the guards on the realm; returns true (referenced so bundlers keep it). Called again
 * per context: a context made from a snapshot may gain `SharedArrayBuffer` only then.
 */
export function refuseGrowableBuffers(): boolean {
  guard('ArrayBuffer');
  guard('SharedArrayBuffer');
  return true;
}

/** Evaluated with the module, before later modules capture the constructors. */
export const growableBuffersRefused = refuseGrowableBuffers();
