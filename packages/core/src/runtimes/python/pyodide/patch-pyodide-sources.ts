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
  const patched = source
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

  const shellRandom = 'if(ENVIRONMENT_IS_SHELL){return view=>{if(!os.system)';
  if (!patched.includes(shellRandom)) fail('pyodide.asm.mjs', 'the shell-mode randomFill', version);
  patched = patched.replace(
    shellRandom,
    'if(ENVIRONMENT_IS_SHELL){return view=>{for(let i=0;i<view.length;i+=65536)crypto.getRandomValues(view.subarray(i,i+65536))}}if(false){return view=>{if(!os.system)',
  );

  const immediate = 'else setTimeout(t,0)}a(bo,"scheduleCallbackImmediate")';
  if (!patched.includes(immediate)) fail('pyodide.asm.mjs', 'scheduleCallbackImmediate', version);
  patched = patched.replace(
    immediate,
    'else if(typeof setImmediate=="function")setImmediate(t);else setTimeout(t,0)}a(bo,"scheduleCallbackImmediate")',
  );

  if (/\bimport\.meta\b/.test(patched) || /^\s*(import|export)\s/m.test(patched)) {
    fail('pyodide.asm.mjs', 'a module without other import/export statements', version);
  }
  return wrapInFunction(patched);
}
