/**
 * Text patches that let Pyodide's ES modules run as classic scripts inside a V8 isolate in
 * Pyodide's d8-shell mode. Each patch checks that what it replaces is there, so a Pyodide
 * upgrade that moves things fails loudly at the first boot instead of misbehaving. Each script is
 * wrapped in a function, so its top-level declarations do not become globals of the sandbox:
 * only the one entry point it exports is published, and the sandbox side deletes it at boot.
 */

/** Names the patched scripts export their entry points under (read and deleted by the isolate). */
export const patchedExportNames = {
  loader: '__pyodideLoader',
  createModule: '__pyodideCreateModule',
} as const;

function fail(file: string, what: string, version: string): never {
  throw new Error(
    `Cannot adapt ${file} of pyodide ${version} to run in the sandbox: ${what} was not found. This version of @code-interpreter/core supports the pyodide version it depends on; reinstall it or pin pyodide to that version.`,
  );
}

/** How the loader instantiates `pyodide.asm.wasm` from the bytes it read (or a response). */
const loaderInstantiate =
  'n?l=await WebAssembly.instantiateStreaming(n,s):l=await WebAssembly.instantiate(await t,s)';

/**
 * How the loader writes the standard library's zip (2.5 MB) into the file system: a copy of the
 * bytes it read, in every sandbox. Patched, the module's `codeInterpreterStdlib` (see
 * `withChunkedStdlib`) makes the file itself, read from the worker's one copy chunk by chunk (the
 * loader is served an empty zip). A module without it fails the boot, as it must: the file would
 * be empty.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: the loader's own template literal, as text.
const loaderStdlibWrite = 'n.FS.writeFile(`/lib/python${i}${s}.zip`,r)';
const loaderStdlibInstall =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the loader's own template literal, as text.
  'n.codeInterpreterStdlib(n.FS,`/lib/python${i}${s}.zip`)';

/**
 * `pyodide.mjs` (the loader): its ESM export becomes a global, which also carries
 * `useCompiledWasmModule(module)`: a `WebAssembly.Module` of `pyodide.asm.wasm` compiled once per
 * worker process, which the loader then instantiates instead of compiling the bytes again (a
 * compiled module holds code only; every instance gets its own memory, globals and tables).
 */
export function patchPyodideLoader(source: string, version: string): string {
  const exportStatement = /export\s*\{\s*(\w+) as loadPyodide\s*,\s*(\w+) as version\s*\};?/;
  const match = exportStatement.exec(source);
  if (!match)
    fail('pyodide.mjs', 'the `export { … as loadPyodide, … as version }` statement', version);
  if (!source.includes(loaderInstantiate))
    fail('pyodide.mjs', 'the WebAssembly.instantiate call of getInstantiateWasmFunc', version);
  if (!source.includes(loaderStdlibWrite))
    fail('pyodide.mjs', 'the standard library zip write of installStdlib', version);
  const patched = source
    .replace(loaderStdlibWrite, loaderStdlibInstall)
    .replace(
      loaderInstantiate,
      `__compiledWasmModule?l={module:__compiledWasmModule,instance:await WebAssembly.instantiate(__compiledWasmModule,s)}:${loaderInstantiate}`,
    )
    .replace(
      exportStatement,
      `globalThis.${patchedExportNames.loader} = { loadPyodide: ${match[1]}, version: ${match[2]}, useCompiledWasmModule(module) { __compiledWasmModule = module; } };`,
    );
  return wrapInFunction(`let __compiledWasmModule;\n${patched}`);
}

/** `source` with its one occurrence of `find` replaced; fails loudly when `find` is not there. */
function replaceRequired(
  source: string,
  find: string,
  replacement: string,
  what: string,
  version: string,
): string {
  if (!source.includes(find)) fail('pyodide.asm.mjs', what, version);
  return source.replace(find, () => replacement);
}

