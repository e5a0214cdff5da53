import type { WorkerIsolation } from './worker-launch';
import { WorkerProcess } from './worker-process';
import type { WorkerSettings } from './worker-protocol';

/**
 * The Pyodide memory snapshot of one interpreter, made once and handed to every worker process
 * that boots Python sandboxes, so a new worker (each session has its own) boots one in a fraction
 * of a second instead of spending seconds of CPU making its own snapshot first.
 *
 * The snapshot is made by a worker process started for that alone, which never runs user code:
 * a worker that had run a program could hand back a snapshot that program had tampered with, and
 * every later sandbox would boot from it. It is held in the application's memory only.
 */
export class PyodideSnapshotSource {
  private snapshot: Promise<ArrayBuffer | undefined> | undefined;
  private builder: WorkerProcess | undefined;
  private closed = false;

  constructor(
    private readonly settings: WorkerSettings,
    private readonly isolation: WorkerIsolation,
    private readonly onLog: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void,
  ) {}

  /** The snapshot, made at the first call; `undefined` when it cannot be made (workers then make their own). */
  get(): Promise<ArrayBuffer | undefined> {
    this.snapshot ??= this.build();
    return this.snapshot;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.builder?.shutdown();
  }

  private async build(): Promise<ArrayBuffer | undefined> {
    if (this.closed) return undefined;
    const builder = new WorkerProcess(
      { ...this.settings, warmSandboxes: {} },
      this.isolation,
      this.onLog,
      () => {},
    );
    this.builder = builder;
    try {
      const bytes = await builder.buildPyodideSnapshot();
      if (bytes) this.onLog('debug', `Made the Pyodide snapshot (${bytes.byteLength} bytes).`);
      return bytes ?? undefined;
    } finally {
      this.builder = undefined;
      await builder.shutdown();
    }
  }
}
