import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ivm from 'isolated-vm';
import { coreDistFile } from '../../package-files';

let runtimeSource: string | undefined;
let runtimeCachedData: ivm.ExternalCopy<ArrayBuffer> | undefined;

function loadRuntimeSource(): string {
  runtimeSource ??= readFileSync(coreDistFile('isolate-runtime.js'), 'utf8');
  return runtimeSource;
}

/** References into one context's installed runtime (see isolate-runtime-entry.ts). */
export interface RuntimeControl {
  start: ivm.Reference<(program: unknown, settings: unknown) => void>;
  fail: ivm.Reference<(thrown: unknown) => void>;
  tick: ivm.Reference<() => [number, number, unknown?]>;
  collect: ivm.Reference<() => unknown>;
}

/** A context with the sandbox runtime installed, ready for runs. */
export interface PreparedContext {
  context: ivm.Context;
  control: RuntimeControl;
  /** Routes streamed output of the current run; replaced per run. */
  setOutputListener(
    listener: ((stream: 'stdout' | 'stderr', text: string) => void) | undefined,
  ): void;
  release(): void;
}

/**
 * One V8 isolate with the sandbox runtime compiled once, making fresh contexts on demand.
 * Runs never share a context; an isolate is used by one run at a time, so stopping a runaway
 * program (which disposes the isolate) never takes another run with it.
 */
export class JavaScriptIsolate {
  readonly isolate: ivm.Isolate;
  readonly memoryLimitMb: number;
  private readonly runtimeScript: ivm.Script;
  contextsCreated = 0;

  private constructor(isolate: ivm.Isolate, runtimeScript: ivm.Script, memoryLimitMb: number) {
    this.isolate = isolate;
    this.runtimeScript = runtimeScript;
    this.memoryLimitMb = memoryLimitMb;
  }

  static async create(memoryLimitMb: number): Promise<JavaScriptIsolate> {
    const isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
    try {
      const source = loadRuntimeSource();
      const script = await isolate.compileScript(source, {
        filename: 'code-interpreter-runtime.js',
        ...(runtimeCachedData ? { cachedData: runtimeCachedData } : { produceCachedData: true }),
      });
      // isolated-vm sets `cachedData` on scripts compiled with `produceCachedData` (untyped).
      const produced = (script as ivm.Script & { cachedData?: ivm.ExternalCopy<ArrayBuffer> })
        .cachedData;
      if (!runtimeCachedData && produced) runtimeCachedData = produced;
      return new JavaScriptIsolate(isolate, script, memoryLimitMb);
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  get isDisposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Makes a new context with the runtime installed (console, web globals, timers). */
  async prepareContext(): Promise<PreparedContext> {
    this.contextsCreated++;
    const context = await this.isolate.createContext();
    try {
      await this.runtimeScript.run(context, { timeout: 5_000 });
      let listener: ((stream: 'stdout' | 'stderr', text: string) => void) | undefined;
      const emit = new ivm.Callback(
        (stream: 'stdout' | 'stderr', text: string) => listener?.(stream, text),
        { ignored: true },
      );
      const now = new ivm.Callback(() => performance.now());
      const install = (await context.global.get('__codeInterpreterInstall', {
        reference: true,
      })) as ivm.Reference<(hooks: unknown) => unknown>;
      const hooks = new ivm.ExternalCopy({
        randomSeed: new Uint8Array(randomBytes(32)),
        timeOrigin: performance.timeOrigin,
      });
      // The hooks object is built inside the isolate from copies plus the two callbacks.
      const build = (await context.eval(
        '(function (base, emit, now) { base.emit = emit; base.now = now; return base; })',
        { reference: true },
      )) as ivm.Reference<(...args: unknown[]) => unknown>;
      const hooksInIsolate = (await build.apply(undefined, [hooks.copyInto(), emit, now], {
        result: { reference: true },
        timeout: 1_000,
      })) as ivm.Reference<unknown>;
      const controlRef = (await install.apply(undefined, [hooksInIsolate.derefInto()], {
        result: { reference: true },
        timeout: 5_000,
      })) as ivm.Reference<Record<string, unknown>>;
      const get = async (name: string) =>
        (await controlRef.get(name, { reference: true })) as ivm.Reference<never>;
      const control: RuntimeControl = {
        start: await get('start'),
        fail: await get('fail'),
        tick: await get('tick'),
        collect: await get('collect'),
      };
      build.release();
      install.release();
      hooks.release();
      return {
        context,
        control,
        setOutputListener(next) {
          listener = next;
        },
        release() {
          listener = undefined;
          for (const reference of Object.values(control)) reference.release();
          controlRef.release();
          hooksInIsolate.release();
          context.release();
        },
      };
    } catch (error) {
      context.release();
      throw error;
    }
  }

  /** Heap in use (including array buffers), in MB. */
  memoryUsedMb(): number | undefined {
    if (this.isolate.isDisposed) return undefined;
    const stats = this.isolate.getHeapStatisticsSync();
    const bytes = stats.used_heap_size + (stats.externally_allocated_size ?? 0);
    return Math.round((bytes / (1024 * 1024)) * 10) / 10;
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}