/**
 * Emscripten's dynamic linker, as it receives the main module's instance, enters every one of
 * its 8,560 exports into the global offset table (GOT) that side modules (`.so` files) link
 * against: each function export gets a slot of the function table (one `grow(1)` each: about
 * 5,200) and each export a `WebAssembly.Global`. About 22 ms of every boot, for side modules this
 * sandbox never loads (the pyodide package ships none, and packages are not installed).
 * Patched, it enters only the exports the main module itself imports through `GOT.func` /
 * `GOT.mem` (280 symbols; the exports among them are already in the table). An entry a side module asks for later is
 * still made: the GOT creates it on first import and `reportUndefinedSymbols` resolves it from
 * the main module's exports (`mergeLibSymbols` put them all in `wasmImports`), as it does for
 * any symbol not entered ahead. The one difference: a side module's export of a name the main
 * module also exports is no longer shadowed by the main module's. The function table's layout
 * is what function pointers in the memory snapshot refer to; the snapshot is made by a sandbox
 * booted from the same patched source (its cache key hashes the built code), so they agree.
 */
function linkOnlyWhatTheMainModuleImports(source: string, version: string): string {
  return replaceRequired(
    source,
    'updateGOT(origExports);',
    'var gotImports={};for(var symName of Object.keys(GOT)){if(Object.hasOwn(origExports,symName))gotImports[symName]=origExports[symName]}updateGOT(gotImports);',
    "the main module's updateGOT call in receiveInstance",
    version,
  );
}

/**
 * `mergeLibSymbols` puts each of the main module's 8,560 exports into `wasmImports` (where
 * `dlsym` and side modules look symbols up). Upstream it walks `Object.entries()` with a
 * destructuring `for…of` and makes a closure per export: about 7.5 ms of every boot, run by V8's
 * interpreter in a fresh isolate. The same walk over `Object.keys()` (the same keys, in the same
 * order), with the same writes in the same order: about 3 ms.
 */
function mergeSymbolsWithoutClosures(source: string, version: string): string {
  return replaceRequired(
    source,
    'mergeLibSymbols=(exports,libName)=>{for(var[sym,exp]of Object.entries(exports)){const setImport=target=>{if(!isSymbolDefined(target)){wasmImports[target]=exp}};setImport(sym);const main_alias="__main_argc_argv";if(sym=="main"){setImport(main_alias)}if(sym==main_alias){setImport("main")}}}',
    'mergeLibSymbols=(exports,libName)=>{for(var keys=Object.keys(exports),i=0;i<keys.length;i++){var sym=keys[i],exp=exports[sym];if(!isSymbolDefined(sym))wasmImports[sym]=exp;if(sym=="main"&&!isSymbolDefined("__main_argc_argv"))wasmImports["__main_argc_argv"]=exp;if(sym=="__main_argc_argv"&&!isSymbolDefined("main"))wasmImports["main"]=exp}}',
    'mergeLibSymbols',
    version,
  );
}

/**
 * After linking, `reportUndefinedSymbols` gives each function the main module reaches through
 * `GOT.func` a slot of the function table. 259 of its 280 are JavaScript library functions (the
 * `emscripten_gl*` family, mostly), and upstream wraps each in a WebAssembly module of its own
 * (`convertJsFunctionToWasm`: a module that imports the function and exports it back with its
 * signature), then instantiates it: about 8 ms of every boot. Patched, the slots are handed out
 * in the same order (the table's layout, which function pointers in the memory snapshot refer
 * to, does not change), and the functions that need a wrapper get theirs from one module that
 * imports them all and exports each back with its own signature, instantiated once: the same
 * wrapper per function, a call through it reaches the same JavaScript function.
 */
