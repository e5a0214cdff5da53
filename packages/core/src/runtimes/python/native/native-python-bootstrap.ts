import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corePackageRoot } from '../../../package-files';

/** The Python modules sent into the sandbox, in load order (the server imports the driver). */
const modules = [
  'code_interpreter_driver',
  'code_interpreter_tools',
  'code_interpreter_network',
  'code_interpreter_native_server',
  'code_interpreter_native_zygote',
] as const;

/**
 * What `python3 -c` runs inside the sandbox: reads one JSON line from fd 3 holding the module
 * sources, loads them, and hands over to the server (or, for a zygote, to the zygote). The sources travel over the private pipe, so
 * the package folder need not be visible (or even readable) inside the sandbox.
 */
export const nativePythonBootstrap = [
  'import sys,json,types',
  "r=open(3,'rb')",
  'b=json.loads(r.readline())',
  "for n in b['modules']:",
  "  m=types.ModuleType(n);m.__file__='/code-interpreter/'+n+'.py';sys.modules[n]=m",
  "  exec(compile(b['sources'][n],m.__file__,'exec'),m.__dict__)",
  "sys.modules[b.get('main','code_interpreter_native_server')].main(r,b)",
].join('\n');

let cachedSources: Record<string, string> | undefined;

/** Reads the driver and server sources from the package's `python/` folder (once). */
export function nativePythonSources(): {
  modules: readonly string[];
  sources: Record<string, string>;
} {
  if (!cachedSources) {
    const folder = join(corePackageRoot(), 'python');
    const sources: Record<string, string> = {};
    for (const name of modules) sources[name] = readFileSync(join(folder, `${name}.py`), 'utf8');
    cachedSources = sources;
  }
  return { modules, sources: cachedSources };
}
