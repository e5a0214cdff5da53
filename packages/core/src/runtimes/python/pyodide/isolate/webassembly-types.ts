/**
 * The parts of the WebAssembly JavaScript API the sandbox side touches. The project compiles
 * against ES2023 without DOM types, which do not declare the `WebAssembly` namespace.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(delta: number): number;
}

export interface WasmNamespace {
  Memory: new (descriptor: unknown) => WasmMemory;
  Module: (new (
    bytes: unknown,
    ...rest: unknown[]
  ) => object) & { customSections(module: unknown, sectionName: string): unknown };
  Instance: new (module: unknown, imports?: unknown) => object;
  CompileError: new (message: string) => Error;
  compile(bytes: unknown, ...rest: unknown[]): Promise<object>;
  instantiate(source: unknown, ...rest: unknown[]): Promise<unknown>;
}

/** The realm's `WebAssembly` object. */
export function webAssemblyOf(global: typeof globalThis): WasmNamespace {
  return (global as unknown as { WebAssembly: WasmNamespace }).WebAssembly;
}
