import { SandboxError } from '../../errors/sandbox-error';
import { AbortOnDispose } from '../abort-on-dispose';
import type {
  CreateSandboxOptions,
  Sandbox,
  SandboxRunOutcome,
  SandboxRunRequest,
  SandboxRuntime,
} from '../sandbox-runtime';
import { JavaScriptIsolate, type PreparedContext } from './javascript-isolate';
import { runJavaScriptProgram } from './run-javascript-program';
import { SourceTransformer, type SourceTransformerOptions } from './transform/source-transformer';

/** Tuning of the JavaScript runtime inside a worker process. */
export interface JavaScriptRuntimeOptions {
  /**
   * Isolates kept idle per memory limit between stateless runs (enough for a burst of
   * concurrent runs, so a burst does not create and dispose isolates over and over).
   * @default 16
   */
  maxIdleIsolates?: number;
  /**
   * Contexts an isolate hosts (one after another) before it is replaced, bounding heap drift.
   * @default 1000
   */
  contextsPerIsolate?: number;
  /**
   * Heap (MB, garbage included) above which an isolate is replaced after a run instead of kept
   * idle. V8 collects an isolate's garbage lazily, up to its memory limit, and nothing else
   * reclaims the contexts of finished runs; without this bound every idle isolate of a worker
   * could hold its whole limit. At most half the isolate's memory limit.
   *
   * Measured for issue 17 (Node 24, 128 MB isolates, released contexts about 0.36 MB each): V8's
   * first full collection comes at about 34 MB, then every 24 contexts at about 10 MB (down to
   * 1.6 MB). A bound below 34 MB replaced every isolate after about 65 runs (a new isolate costs
   * 3-6 ms of the worker's thread); at 40 an isolate lives its `contextsPerIsolate`.
   * @default 40
   */
  retireAboveHeapMb?: number;
  /** The threads that strip TypeScript and rewrite cells (see `SourceTransformer`). */
  transform?: SourceTransformerOptions;
}

/**
 * JavaScript and TypeScript in isolated-vm isolates. A stateless sandbox is a fresh context on
 * an isolate that no other run uses meanwhile; after a clean run the isolate goes back to an idle
 * list and the next stateless sandbox gets a new context on it. A stateful sandbox (a session)
 * owns its isolate and context for its life.
 */
export function createJavaScriptRuntime(options: JavaScriptRuntimeOptions = {}): SandboxRuntime {
  const maxIdle = options.maxIdleIsolates ?? 16;
  const contextsPerIsolate = options.contextsPerIsolate ?? 1000;
  const retireAboveHeapMb = options.retireAboveHeapMb ?? 40;
  const idle = new Map<number, JavaScriptIsolate[]>();
  const live = new Set<JavaScriptIsolate>();
  let closed = false;
  const transformer = new SourceTransformer(options.transform);
  transformer.prewarm();
  /** Runs in progress: while there are any, contexts are made on this thread (see prepareContext). */
  let running = 0;

  async function checkOut(memoryLimitMb: number): Promise<JavaScriptIsolate> {
    const list = idle.get(memoryLimitMb);
    for (let host = list?.pop(); host; host = list?.pop()) {
      if (!host.isDisposed) return host;
    }
    const host = await JavaScriptIsolate.create(memoryLimitMb);
    live.add(host);
    return host;
  }

  function checkIn(host: JavaScriptIsolate): void {
    const list = idle.get(host.memoryLimitMb) ?? [];
    idle.set(host.memoryLimitMb, list);
    if (
      closed ||
      host.isDisposed ||
      host.contextsCreated >= contextsPerIsolate ||
      (host.lastHeapUsedMb ?? 0) > Math.min(retireAboveHeapMb, host.memoryLimitMb / 2) ||
      list.length >= maxIdle
    ) {
      retire(host);
      return;
    }
    list.push(host);
  }

  function retire(host: JavaScriptIsolate): void {
    host.dispose();
    live.delete(host);
  }

  const runtime: SandboxRuntime = {
    id: 'javascript',
    prepare() {
      JavaScriptIsolate.prepare();
      // One throwaway run compiles the paths every run takes (parse, rewrite, start, collect),
      // so the first real run in this process does not wait for them.
      void (async () => {
        const sandbox = await runtime.createSandbox({ memoryLimitMb: 16, stateful: true });
        await sandbox.run({
          language: 'javascript',
          code: 'const warm = [1, 2, 3].map((n) => n * 2); console.log(warm); warm',
          timeoutMs: 5_000,
          maxOutputChars: 1_000,
          signal: new AbortController().signal,
        });
        await sandbox.dispose();
      })().catch(() => {});
    },
    async createSandbox({ memoryLimitMb, stateful }: CreateSandboxOptions): Promise<Sandbox> {
      if (closed) throw new SandboxError({ message: 'The JavaScript runtime is closed.' });
      const host = stateful
        ? await JavaScriptIsolate.create(memoryLimitMb)
        : await checkOut(memoryLimitMb);
      if (stateful) live.add(host);
      let prepared: PreparedContext;
      try {
        prepared = await host.prepareContext(running === 0);
      } catch (error) {
        retire(host);
        throw error;
      }
      let disposed = false;
      const current = new AbortOnDispose();
      let runs = 0;
      return {
        async run(request: SandboxRunRequest): Promise<SandboxRunOutcome> {
          if (disposed || host.isDisposed) {
            throw new SandboxError({ message: 'This sandbox was disposed; start a new one.' });
          }
          if (!stateful && runs > 0) {
            throw new SandboxError({ message: 'A stateless sandbox runs once; start a new one.' });
          }
          runs++;
          running++;
          try {
            // A stateless run has no next run to hand its bindings to: they stay local (faster).
            return await current.run(request, (stoppable) =>
              runJavaScriptProgram(host, prepared, stoppable, {
                transformer,
                persistBindings: stateful,
              }),
            );
          } finally {
            running--;
          }
        },
        async dispose() {
          if (disposed) return;
          disposed = true;
          const inRun = current.running;
          current.abort();
          if (!host.isDisposed && !inRun) prepared.release();
          // A program still running stops with its isolate: never hand that isolate on.
          if (stateful || inRun) retire(host);
          else checkIn(host);
        },
      };
    },
    async close() {
      closed = true;
      await transformer.close();
      for (const host of live) host.dispose();
      live.clear();
      idle.clear();
    },
  };
  return runtime;
}