function wrapLibraryFunctionsInOneModule(source: string, version: string): string {
  let patched = replaceRequired(
    source,
    'var reportUndefinedSymbols=()=>{for(var[symName,entry]of Object.entries(GOT)){',
    'var reportUndefinedSymbols=()=>{var wrapLater=[];for(var[symName,entry]of Object.entries(GOT)){',
    'the start of reportUndefinedSymbols',
    version,
  );
  patched = replaceRequired(
    patched,
    'if(typeof value=="function"){entry.value=addFunction(value,value.sig)}',
    'if(typeof value=="function"){entry.value=addFunctionWrappedLater(value,value.sig,wrapLater)}',
    'the function branch of reportUndefinedSymbols',
    version,
  );
  patched = replaceRequired(
    patched,
    '}}}};var loadDylibs=',
    '}}}wrapFunctionsInOneModule(wrapLater)};' +
      // addFunction, except that a function that needs a wrapper gets its slot now and its wrapper
      // from wrapFunctionsInOneModule.
      'var addFunctionWrappedLater=(func,sig,wrapLater)=>{var rtn=getFunctionAddress(func);if(rtn){return rtn}var ret=getEmptyTableSlot();if(typeof sig=="string"&&!isNativeCode(func)){wrapLater.push([ret,func,sig])}else{try{setWasmTableEntry(ret,func)}catch(err){if(!(err instanceof TypeError)||typeof sig!="string"){throw err}wrapLater.push([ret,func,sig])}}functionsInTableMap.set(func,ret);return ret};' +
      // A function written in JavaScript is no WebAssembly function: the table refuses it (the
      // TypeError upstream catches, about 10 us each to make), so it is not offered.
      'var isNativeCode=func=>Function.prototype.toString.call(func).endsWith("{ [native code] }");' +
      'var wrapFunctionsInOneModule=wrapLater=>{if(!wrapLater.length)return;' +
      'var leb=n=>{var out=[];do{var b=n&127;n>>>=7;out.push(n?b|128:b)}while(n);return out};' +
      'var name=s=>[...leb(s.length),...Array.from(s,c=>c.charCodeAt(0))];' +
      'var section=(id,items)=>{var body=[...leb(items.length)];for(var item of items)body.push(...item);return[id,...leb(body.length),...body]};' +
      'var types=[],typeOf=new Map,imports=[],exported=[],funcs={};' +
      'for(var i=0;i<wrapLater.length;i++){var sig=wrapLater[i][2];var t=typeOf.get(sig);if(t===undefined){t=types.length;typeOf.set(sig,t);types.push([96,...generateTypePack(sig.slice(1)),...generateTypePack(sig[0]==="v"?"":sig[0])])}' +
      'imports.push([...name("e"),...name("f"+i),0,...leb(t)]);exported.push([...name("f"+i),0,...leb(i)]);funcs["f"+i]=wrapLater[i][1]}' +
      'var bytes=Uint8Array.from([0,97,115,109,1,0,0,0,...section(1,types),...section(2,imports),...section(7,exported)]);' +
      'var instance=new WebAssembly.Instance(new WebAssembly.Module(bytes),{e:funcs});' +
      'for(var i=0;i<wrapLater.length;i++){setWasmTableEntry(wrapLater[i][0],instance.exports["f"+i])}};' +
      'var loadDylibs=',
    'the end of reportUndefinedSymbols',
    version,
  );
  return patched;
}

/**
 * `reportUndefinedSymbols` asks Emscripten's `getFunctionAddress` whether each of the 259
 * JavaScript library functions already has a slot, and the first ask makes it map the whole
 * function table (all 8,733 entries read, a JavaScript object made for each WebAssembly
 * function): about 5.5 ms of every boot, for an answer known to be no. A table holds no
 * JavaScript function (only a WebAssembly wrapper of one), so `getFunctionAddress` knows one only
 * once `addFunction` entered it, and that creates the map first: while no map exists, no
 * JavaScript function has a slot but those this loop gave. Patched, `addFunctionWrappedLater`
 * (see {@link wrapLibraryFunctionsInOneModule}) looks a JavaScript function up only among those
 * while no map exists: the same slots in the same order (a function met twice gets its first slot
 * again), entered into the map when one is made. WebAssembly functions, and every function once a
 * map exists, are looked up the upstream way. The one other slot a boot adds (before any program
 * runs) is for the trampoline `getPyEMTrampolinePtr` instantiates just before: a function of a
 * module instantiated there and then, with no element segment and no start function (checked
 * here), is in no table yet, so it gets its slot without a lookup too.
 */
