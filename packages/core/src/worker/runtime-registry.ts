import { RuntimeUnavailableError } from '../errors/runtime-unavailable-error';
import { createJavaScriptRuntime } from '../runtimes/javascript/create-javascript-runtime';
import type { RuntimeId, SandboxRuntime } from '../runtimes/sandbox-runtime';
import type { WorkerSettings } from './worker-protocol';

/** Creates each runtime of a worker process on first use. */
export class RuntimeRegistry {
  private readonly runtimes = new Map<RuntimeId, SandboxRuntime>();

  constructor(private readonly settings: WorkerSettings) {}

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
        return createJavaScriptRuntime();
      default:
        throw new RuntimeUnavailableError({
          runtime: id,
          message: `The ${id} runtime is not available yet in this version of @code-interpreter/core.`,
        });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.close()));
    this.runtimes.clear();
    void this.settings;
  }
}
