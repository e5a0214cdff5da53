import { ObjectDefineProperty, SymbolToStringTag } from './primordials';

/**
 * Defines `name` on `target` the way browsers and Node define web globals: writable, configurable,
 * not enumerable (so `Object.keys(globalThis)` stays clean and user code may replace or delete it).
 */
export function defineGlobalValue(target: object, name: string, value: unknown): void {
  ObjectDefineProperty(target, name, {
    value,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

/**
 * Gives a class or function the `name` of the global it is installed as. Bundlers may rename a
 * class binding (esbuild turns a self-referencing `class AbortSignal` into `_AbortSignal`), and
 * `.name` is what consoles print (`[class AbortSignal]`).
 */
export function fixName(fn: unknown, name: string): void {
  if (typeof fn === 'function' && fn.name !== name) {
    ObjectDefineProperty(fn, 'name', {
      value: name,
      writable: false,
      enumerable: false,
      configurable: true,
    });
  }
}

/**
 * Defines `name` on `target` as a lazy global: `create()` runs on first access (read or `typeof`)
 * and its result replaces the accessor with an ordinary data property, so a sandbox that never
 * touches the global never pays for building it. Assigning to the global before any read simply
 * stores the assigned value, as for a data property.
 */
export function defineLazyGlobal(target: object, name: string, create: () => unknown): void {
  ObjectDefineProperty(target, name, {
    get() {
      const value = create();
      defineGlobalValue(target, name, value);
      return value;
    },
    set(value: unknown) {
      defineGlobalValue(target, name, value);
    },
    enumerable: false,
    configurable: true,
  });
}

/** Makes the listed prototype members enumerable, like WebIDL attributes and operations. */
export function makeEnumerable(prototype: object, names: readonly string[]): void {
  for (let i = 0; i < names.length; i++) {
    ObjectDefineProperty(prototype, names[i] as string, { enumerable: true });
  }
}

/** Sets `Symbol.toStringTag` on a prototype (non-writable, configurable, as in WebIDL). */
export function defineToStringTag(prototype: object, tag: string): void {
  ObjectDefineProperty(prototype, SymbolToStringTag, {
    value: tag,
    writable: false,
    enumerable: false,
    configurable: true,
  });
}