function giveLibraryFunctionsSlotsWithoutTableScan(source: string, version: string): string {
  let patched = replaceRequired(
    source,
    'var addFunctionWrappedLater=(func,sig,wrapLater)=>{var rtn=getFunctionAddress(func);',
    'var addFunctionWrappedLater=(func,sig,wrapLater)=>{var rtn=functionsInTableMap||isNativeCode(func)?getFunctionAddress(func):slotsBeforeMap.get(func);',
    'the lookup of addFunctionWrappedLater',
    version,
  );
  patched = replaceRequired(
    patched,
    'functionsInTableMap.set(func,ret);return ret};var isNativeCode=',
    '(functionsInTableMap??slotsBeforeMap).set(func,ret);return ret};var isNativeCode=',
    'the entry made by addFunctionWrappedLater',
    version,
  );
  patched = replaceRequired(
    patched,
    'var getFunctionAddress=func=>{if(!functionsInTableMap){functionsInTableMap=new WeakMap;updateTableMap(0,wasmTable.length)}',
    'var slotsBeforeMap=new Map;var getFunctionAddress=func=>{if(!functionsInTableMap){functionsInTableMap=new WeakMap;updateTableMap(0,wasmTable.length);for(var[f,i]of slotsBeforeMap)functionsInTableMap.set(f,i);slotsBeforeMap.clear()}',
    'getFunctionAddress',
    version,
  );
  const trampoline =
    /function getWasmTrampolineModule\(\)\{return new WebAssembly\.Module\(hexStringToUTF8Array\("([0-9a-f]+)"\)\)\}/.exec(
      patched,
    );
  if (!trampoline?.[1] || !writesNoTable(trampoline[1])) {
    fail(
      'pyodide.asm.mjs',
      'a trampoline module without element segments or start function',
      version,
    );
  }
  patched = replaceRequired(
    patched,
    'return addFunction(trampolineInstance.exports.trampoline_call)}',
    'return freshFunctionSlot(trampolineInstance.exports.trampoline_call)}',
    'the trampoline slot of getPyEMTrampolinePtr',
    version,
  );
  return replaceRequired(
    patched,
    'var isNativeCode=',
    'var freshFunctionSlot=func=>{if(functionsInTableMap)return addFunction(func);var ret=getEmptyTableSlot();setWasmTableEntry(ret,func);slotsBeforeMap.set(func,ret);return ret};' +
      'var isNativeCode=',
    'the helpers of reportUndefinedSymbols (patched)',
    version,
  );
}

/**
 * True when a WebAssembly module (hex) has neither an element section nor a start function: its
 * instantiation puts none of its functions in a table it imports.
 */
function writesNoTable(hex: string): boolean {
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++] as number;
    if (id === 8 || id === 9) return false;
    let size = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++] as number;
      size += (byte & 127) * 2 ** shift;
      shift += 7;
    } while (byte & 128 && at < bytes.length);
    at += size;
  }
  return at === bytes.length;
}

/**
 * `applySignatureConversions` wraps 20 of the main module's exports (pointers returned as
 * unsigned numbers); upstream it first copies all 8,560 into a new object, about 4 ms of every
 * boot in a fresh isolate. Patched, the new object inherits them from the instance's exports and
 * gets the 20 wrappers as its own properties (defined, since the inherited ones are read-only):
 * every name reads as before. Nothing enumerates the object (the glue only reads names from it).
 */
