import type IsolatedVM from 'isolated-vm';
import { SandboxError } from '../../../errors/sandbox-error';
import { AbortOnDispose } from '../../abort-on-dispose';
import { ivm } from '../../isolated-vm';
import type {
  CreateSandboxOptions,
  Sandbox,
  SandboxRunOutcome,
  SandboxRunRequest,
  SandboxRuntime,
} from '../../sandbox-runtime';
import { buildPyodideSnapshot } from './build-pyodide-snapshot';
import type { SparseBootImage } from './isolate/with-sparse-restore';
import { loadPyodideAssets } from './pyodide-assets';
import { PyodideIsolate } from './pyodide-isolate';
import { type PyodideMemoryImage, pyodideMemoryImage } from './pyodide-memory-image';
import { pyodideMemoryLimits } from './pyodide-memory-limits';
import { runPyodideCell } from './run-pyodide-cell';

/**
 * Cells run before a sandbox is handed out (see {@link warmUp}): an empty one, one that renders a
 * value and one that prints, so the paths a typical first program takes are compiled. None of
 * them leaves a binding or an import behind.
 */
const warmUpCells = ['None', '1 + 1', "print('', end='')"];

/**
 * Runs a few empty cells before a sandbox is handed out: they check that the interpreter
 * answers, and they pay the first-call costs of a fresh isolate (lazily compiled WebAssembly,
 * JavaScript that V8 has not optimized yet) at boot, off the request path of the program that
 * gets the sandbox. They leave no state the program can see.
 */
async function warmUp(isolate: PyodideIsolate): Promise<void> {
  for (const code of warmUpCells) {
    const outcome = await runPyodideCell(isolate, {
      language: 'python',
      code,
      timeoutMs: 10_000,
      maxOutputChars: 1_000,
      signal: new AbortController().signal,
    });
    if (!outcome.reusable || outcome.error) {
      isolate.dispose();
      throw new SandboxError({
        message: `A new Python (Pyodide) sandbox failed its first run: ${outcome.error?.name ?? 'Error'}: ${outcome.error?.message ?? 'no answer'}`,
      });
    }
  }
}

/** The memory snapshot sandboxes boot from, packed when its layout allows (see pyodideMemoryImage). */
interface MemoryImage {
  copy: IsolatedVM.ExternalCopy<ArrayBuffer>;
  sparse?: SparseBootImage;
}

/** Tuning of the Pyodide runtime inside a worker process. */
export interface PyodideRuntimeOptions {
  /**
   * Boot sandboxes from a memory snapshot of a booted interpreter (about 0.3 s instead of 2–3 s).
   * The snapshot is made once per worker process, at the first sandbox, and kept in memory only.
   * @default true
   */
  useMemorySnapshot?: boolean;
  /**
   * Most time booting one sandbox (or making the snapshot) may take, in milliseconds.
   * @default 60000
   */
  bootTimeoutMs?: number;
  /**
   * Where the memory snapshot comes from: a snapshot made elsewhere by a process that ran no user
   * code, already packed (the supervisor hands one to every worker, see `PyodideSnapshotSource`).
   * Without it, or when it yields nothing, this runtime makes its own at the first sandbox. The
   * image's bytes are taken over (detached), not copied.
   */
  snapshotSource?: () => Promise<PyodideMemoryImage | undefined>;
}

/**
 * Python in Pyodide (CPython compiled to WebAssembly) inside isolated-vm isolates: the default
 * Python runtime. Each sandbox is one isolate with its own interpreter, booted from a memory
 * snapshot; nothing is fetched at run time, and nothing of the host is reachable from inside
 * (`import js` sees only the isolate's own globals).
 *
 * A stateless sandbox runs once and is discarded (the worker's warm pool boots the next one
 * ahead), so a run never sees another's state; a stateful sandbox (a session) keeps its
 * interpreter, and its variables, functions and imports, across runs.
 *
 * @example
 * const runtime = createPyodideRuntime();
 * const sandbox = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
 * const outcome = await sandbox.run({ language: 'python', code: 'print(6 * 7)', timeoutMs: 5000,
 *   maxOutputChars: 10_000, signal: AbortSignal.timeout(10_000) });
 */
