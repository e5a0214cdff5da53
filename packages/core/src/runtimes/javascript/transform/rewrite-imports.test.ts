import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { stripTypeScript } from './strip-typescript';
import { wrapForRepl } from './wrap-for-repl';

/** A stand-in for the runtime's importer: two modules, and a log of what each import asked for. */
function fakeImporter() {
  const fs = { readFileSync: () => 'read', writeFileSync: () => 'written' };
  const modules: Record<string, object> = { fs, 'node:fs': fs, path: { sep: '/' } };
  const calls: Array<[string, string[]]> = [];
  const namespace = (specifier: string) => {
    const exports = modules[specifier];
    if (!exports) throw new Error(`Cannot find module '${specifier}'`);
    return { ...exports, default: exports };
  };
  return {
    calls,
    fs,
    importer: {
      load(specifier: string, names: string[]) {
        calls.push([specifier, names]);
        return namespace(specifier);
      },
      async dynamic(specifier: string) {
        return namespace(specifier);
      },
    },
  };
}

async function runWithImporter(
  code: string,
  options: { persistBindings?: boolean; context?: Record<string, unknown> } = {},
) {
  const fake = fakeImporter();
  const context = options.context ?? {};
  const wrapped = wrapForRepl(code, { persistBindings: options.persistBindings ?? false });
  const program = runInNewContext(wrapped.code, context) as (
    importer: unknown,
  ) => Promise<{ v: unknown } | undefined>;
  const result = await program.call(context, fake.importer);
  return { value: result?.v, calls: fake.calls, fs: fake.fs, wrapped, context };
}

describe('import declarations and import()', () => {
  it('binds default, named, renamed and namespace imports, and asks for the named ones', async () => {
    const { value, calls, fs } = await runWithImporter(
      [
        "import fs from 'node:fs';",
        "import { readFileSync, writeFileSync as write } from 'fs';",
        "import * as all from 'path';",
        "import 'fs';",
        '[fs, readFileSync(), write(), all.sep, all.default.sep]',
      ].join('\n'),
    );
    expect(value).toEqual([fs, 'read', 'written', '/', '/']);
    expect(calls).toEqual([
      ['node:fs', ['default']],
      ['fs', ['readFileSync', 'writeFileSync']],
      ['path', []],
      ['fs', []],
    ]);
  });

  it('keeps a multi-line import on its lines, so later lines keep their numbers', async () => {
    const code =
      "import {\n  readFileSync,\n  writeFileSync,\n} from 'fs';\nconst marker = 1;\nreadFileSync()";
    const { value, wrapped } = await runWithImporter(code);
    expect(value).toBe('read');
    const lines = wrapped.code.split('\n');
    expect(lines.length).toBe(code.split('\n').length + 1);
    expect(lines[4]).toBe('const marker = 1;');
  });

  it('makes imported names globals of the session when bindings persist', async () => {
    const context: Record<string, unknown> = {};
    await runWithImporter("import { readFileSync as read } from 'fs'", {
      persistBindings: true,
      context,
    });
    expect(typeof context.read).toBe('function');
    const again = await runWithImporter('read()', { persistBindings: true, context });
    expect(again.value).toBe('read');
  });

  it('rewrites import() anywhere: a final expression, an initializer, inside a function', async () => {
    const { value } = await runWithImporter(
      [
        "const p = await import('path');",
        "async function later() { return (await import('node:fs')).readFileSync() }",
        "[p.sep, await later(), (await import('fs')).default.writeFileSync()]",
      ].join('\n'),
    );
    expect(value).toEqual(['/', 'read', 'written']);
  });

  it("leaves the word import alone in strings and property names, and refuses what isn't a module", async () => {
    const { value } = await runWithImporter("const o = { import: 1 }; ['import(x)', o.import]");
    expect(value).toEqual(['import(x)', 1]);
    await expect(runWithImporter("await import('child_process')")).rejects.toThrow(
      "Cannot find module 'child_process'",
    );
  });

  it('leaves an import declaration that is not at the top level for V8 to refuse', () => {
    const { code } = wrapForRepl("if (true) { import fs from 'fs' }");
    expect(code).toContain("import fs from 'fs'");
  });

  it('works on TypeScript once its types are stripped', async () => {
    const { value } = await runWithImporter(
      stripTypeScript(
        "import type { Stats } from 'fs';\nimport { readFileSync } from 'fs';\nconst text: string = readFileSync();\ntext",
      ),
    );
    expect(value).toBe('read');
  });
});
