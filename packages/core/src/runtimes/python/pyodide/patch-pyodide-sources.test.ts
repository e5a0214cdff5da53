import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchPyodideLoader, patchPyodideModule } from './patch-pyodide-sources';

const pyodideFolder = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
const read = (name: string) => readFileSync(join(pyodideFolder, name), 'utf8');

describe('patchPyodideLoader', () => {
  it('turns the installed loader into a classic script that publishes loadPyodide', () => {
    const patched = patchPyodideLoader(read('pyodide.mjs'), 'installed');
    expect(patched).toContain('globalThis.__pyodideLoader = { loadPyodide:');
    // A WebAssembly.Module compiled by the worker is instantiated instead of the bytes.
    expect(patched).toContain('useCompiledWasmModule(module) { __compiledWasmModule = module; }');
    expect(patched).toContain(
      '__compiledWasmModule?l={module:__compiledWasmModule,instance:await WebAssembly.instantiate(__compiledWasmModule,s)}:',
    );
    // The standard library's zip is made by the module's hook (a chunked file), not copied.
    expect(patched).toContain('n.codeInterpreterStdlib(n.FS,`/lib/python');
    expect(patched).not.toContain('.zip`,r)');
    expect(patched).not.toMatch(/\bexport\s*\{/);
    // A classic script parses: Function() compiles it as a function body.
    expect(() => new Function(patched)).not.toThrow();
  });

  it('fails loudly when the wasm instantiate call of the loader moved', () => {
    const source = 'export { a as loadPyodide, b as version };';
    expect(() => patchPyodideLoader(source, '1.2.3')).toThrow(/getInstantiateWasmFunc/);
  });

  it('fails loudly when the standard library write of the loader moved', () => {
    const installed = read('pyodide.mjs');
    const source = installed.replace('.zip`,r)', '.zip`,bytes)');
    expect(() => patchPyodideLoader(source, '1.2.3')).toThrow(/standard library zip write/);
  });

  it('says which pyodide version it cannot adapt', () => {
    expect(() => patchPyodideLoader('export { x as other };', '999.0.0')).toThrow(
      /pyodide 999\.0\.0/,
    );
  });
});

describe('patchPyodideModule', () => {
  it('removes import.meta and the default export, and routes shell randomness to crypto', () => {
    const patched = patchPyodideModule(read('pyodide.asm.mjs'), 'installed');
    expect(patched).not.toContain('import.meta');
    expect(patched).toContain('globalThis.__pyodideCreateModule = _createPyodideModule;');
    expect(patched).toContain('crypto.getRandomValues(view.subarray(i,i+65536))');
    expect(patched).not.toContain('if(ENVIRONMENT_IS_SHELL){return view=>{if(!os.system)');
    expect(patched).toContain(
      'setImmediate(t);else setTimeout(t,0)}a(bo,"scheduleCallbackImmediate")',
    );
    expect(() => new Function(patched)).not.toThrow();
  });

  it('links only the GOT entries the main module imports, and merges its symbols in a plain loop', () => {
    const patched = patchPyodideModule(read('pyodide.asm.mjs'), 'installed');
    expect(patched).not.toContain('updateGOT(origExports);');
    expect(patched).toContain('for(var symName of Object.keys(GOT))');
    expect(patched).toContain('updateGOT(gotImports);');
    expect(patched).toContain(
      'mergeLibSymbols=(exports,libName)=>{for(var keys=Object.keys(exports)',
    );
    expect(patched).not.toContain('for(var[sym,exp]of Object.entries(exports))');
  });

  it('fails loudly when the main module no longer links itself where it did', () => {
    const source = read('pyodide.asm.mjs').replace('updateGOT(origExports);', 'updateGOT(e);');
    expect(() => patchPyodideModule(source, '1.2.3')).toThrow(/updateGOT call in receiveInstance/);
  });

  it('fails loudly when the randomness source moved', () => {
    const source = 'var x=import.meta.url;export default _createPyodideModule;';
    expect(() => patchPyodideModule(source, '1.2.3')).toThrow(/randomFill/);
  });
});