export function createPyodideRuntime(options: PyodideRuntimeOptions = {}): SandboxRuntime {
  const useMemorySnapshot = options.useMemorySnapshot ?? true;
  const bootTimeoutMs = options.bootTimeoutMs ?? 60_000;
  const live = new Set<PyodideIsolate>();
  let snapshot: Promise<MemoryImage> | undefined;
  /** Sandboxes booted so far (see `captureCodeCaches`). */
  let boots = 0;
  let closed = false;

  const checkOpen = () => {
    if (closed) throw new SandboxError({ message: 'The Pyodide runtime is closed.' });
  };

  /**
   * The memory snapshot: the one `snapshotSource` gives, else one made here on first use by
   * booting an interpreter from scratch. It is held in memory only: a snapshot cached on disk (a
   * shared temp folder) could be replaced by another local user or process, and it is code every
   * sandbox would run.
   */
  function memorySnapshot(): Promise<MemoryImage> {
    snapshot ??= (async () => {
      let image = await options.snapshotSource?.();
      if (!image) {
        const built = await buildPyodideSnapshot(bootTimeoutMs);
        image = pyodideMemoryImage(built.copy());
        built.release();
      }
      return {
        // Taken over, not copied: a second copy of 15 MB and its page faults saved.
        copy: new ivm.ExternalCopy(image.bytes, { transferOut: true }),
        ...(image.sparse ? { sparse: image.sparse } : {}),
      };
    })();
    snapshot.catch(() => {
      snapshot = undefined;
    });
    return snapshot;
  }

  return {
    id: 'pyodide',

    async createSandbox({ memoryLimitMb, stateful }: CreateSandboxOptions): Promise<Sandbox> {
      checkOpen();
      const assets = loadPyodideAssets();
      const image = useMemorySnapshot ? await memorySnapshot() : undefined;
      checkOpen();
      const limits = pyodideMemoryLimits(memoryLimitMb);
      const isolate = await PyodideIsolate.boot({
        assets,
        ...limits,
        ...(image ? { snapshot: image.copy } : {}),
        ...(image?.sparse ? { sparseSnapshot: image.sparse } : {}),
        timeoutMs: bootTimeoutMs,
      });
      if (closed) {
        isolate.dispose();
        checkOpen();
      }
      await warmUp(isolate);
      // At the second boot, before the sandbox is handed out: a worker that boots one sandbox
      // (most session workers) does not pay for a cache it would never use. Again after V8
      // rejected one (taken at every boot, so a rejection seen by the second does not make the
      // third capture them once more).
      const rejected = PyodideIsolate.takeCodeCacheRejection();
      if (++boots === 2 || rejected) await isolate.captureCodeCaches(assets);
      live.add(isolate);
      let runs = 0;
      let disposed = false;
      const current = new AbortOnDispose();
      return {
        async run(request: SandboxRunRequest): Promise<SandboxRunOutcome> {
          if (disposed || isolate.isDisposed) {
            throw new SandboxError({
              message: 'This Python sandbox was disposed; start a new one.',
            });
          }
          if (!stateful && runs > 0) {
            throw new SandboxError({
              message: 'A stateless Python sandbox runs once; start a new one.',
            });
          }
          runs++;
          // A stopped or broken sandbox is disposed by the run itself; a stateless one that ran
          // cleanly is disposed by dispose(), after the worker has sent the result: tearing down
          // a Pyodide isolate takes milliseconds that should not delay the answer.
          return current.run(request, (stoppable) => runPyodideCell(isolate, stoppable));
        },
        async dispose() {
          if (disposed) return;
          disposed = true;
          current.abort();
          isolate.dispose();
          live.delete(isolate);
        },
      };
    },

    async close() {
      closed = true;
      for (const isolate of live) isolate.dispose();
      live.clear();
      const pending = snapshot;
      snapshot = undefined;
      if (pending) {
        await pending.then(
          (image) => image.copy.release(),
          () => {},
        );
      }
    },
  };
}
