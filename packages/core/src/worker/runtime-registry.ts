import { RuntimeUnavailableError } from '../errors/runtime-unavailable-error';
import type { NativePythonOptions } from '../interpreter/code-interpreter-options';
import { createJavaScriptRuntime } from '../runtimes/javascript/create-javascript-runtime';
import { createNativePythonRuntime } from '../runtimes/python/native/create-native-python-runtime';
import { createPyodideRuntime } from '../runtimes/python/pyodide/create-pyodide-runtime';
import type { PyodideMemoryImage } from '../runtimes/python/pyodide/pyodide-memory-image';
import type { RuntimeId, SandboxRuntime } from '../runtimes/sandbox-runtime';
import type { WorkerSettings } from './worker-protocol';

/** Creates each runtime of a worker process on first use. */
export class RuntimeRegistry {
  private readonly runtimes = new Map<RuntimeId, SandboxRuntime>();

  constructor(
    private readonly settings: WorkerSettings,
    /** Where Pyodide sandboxes get their memory snapshot (see `PyodideRuntimeOptions`). */
    private readonly pyodideSnapshot?: () => Promise<PyodideMemoryImage | undefined>,
  ) {}

  get(id: RuntimeId): SandboxRuntime {
    let runtime = this.runtimes.get(id);
    if (!runtime) {
      runtime = this.create(id);
      this.runtimes.set(id, runtime);
    }
    return runtime;
  }

  private create(id: RuntimeId): SandboxRuntime {
    switch (id) {
      case 'javascript':
        return createJavaScriptRuntime(
          this.settings.idleTransformThreads === undefined
            ? {}
            : { transform: { idleThreads: this.settings.idleTransformThreads } },
        );
      case 'pyodide':
        return createPyodideRuntime(
          this.pyodideSnapshot ? { snapshotSource: this.pyodideSnapshot } : {},
        );
      case 'python-native':
        return createNativePythonRuntime((this.settings.pythonNative ?? {}) as NativePythonOptions);
      default:
        throw new RuntimeUnavailableError({ runtime: id, message: `Unknown runtime '${id}'.` });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.close()));
    this.runtimes.clear();
  }
}
