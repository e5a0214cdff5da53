/**
 * Caps the memory an isolate can take outside its V8 heap. isolated-vm's `memoryLimit` counts the
 * V8 heap and ordinary ArrayBuffers, but not WebAssembly linear memory (where Pyodide keeps every
 * Python object) nor the reservations of resizable ArrayBuffers and growable SharedArrayBuffers.
 * This guard wraps every way to create or grow those from JavaScript and charges them against one
 * budget; modules that define or import a memory (whose `memory.grow` instruction no wrapper would
 * see) cannot be compiled once the guard is locked down, and modules compiled before cannot be
 * instantiated again unless they passed the same check.
 *
 * It must be installed before any other code runs in the realm: it keeps the originals only in
 * this closure and points every `constructor` property at the wrappers, so nothing reachable from
 * the global object leads back to an unwrapped constructor.
 */
import { refuseWasmModule } from './wasm-module-check';
import { type WasmMemory, webAssemblyOf } from './webassembly-types';

const wasmPageBytes = 65_536;
/** What making any WebAssembly memory costs at least, in bytes. */
const minimumMemoryCharge = 1_048_576;

/** Controls the guard of one realm. */
export interface ExternalMemoryGuard {
  /** Bytes charged so far (WebAssembly memories, resizable buffer reservations). */
  chargedBytes(): number;
  /**
   * Starts enforcing the budget. Charges every memory made so far plus `ownMemories` (memories a
   * trusted module defined itself, e.g. Pyodide's heap) at their current size, and from then on
   * refuses modules that define or import a memory.
   */
  lockDown(ownMemories: readonly WasmMemory[]): void;
}

/** Options of {@link installExternalMemoryGuard}. */
export interface ExternalMemoryGuardOptions {
  /** Most bytes of WebAssembly memory and resizable-buffer reservations, together. */
  limitBytes: number;
}

type AnyFunction = (...args: never[]) => unknown;