function convertSignaturesWithoutCopying(source: string, version: string): string {
  const start = source.indexOf('function applySignatureConversions(wasmExports){');
  const end = source.indexOf('return wasmExports}', start);
  if (start < 0 || end < 0) fail('pyodide.asm.mjs', 'applySignatureConversions', version);
  const body = source.slice(start, end);
  const copy = 'wasmExports=Object.assign({},wasmExports);';
  const wrap = /wasmExports\["([\w$]+)"\]=(makeWrapper_\w+)\(wasmExports\["\1"\]\);/g;
  const rest = body
    .replace(copy, '')
    .replace(wrap, '')
    .replace(/var makeWrapper_\w+=[^;]+;/g, '');
  if (!body.includes(copy) || rest !== 'function applySignatureConversions(wasmExports){') {
    fail('pyodide.asm.mjs', 'applySignatureConversions of the known shape', version);
  }
  const patched = body
    .replace(copy, 'wasmExports=Object.create(wasmExports);')
    .replace(
      wrap,
      'Object.defineProperty(wasmExports,"$1",{value:$2(wasmExports["$1"]),writable:true,enumerable:true,configurable:true});',
    );
  return source.slice(0, start) + patched + source.slice(end);
}

function wrapInFunction(source: string): string {
  return `(function () {\n${source}\n})();\n`;
}

/**
 * `pyodide.asm.mjs` (the Emscripten module): `import.meta.url` and the default export go, and its
 * shell-mode randomness source (which shells out through d8's `os.system`) becomes
 * `crypto.getRandomValues`, in chunks of the 65 536 bytes that function accepts at once.
 * Outside browsers, Pyodide schedules every step of its asyncio event loop with
 * `setTimeout(callback, 0)`, which timers clamp to 1 ms and which the host-driven loop must sleep
 * for: those steps go to `setImmediate` instead (runnable at once, still one per host turn).
 * The main module's instance is linked for what it imports only (see
 * {@link linkOnlyWhatTheMainModuleImports}), and its exports are merged into the symbol table
 * without a closure each ({@link mergeSymbolsWithoutClosures}): about 27 ms less of every
 * sandbox's boot.
 */
export function patchPyodideModule(source: string, version: string): string {
  let patched = source;
  if (!patched.includes('import.meta.url')) fail('pyodide.asm.mjs', '`import.meta.url`', version);
  patched = patched.replaceAll('import.meta.url', '"file:///pyodide/pyodide.asm.mjs"');

  const exportDefault = /export\s+default\s+(_createPyodideModule)\s*;/;
  if (!exportDefault.test(patched)) {
    fail('pyodide.asm.mjs', 'the `export default _createPyodideModule` statement', version);
  }
  patched = patched.replace(exportDefault, `globalThis.${patchedExportNames.createModule} = $1;`);

  patched = replaceRequired(
    patched,
    'if(ENVIRONMENT_IS_SHELL){return view=>{if(!os.system)',
    'if(ENVIRONMENT_IS_SHELL){return view=>{for(let i=0;i<view.length;i+=65536)crypto.getRandomValues(view.subarray(i,i+65536))}}if(false){return view=>{if(!os.system)',
    'the shell-mode randomFill',
    version,
  );
  patched = replaceRequired(
    patched,
    'else setTimeout(t,0)}a(bo,"scheduleCallbackImmediate")',
    'else if(typeof setImmediate=="function")setImmediate(t);else setTimeout(t,0)}a(bo,"scheduleCallbackImmediate")',
    'scheduleCallbackImmediate',
    version,
  );
  patched = linkOnlyWhatTheMainModuleImports(patched, version);
  patched = mergeSymbolsWithoutClosures(patched, version);
  patched = wrapLibraryFunctionsInOneModule(patched, version);
  patched = giveLibraryFunctionsSlotsWithoutTableScan(patched, version);
  patched = convertSignaturesWithoutCopying(patched, version);

  if (/\bimport\.meta\b/.test(patched) || /^\s*(import|export)\s/m.test(patched)) {
    fail('pyodide.asm.mjs', 'a module without other import/export statements', version);
  }
  return wrapInFunction(patched);
}
