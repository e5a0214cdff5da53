import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The public API, for applications, and its test kit (ESM and CJS, with type declarations).
    entry: { index: 'src/index.ts', test: 'src/test.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'node22',
  },
  {
    // The sandbox worker process entry: started by the supervisor, never imported by applications.
    entry: {
      'sandbox-worker': 'src/worker/sandbox-worker-main.ts',
      // Parsing and TypeScript stripping run on threads of the worker (see SourceTransformer).
      'source-transform-thread': 'src/runtimes/javascript/transform/source-transform-thread.ts',
      // Shell command lines (just-bash) run on threads of the worker (see ShellThreads).
      'shell-thread': 'src/shell/shell-thread.ts',
    },
    format: ['esm'],
    sourcemap: true,
    target: 'node22',
    // Bundled so a confined worker needs to read only isolated-vm and pyodide outside dist/.
    noExternal: ['acorn', 'sucrase'],
    external: ['isolated-vm', 'isolated-vm-6', 'pyodide', 'just-bash'],
  },
  {
    // Code that runs inside V8 isolates: one self-contained classic script, no Node APIs.
    entry: {
      'isolate-runtime': 'src/runtimes/javascript/isolate/isolate-runtime-entry.ts',
      'pyodide-isolate': 'src/runtimes/python/pyodide/isolate/pyodide-isolate-entry.ts',
    },
    format: ['iife'],
    platform: 'neutral',
    target: 'es2023',
    minify: false,
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
  },
]);