export function installExternalMemoryGuard(
  global: typeof globalThis,
  options: ExternalMemoryGuardOptions,
): ExternalMemoryGuard {
  const { limitBytes } = options;
  const ReflectApply = Reflect.apply;
  const ReflectConstruct = Reflect.construct;
  const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
  const ObjectDefineProperty = Object.defineProperty;
  const NumberCtor = Number;
  const NumberIsFinite = Number.isFinite;
  const MathTrunc = Math.trunc;
  const MathMax = Math.max;
  const PromiseResolve = Promise.resolve.bind(Promise);
  const ProxyCtor = Proxy;
  const RangeErrorCtor = RangeError;
  const TypeErrorCtor = TypeError;
  const Uint8ArrayCtor = Uint8Array;
  const ArrayBufferCtor = ArrayBuffer;
  const ArrayBufferIsView = ArrayBuffer.isView;
  const WeakSetCtor = WeakSet;
  const WeakSetAdd = WeakSet.prototype.add;
  const WeakSetHas = WeakSet.prototype.has;
  const PromisePrototypeThen = Promise.prototype.then;
  const typedArraySet = Uint8Array.prototype.set;
  const TypedArraySet = (target: Uint8Array, source: Uint8Array) =>
    ReflectApply(typedArraySet, target, [source]);
  const arrayBufferByteLength = getter(ArrayBuffer.prototype, 'byteLength');
  const typedArrayBuffer = getter(Object.getPrototypeOf(Uint8Array.prototype), 'buffer');
  const typedArrayByteOffset = getter(Object.getPrototypeOf(Uint8Array.prototype), 'byteOffset');
  const typedArrayByteLength = getter(Object.getPrototypeOf(Uint8Array.prototype), 'byteLength');
  const dataViewBuffer = getter(DataView.prototype, 'buffer');
  const dataViewByteOffset = getter(DataView.prototype, 'byteOffset');
  const dataViewByteLength = getter(DataView.prototype, 'byteLength');
  const isTypedArray = (value: unknown): boolean => {
    try {
      typedArrayByteOffset(value);
      return true;
    } catch {
      return false;
    }
  };

  const WebAssemblyObject = webAssemblyOf(global);
  const OriginalMemory = WebAssemblyObject.Memory;
  const OriginalModule = WebAssemblyObject.Module;
  const OriginalInstance = WebAssemblyObject.Instance;
  const moduleCustomSections = OriginalModule.customSections;
  const originalCompile = WebAssemblyObject.compile;
  const originalInstantiate = WebAssemblyObject.instantiate;
  const originalGrow = OriginalMemory.prototype.grow;
  const CompileErrorCtor = WebAssemblyObject.CompileError;
  const memoryBuffer = getter(OriginalMemory.prototype, 'buffer');
  const sharedArrayBufferByteLength =
    typeof SharedArrayBuffer === 'function'
      ? getter(SharedArrayBuffer.prototype, 'byteLength')
      : undefined;
  const memoryByteLength = (memory: WasmMemory): number => {
    const buffer = memoryBuffer(memory);
    try {
      return arrayBufferByteLength(buffer) as number;
    } catch {
      return sharedArrayBufferByteLength ? (sharedArrayBufferByteLength(buffer) as number) : 0;
    }
  };

  let locked = false;
  let charged = 0;
  const memoriesBeforeLockDown: WasmMemory[] = [];
  const checkedModules = new WeakSetCtor<object>();

  const overBudget = (what: string, bytes: number) =>
    new RangeErrorCtor(
      `${what}: ${bytes} bytes would exceed the sandbox memory limit of ${limitBytes} bytes (WebAssembly memory counts against it)`,
    );
  const charge = (what: string, bytes: number) => {
    if (!locked) return;
    if (!(bytes >= 0) || charged + bytes > limitBytes) throw overBudget(what, bytes);
    charged += bytes;
  };
  /** A Uint8Array over the bytes of a BufferSource; a copy once locked (so they cannot change after the check). */
  const moduleBytes = (source: unknown): Uint8Array => {
    let buffer: ArrayBufferLike;
    let offset = 0;
    let length: number;
    if (ArrayBufferIsView(source)) {
      if (isTypedArray(source)) {
        buffer = typedArrayBuffer(source) as ArrayBufferLike;
        offset = typedArrayByteOffset(source) as number;
        length = typedArrayByteLength(source) as number;
      } else {
        buffer = dataViewBuffer(source) as ArrayBufferLike;
        offset = dataViewByteOffset(source) as number;
        length = dataViewByteLength(source) as number;
      }
    } else {
      buffer = source as ArrayBufferLike;
      try {
        length = arrayBufferByteLength(buffer) as number;
      } catch {
        if (!sharedArrayBufferByteLength)
          throw new TypeErrorCtor('Argument 0 must be a buffer source');
        length = sharedArrayBufferByteLength(buffer) as number;
      }
    }
    const view = new Uint8ArrayCtor(buffer, offset, length);
    if (!locked) return view;
    const copy = new Uint8ArrayCtor(length);
    TypedArraySet(copy, view);
    return copy;
  };
  /** Checks module bytes; throws a CompileError-like error when they are refused. */
  const checkBytes = (bytes: Uint8Array, api: string): void => {
    if (!locked) return;
    const reason = refuseWasmModule(bytes);
    if (reason !== undefined) {
      throw new CompileErrorCtor(
        `${api}: this sandbox does not run WebAssembly modules that bring their own memory (${reason})`,
      );
    }
  };
  const remember = (module: unknown, bytes: Uint8Array) => {
    if (refuseWasmModule(bytes) === undefined) ReflectApply(WeakSetAdd, checkedModules, [module]);
  };
  const requireChecked = (module: unknown, api: string) => {
    if (!locked) return;
    if (!ReflectApply(WeakSetHas, checkedModules, [module])) {
      throw new TypeErrorCtor(
        `${api}: this module was compiled before the sandbox started and cannot be instantiated again`,
      );
    }
  };

  // --- WebAssembly.Memory ---------------------------------------------------------------------
  const MemoryProxy: AnyFunction = new ProxyCtor(OriginalMemory as unknown as AnyFunction, {
    construct(target, args, newTarget): object {
      const descriptor = copyDescriptor(args[0], [
        'initial',
        'minimum',
        'maximum',
        'shared',
        'address',
        'index',
      ]);
      const pages = NumberCtor(descriptor.initial ?? descriptor.minimum ?? 0);
      if (locked && NumberIsFinite(pages)) {
        const bytes = MathMax(pages * wasmPageBytes, minimumMemoryCharge);
        if (!(bytes >= 0) || charged + bytes > limitBytes)
          throw overBudget('WebAssembly.Memory()', bytes);
      }
      const memory: WasmMemory = ReflectConstruct(
        target,
        [descriptor],
        newTarget === MemoryProxy ? target : newTarget,
      );
      // Every memory also reserves address space: charge at least a little, so they cannot be
      // made by the thousand.
      const bytes = MathMax(memoryByteLength(memory), minimumMemoryCharge);
      if (locked) charge('WebAssembly.Memory()', bytes);
      else memoriesBeforeLockDown[memoriesBeforeLockDown.length] = memory;
      return memory;
    },
  });
  const grow = {
    grow(this: WasmMemory, delta: number): number {
      // Converted once: a valueOf() with side effects runs here, not again inside V8.
      const pages = MathTrunc(NumberCtor(delta));
      const bytes = pages * wasmPageBytes;
      if (locked && bytes >= 0 && charged + bytes > limitBytes) {
        throw overBudget('WebAssembly.Memory.grow()', bytes);
      }
      const previousPages = ReflectApply(originalGrow, this, [
        typeof delta === 'bigint' ? delta : pages,
      ]) as number;
      if (locked && bytes >= 0) charged += bytes;
      return previousPages;
    },
  }.grow;
  redefineMethod(OriginalMemory.prototype, 'grow', grow);
  // Later V8 versions add ways to resize a memory through its buffer: refuse them outright.
  for (const name of ['toResizableBuffer', 'toFixedLengthBuffer']) {
    if (ReflectGetOwnPropertyDescriptor(OriginalMemory.prototype, name)) {
      redefineMethod(OriginalMemory.prototype, name, () => {
        throw new TypeErrorCtor(`WebAssembly.Memory.${name}() is not available in this sandbox`);
      });
    }
  }
  redefineConstructor(OriginalMemory as unknown as AnyFunction, MemoryProxy);
  replaceGlobal(WebAssemblyObject, 'Memory', MemoryProxy);

  // --- WebAssembly.Module / Instance / compile / instantiate -----------------------------------
  const ModuleProxy: AnyFunction = new ProxyCtor(OriginalModule as unknown as AnyFunction, {
    construct(target, args, newTarget): object {
      const bytes = moduleBytes(args[0]);
      checkBytes(bytes, 'WebAssembly.Module()');
      const module: object = ReflectConstruct(
        target,
        [bytes, ...restArgs(args)],
        newTarget === ModuleProxy ? target : newTarget,
      );
      remember(module, bytes);
      return module;
    },
  });
  redefineConstructor(OriginalModule as unknown as AnyFunction, ModuleProxy);
  replaceGlobal(WebAssemblyObject, 'Module', ModuleProxy);

  const InstanceProxy: AnyFunction = new ProxyCtor(OriginalInstance as unknown as AnyFunction, {
    construct(target, args, newTarget): object {
      requireChecked(args[0], 'WebAssembly.Instance()');
      return ReflectConstruct(target, args, newTarget === InstanceProxy ? target : newTarget);
    },
  });
  redefineConstructor(OriginalInstance as unknown as AnyFunction, InstanceProxy);
  replaceGlobal(WebAssemblyObject, 'Instance', InstanceProxy);

  const compile = {
    compile(source: unknown, ...rest: unknown[]): Promise<object> {
      let bytes: Uint8Array;
      try {
        bytes = moduleBytes(source);
        checkBytes(bytes, 'WebAssembly.compile()');
      } catch (error) {
        return rejected(error);
      }
      const promise = ReflectApply(originalCompile, WebAssemblyObject, [
        bytes,
        ...rest,
      ]) as Promise<object>;
      return ReflectApply(PromisePrototypeThen, promise, [
        (module: object) => {
          remember(module, bytes);
          return module;
        },
      ]) as Promise<object>;
    },
  }.compile;
  replaceGlobal(WebAssemblyObject, 'compile', compile);

  const instantiate = {
    instantiate(source: unknown, ...rest: unknown[]): Promise<unknown> {
      if (ReflectApply(WeakSetHas, checkedModules, [source]) || isOriginalModule(source)) {
        try {
          requireChecked(source, 'WebAssembly.instantiate()');
        } catch (error) {
          return rejected(error);
        }
        return ReflectApply(originalInstantiate, WebAssemblyObject, [
          source,
          ...rest,
        ]) as Promise<unknown>;
      }
      let bytes: Uint8Array;
      try {
        bytes = moduleBytes(source);
        checkBytes(bytes, 'WebAssembly.instantiate()');
      } catch (error) {
        return rejected(error);
      }
      const promise = ReflectApply(originalInstantiate, WebAssemblyObject, [
        bytes,
        ...rest,
      ]) as Promise<{
        module: object;
      }>;
      return ReflectApply(PromisePrototypeThen, promise, [
        (result: { module: object }) => {
          remember(result.module, bytes);
          return result;
        },
      ]) as Promise<unknown>;
    },
  }.instantiate;
  replaceGlobal(WebAssemblyObject, 'instantiate', instantiate);
  for (const name of ['compileStreaming', 'instantiateStreaming']) {
    if (ReflectGetOwnPropertyDescriptor(WebAssemblyObject, name)) {
      replaceGlobal(WebAssemblyObject, name, () =>
        rejected(new TypeErrorCtor(`WebAssembly.${name}() is not available in this sandbox`)),
      );
    }
  }

  // --- Resizable ArrayBuffer / growable SharedArrayBuffer ---------------------------------------
  // Their memory is reserved and committed outside isolated-vm's allocator, so its limit does not
  // see them. Pyodide does not use them: refuse to make or resize them.
  const refuseResizable = (Original: AnyFunction, name: string, resizeMethod: string) => {
    const Wrapped: AnyFunction = new ProxyCtor(Original, {
      construct(target, args, newTarget) {
        const options = args[1];
        if (options !== null && typeof options === 'object') {
          if ((options as { maxByteLength?: unknown }).maxByteLength !== undefined) {
            throw new TypeErrorCtor(
              `new ${name}() with maxByteLength is not available in this sandbox`,
            );
          }
        }
        return ReflectConstruct(target, [args[0]], newTarget === Wrapped ? target : newTarget);
      },
    });
    if (ReflectGetOwnPropertyDescriptor(Original.prototype, resizeMethod)) {
      redefineMethod(Original.prototype, resizeMethod, () => {
        throw new TypeErrorCtor(
          `${name}.prototype.${resizeMethod}() is not available in this sandbox`,
        );
      });
    }
    redefineConstructor(Original, Wrapped);
    replaceGlobal(global, name, Wrapped);
  };
  refuseResizable(ArrayBufferCtor as unknown as AnyFunction, 'ArrayBuffer', 'resize');
  if (typeof SharedArrayBuffer === 'function') {
    refuseResizable(SharedArrayBuffer as unknown as AnyFunction, 'SharedArrayBuffer', 'grow');
  }

  return {
    chargedBytes: () => charged,
    lockDown(ownMemories) {
      if (locked) return;
      let total = 0;
      for (let index = 0; index < memoriesBeforeLockDown.length; index++) {
        total += memoryByteLength(memoriesBeforeLockDown[index] as WasmMemory);
      }
      for (let index = 0; index < ownMemories.length; index++) {
        total += memoryByteLength(ownMemories[index] as WasmMemory);
      }
      memoriesBeforeLockDown.length = 0;
      charged = total;
      locked = true;
    },
  };

  /**
   * True for a `WebAssembly.Module` (a brand check). `customSections` with a name no section has
   * is the cheapest static method that checks it: `exports` would list the 8,560 exports of
   * Pyodide's module, several ms in a fresh isolate.
   */
  function isOriginalModule(value: unknown): boolean {
    try {
      ReflectApply(moduleCustomSections, OriginalModule, [value, '']);
      return true;
    } catch {
      return false;
    }
  }
  function rejected(error: unknown): Promise<never> {
    return ReflectApply(PromisePrototypeThen, PromiseResolve(undefined), [
      () => {
        throw error;
      },
    ]) as Promise<never>;
  }
  function restArgs(args: unknown[]): unknown[] {
    const rest: unknown[] = [];
    for (let index = 1; index < args.length; index++) rest[rest.length] = args[index];
    return rest;
  }
  function copyDescriptor(value: unknown, keys: readonly string[]): Record<string, unknown> {
    if (value === null || typeof value !== 'object') return value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      const field = (value as Record<string, unknown>)[key];
      if (field !== undefined) copy[key] = field;
    }
    return copy;
  }
  function getter(prototype: object, name: string): (self: unknown) => unknown {
    const descriptor = ReflectGetOwnPropertyDescriptor(prototype, name);
    const get = descriptor?.get;
    if (!get) throw new TypeErrorCtor(`Missing intrinsic getter ${name}`);
    return (self) => ReflectApply(get, self, []);
  }
  function redefineMethod(target: object, name: string, value: unknown): void {
    ObjectDefineProperty(target, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  function redefineConstructor(Original: AnyFunction, Wrapped: AnyFunction): void {
    ObjectDefineProperty(Original.prototype, 'constructor', {
      value: Wrapped,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }
  function replaceGlobal(target: object, name: string, value: unknown): void {
    ObjectDefineProperty(target, name, {
      value,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }
}
