import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchPyodideLoader, patchPyodideModule } from './patch-pyodide-sources';

const pyodideFolder = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
const read = (name: string) => readFileSync(join(pyodideFolder, name), 'utf8');

/** The text of `source` from `from` up to `to` (pieces of the glue, run in test harnesses). */
const between = (text: string, from: string, to: string) =>
  text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)));

/** Upstream's wasm type packs and `convertJsFunctionToWasm`, and the patched GOT helpers. */
function glueParts(source: string, patched: string) {
  return {
    typePacks: between(source, 'var uleb128EncodeWithLen=', 'var convertJsFunctionToWasm='),
    upstreamConvert: between(source, 'var convertJsFunctionToWasm=', 'var addFunction='),
    helpers: between(patched, 'var addFunctionWrappedLater=', 'var loadDylibs='),
  };
}

// This package's TypeScript settings have no WebAssembly types (no DOM library): the bits used.
const { Table } = (
  globalThis as unknown as {
    WebAssembly: {
      Table: new (descriptor: {
        element: string;
        initial: number;
      }) => {
        get(index: number): unknown;
        set(index: number, value: unknown): void;
      };
    };
  }
).WebAssembly;

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

  it('gives the library functions of the GOT their table slots in order, wrapped by one module', () => {
    const source = read('pyodide.asm.mjs');
    const patched = patchPyodideModule(source, 'installed');
    expect(patched).toContain('entry.value=addFunctionWrappedLater(value,value.sig,wrapLater)');
    expect(patched).toContain('wrapFunctionsInOneModule(wrapLater)};');
    // The patched helpers, run against a real table beside upstream's addFunction: the same slots,
    // and calls through each slot reach the same function with the same conversions.
    const { typePacks, upstreamConvert, helpers } = glueParts(source, patched);
    const harness = new Function(
      'wasmTable',
      `var functionsInTableMap=new WeakMap;var freeTableIndexes=[];var getFunctionAddress=f=>functionsInTableMap.get(f)||0;var getEmptyTableSlot=()=>wasmTable.grow(1);var setWasmTableEntry=(i,f)=>wasmTable.set(i,f);${typePacks}${upstreamConvert}${helpers}return{addFunctionWrappedLater,wrapFunctionsInOneModule,convertJsFunctionToWasm};`,
    );
    const table = new Table({ element: 'anyfunc', initial: 3 });
    const { addFunctionWrappedLater, wrapFunctionsInOneModule, convertJsFunctionToWasm } =
      harness(table);
    const calls: unknown[][] = [];
    const library: Array<[(...args: never[]) => unknown, string]> = [
      [(a: number, b: number) => a + b, 'iii'],
      [(...args: unknown[]) => void calls.push(args), 'vi'],
      [(x: number) => x * 2.5, 'dd'],
      [(x: bigint) => x + 1n, 'jj'],
      [(a: number, b: number) => a - b, 'iii'],
    ];
    const wrapLater: unknown[] = [];
    const slots = library.map(([func, sig]) => addFunctionWrappedLater(func, sig, wrapLater));
    expect(slots).toEqual([3, 4, 5, 6, 7]); // in order, after what the table held
    expect(addFunctionWrappedLater(library[0]?.[0], 'iii', wrapLater)).toBe(3); // known: same slot
    wrapFunctionsInOneModule(wrapLater);
    const upstream = library.map(([func, sig]) => convertJsFunctionToWasm(func, sig));
    const at = (slot: number) => table.get(slot) as (...args: unknown[]) => unknown;
    expect(at(3)(2, 3)).toBe(5);
    expect(at(3)(2, 3)).toBe(upstream[0](2, 3));
    expect(at(4)(7)).toBeUndefined();
    expect(calls).toEqual([[7]]);
    expect(at(5)(2)).toBe(5);
    expect(at(5)(2)).toBe(upstream[2](2));
    expect(at(6)(41n)).toBe(42n);
    expect(at(7)(2, 3)).toBe(-1);
    expect(at(7)(2 ** 31, 0)).toBe(upstream[4](2 ** 31, 0)); // the i32 result wraps alike
  });

  it('gives the library functions their slots without mapping the table while no map exists', () => {
    const source = read('pyodide.asm.mjs');
    const patched = patchPyodideModule(source, 'installed');
    expect(patched).toContain(
      'var rtn=functionsInTableMap||isNativeCode(func)?getFunctionAddress(func):slotsBeforeMap.get(func);',
    );
    const { typePacks, upstreamConvert, helpers } = glueParts(source, patched);
    const lookup = between(patched, 'var updateTableMap=', 'var getEmptyTableSlot=');
    const harness = new Function(
      'wasmTable',
      'reads',
      `var getWasmTableEntry=i=>{reads.count++;return wasmTable.get(i)};${lookup}var getEmptyTableSlot=()=>wasmTable.grow(1);var setWasmTableEntry=(i,f)=>wasmTable.set(i,f);${typePacks}${upstreamConvert}${helpers}return{addFunctionWrappedLater,getFunctionAddress,wrapFunctionsInOneModule,convertJsFunctionToWasm};`,
    );
    /** A table like the main module's: a WebAssembly function at 2, the library appended. */
    const boot = () => {
      const table = new Table({ element: 'anyfunc', initial: 3 });
      const reads = { count: 0 };
      const glue = harness(table, reads);
      const seven = glue.convertJsFunctionToWasm(() => 7, 'i');
      table.set(2, seven);
      return { table, reads, glue, seven };
    };
    const add = Object.assign((a: number, b: number) => a + b, { sig: 'iii' });
    const twice = Object.assign((x: number) => x * 2, { sig: 'ii' });

    const { table, reads, glue, seven } = boot();
    const wrapLater: unknown[] = [];
    // In order after what the table held; a function met again gets its slot again; no lookup.
    expect(glue.addFunctionWrappedLater(add, add.sig, wrapLater)).toBe(3);
    expect(glue.addFunctionWrappedLater(twice, twice.sig, wrapLater)).toBe(4);
    expect(glue.addFunctionWrappedLater(add, add.sig, wrapLater)).toBe(3);
    expect(reads.count).toBe(0);
    glue.wrapFunctionsInOneModule(wrapLater);
    expect((table.get(3) as (a: number, b: number) => number)(2, 3)).toBe(5);
    expect((table.get(4) as (x: number) => number)(21)).toBe(42);
    // A lookup made later maps the table then, and knows the slots given before it.
    expect(glue.getFunctionAddress(add)).toBe(3);
    expect(glue.getFunctionAddress(twice)).toBe(4);
    expect(glue.getFunctionAddress(seven)).toBe(2);
    expect(reads.count).toBe(5);
    // Once a map exists, the upstream way: known functions keep their slots, new ones are added.
    const third = Object.assign(() => 3, { sig: 'i' });
    const later: unknown[] = [];
    expect(glue.addFunctionWrappedLater(add, add.sig, later)).toBe(3);
    expect(glue.addFunctionWrappedLater(third, third.sig, later)).toBe(5);
    expect(glue.getFunctionAddress(third)).toBe(5);

    // A WebAssembly function goes the upstream way at once: the table is mapped to find it.
    const fresh = boot();
    expect(fresh.glue.addFunctionWrappedLater(fresh.seven, undefined, [])).toBe(2);
    expect(fresh.reads.count).toBe(3);
    // A JavaScript function without a signature is refused as upstream refuses it.
    const other = boot();
    expect(() => other.glue.addFunctionWrappedLater(() => 1, undefined, [])).toThrow(TypeError);
  });

  it('converts the signatures of 20 exports without copying the 8,560', () => {
    const patched = patchPyodideModule(read('pyodide.asm.mjs'), 'installed');
    const from = patched.indexOf('function applySignatureConversions(wasmExports){');
    const code = patched.slice(from, patched.indexOf('return wasmExports}', from) + 19);
    expect(code).toContain('wasmExports=Object.create(wasmExports);');
    expect(code).not.toContain('Object.assign');
    const convert = new Function(`${code}return applySignatureConversions;`)();
    // Like an instance's exports: frozen, no prototype.
    const other = () => -1;
    const exports = Object.freeze(
      Object.assign(Object.create(null), { malloc: () => -8, sbrk: (n: number) => n - 2, other }),
    );
    const converted = convert(exports);
    expect(converted.malloc()).toBe(2 ** 32 - 8); // a pointer, unsigned
    expect(converted.sbrk(1)).toBe(2 ** 32 - 1);
    expect(converted.other).toBe(other); // every other name reads as before
    expect(converted.other()).toBe(-1);
    expect(exports.malloc()).toBe(-8); // the instance's exports are left alone
  });

  it('fails loudly when applySignatureConversions changed shape', () => {
    const source = read('pyodide.asm.mjs').replace(
      'wasmExports=Object.assign({},wasmExports);',
      'wasmExports={...wasmExports};',
    );
    expect(() => patchPyodideModule(source, '1.2.3')).toThrow(/applySignatureConversions/);
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
