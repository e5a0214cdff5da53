import { createNodeError, invalidArgTypeError } from '../../../../sandbox-globals/node-errors';
import {
  ErrorCtor,
  ObjectCreate,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectKeys,
  ObjectPrototypeHasOwnProperty,
  PromiseCtor,
  StringPrototypeSlice,
  SymbolToStringTag,
  SyntaxErrorCtor,
} from '../../../../sandbox-globals/primordials';
import { createFileSystemModules, type FileSystemModules } from './create-fs-modules';
import type { WorkspaceOperationCall } from './file-system-sync';
import { createPathModule, type PathModule } from './path-posix';

const offered = 'fs, fs/promises and path (also as node:fs, node:fs/promises and node:path)';

/** How a cell's rewritten `import` declarations and `import()` expressions load modules. */
export interface ModuleImporter {
  /** A static import: the module's namespace; `names` are the named imports it must provide. */
  load(specifier: string, names: readonly string[]): Record<string, unknown>;
  /** A dynamic `import()`: a promise of the namespace. */
  dynamic(specifier: unknown): Promise<Record<string, unknown>>;
}

/** `require` and the importer of one context, sharing its modules (made on first use). */
export interface BuiltinModules {
  require(name: unknown): unknown;
  importer: ModuleImporter;
}

/**
 * The Node built-in modules a sandbox offers: `fs` (with `fs.promises`) over the run's workspace
 * through `call`, and `path` (POSIX, working directory `/workspace`). Nothing else of Node: any
 * other name fails with `MODULE_NOT_FOUND` (`ERR_MODULE_NOT_FOUND` for `import`), saying what is
 * offered. The modules are built the first time a program asks for one, so a run that never does
 * pays nothing for them.
 */
export function createBuiltinModules(
  call: WorkspaceOperationCall,
  defer: (callback: () => void) => void,
): BuiltinModules {
  let fileSystem: FileSystemModules | undefined;
  let path: PathModule | undefined;
  const namespaces: Record<string, Record<string, unknown>> = ObjectCreate(null);

  const exportsOf = (bare: string): unknown => {
    switch (bare) {
      case 'fs':
        fileSystem ??= createFileSystemModules(call, defer);
        return fileSystem.fs;
      case 'fs/promises':
        fileSystem ??= createFileSystemModules(call, defer);
        return fileSystem.promises;
      case 'path':
      case 'path/posix':
        path ??= createPathModule();
        return path;
      default:
        return undefined;
    }
  };

  const bareName = (name: string) =>
    StringPrototypeSlice(name, 0, 5) === 'node:' ? StringPrototypeSlice(name, 5) : name;

  const notFound = (name: string, code: string) =>
    createNodeError(
      ErrorCtor,
      code,
      `Cannot find module '${name}': this sandbox offers only the modules ${offered}. Other Node modules and packages are not available here.`,
      false,
    );

  function require(name: unknown): unknown {
    if (typeof name !== 'string') throw invalidArgTypeError('id', 'of type string', name);
    const exports = exportsOf(bareName(name));
    if (exports === undefined) throw notFound(name, 'MODULE_NOT_FOUND');
    return exports;
  }

  /** The module's namespace object, as `import * as ns` gives it: its exports plus `default`. */
  const namespaceOf = (specifier: string): Record<string, unknown> => {
    const bare = bareName(specifier);
    const existing = namespaces[bare];
    if (existing !== undefined) return existing;
    const exports = exportsOf(bare) as Record<string, unknown> | undefined;
    if (exports === undefined) throw notFound(specifier, 'ERR_MODULE_NOT_FOUND');
    const namespace: Record<string, unknown> = ObjectCreate(null);
    const keys = ObjectKeys(exports);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      namespace[key] = exports[key];
    }
    namespace.default = exports;
    ObjectDefineProperty(namespace, SymbolToStringTag, { value: 'Module' });
    namespaces[bare] = ObjectFreeze(namespace);
    return namespace;
  };

  const importer: ModuleImporter = ObjectFreeze({
    load(specifier: string, names: readonly string[]) {
      const namespace = namespaceOf(specifier);
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        if (!ObjectPrototypeHasOwnProperty(namespace, name)) {
          throw new SyntaxErrorCtor(
            `The requested module '${specifier}' does not provide an export named '${name}'`,
          );
        }
      }
      return namespace;
    },
    dynamic(specifier: unknown) {
      return new PromiseCtor<Record<string, unknown>>((resolve) => {
        resolve(namespaceOf(`${specifier as string}`));
      });
    },
  });

  return { require, importer };
}
