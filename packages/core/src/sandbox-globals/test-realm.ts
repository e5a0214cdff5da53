/**
 * Test support (not shipped): bundles the sandbox globals the way the runtimes do (one classic
 * script, no Node APIs) and evaluates them in a fresh `node:vm` context, a bare ECMAScript realm
 * like an isolate's. Code under test runs inside that realm.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>;
}

/** esbuild is a dependency of the workspace's tsup; core does not list it itself. */
export function loadEsbuild(): EsbuildLike {
  const require = createRequire(import.meta.url);
  try {
    return require('esbuild') as EsbuildLike;
  } catch {
    return createRequire(require.resolve('tsup'))('esbuild') as EsbuildLike;
  }
}

let bundlePromise: Promise<string> | undefined;

/** The sandbox globals as one IIFE script defining `__sandboxGlobals` (built once per test file). */
export function bundleSandboxGlobals(options: { minify?: boolean } = {}): Promise<string> {
  const build = () =>
    loadEsbuild()
      .build({
        entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
        bundle: true,
        format: 'iife',
        platform: 'neutral',
        target: 'es2023',
        globalName: '__sandboxGlobals',
        minify: options.minify ?? false,
        write: false,
      })
      .then((result) => (result.outputFiles[0] as { text: string }).text);
  if (options.minify) return build();
  bundlePromise ??= build();
  return bundlePromise;
}

/** A controllable clock: `now()` only moves when the test calls `advance`. */
export interface FakeClock {
  now: () => number;
  advance(ms: number): void;
}

export function createFakeClock(start = 1000): FakeClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
  };
}

export interface GlobalsRealm {
  context: vm.Context;
  /**
   * Evaluates `code` in the realm. Microtasks queued by it run before this returns (the context
   * uses `microtaskMode: 'afterEvaluate'`), as at the end of each call into an isolate.
   */
  run<T = unknown>(code: string): T;
  /** Errors the realm reported (timer callbacks, microtasks, event listeners). */
  errors: unknown[];
  /** Warnings the timer queue emitted (`[name, message]`). */
  warnings: Array<[string, string]>;
}

export interface GlobalsRealmOptions {
  /** Host clock for performance.now and the timers. Default: Node's `performance.now`. */
  now?: () => number;
  /** Install the timer queue as `__queue` and the timer globals. Default true. */
  timers?: boolean;
  seed?: Uint8Array;
}

/** A fresh vm realm with the sandbox globals installed (timers too, driven through `__queue`). */
export async function createGlobalsRealm(options: GlobalsRealmOptions = {}): Promise<GlobalsRealm> {
  const bundle = await bundleSandboxGlobals();
  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  const errors: unknown[] = [];
  const warnings: Array<[string, string]> = [];
  const seed = options.seed ?? crypto.getRandomValues(new Uint8Array(32));
  context.__host = {
    seed: Array.from(seed),
    now: options.now ?? (() => performance.now()),
    timeOrigin: 1_700_000_000_000,
    reportError: (error: unknown) => errors.push(error),
    warn: (name: string, message: string) => warnings.push([name, message]),
  };
  vm.runInContext(bundle, context);
  vm.runInContext(
    `(() => {
      const host = globalThis.__host;
      const globals = globalThis.__sandboxGlobals;
      delete globalThis.__host;
      delete globalThis.__sandboxGlobals;
      globals.installWebGlobals(globalThis, {
        randomSeed: new Uint8Array(host.seed),
        now: host.now,
        timeOrigin: host.timeOrigin,
        reportError: host.reportError,
      });
      if (${options.timers !== false}) {
        const queue = globals.createTimerQueue({ now: host.now });
        queue.onError = host.reportError;
        queue.onWarning = host.warn;
        globals.installTimers(globalThis, queue);
        Object.defineProperty(globalThis, '__queue', { value: queue, configurable: true });
      }
    })()`,
    context,
  );
  return {
    context,
    run: <T>(code: string) => vm.runInContext(code, context) as T,
    errors,
    warnings,
  };
}

/**
 * Drives the realm's timer queue like the isolate embedder: one `runNext()` per call into the
 * realm (microtasks drain in between), advancing the fake clock to the next timer when idle.
 * Stops when nothing is pending or after `maxSteps` calls.
 */
export function drainTimers(realm: GlobalsRealm, clock: FakeClock, maxSteps = 10_000): number {
  let steps = 0;
  for (; steps < maxSteps; steps++) {
    if (realm.run<boolean>('__queue.runNext()')) continue;
    const delay = realm.run<number>('__queue.nextDelay()');
    if (delay < 0) break;
    clock.advance(delay);
  }
  return steps;
}
