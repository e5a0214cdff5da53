import {
  type PyodideMemoryImage,
  pyodideMemoryImage,
} from '../runtimes/python/pyodide/pyodide-memory-image';
import { pyodideSnapshotKey } from '../runtimes/python/pyodide/pyodide-snapshot-key';
import { defaultCacheFolder, SnapshotCache } from './snapshot-cache';
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
 * every later sandbox would boot from it. It is held in the application's memory, and kept in
 * this user's cache folder for the next processes (`SnapshotCache`; `CODE_INTERPRETER_CACHE_DIR`
 * moves it, `off` turns it off), so only the first process on a machine spends the ~6 s. It is
 * packed once, here (`pyodideMemoryImage`), so no worker spends the ~80 ms of packing it again.
 */
export class PyodideSnapshotSource {
  private snapshot: Promise<PyodideMemoryImage | undefined> | undefined;
  private builder: WorkerProcess | undefined;
  private closed = false;

  constructor(
    private readonly settings: WorkerSettings,
    private readonly isolation: WorkerIsolation,
    private readonly onLog: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void,
    /** Where the snapshot is kept between processes; `undefined`: nowhere. */
    private readonly cacheFolder: string | undefined = defaultCacheFolder(),
  ) {}

  /**
   * The snapshot as workers boot from it, made at the first call; `undefined` when it cannot be
   * made (workers then make their own). Its bytes are shared by every answer: not to be changed.
   */
  get(): Promise<PyodideMemoryImage | undefined> {
    this.snapshot ??= this.build().then((bytes) => bytes && pyodideMemoryImage(bytes));
    return this.snapshot;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.builder?.shutdown();
  }

  private async build(): Promise<ArrayBuffer | undefined> {
    if (this.closed) return undefined;
    // Once per build: the key hashes core's built code (about 10 ms).
    const cache = this.cache();
    const cached = cache && this.fromCache(cache);
    if (cached) return cached;
    const builder = new WorkerProcess(
      { ...this.settings, warmSandboxes: {} },
      this.isolation,
      this.onLog,
      () => {},
    );
    this.builder = builder;
    try {
      const bytes = await builder.buildPyodideSnapshot();
      if (bytes) {
        this.onLog('debug', `Made the Pyodide snapshot (${bytes.byteLength} bytes).`);
        if (cache) this.toCache(cache, bytes);
      }
      return bytes ?? undefined;
    } finally {
      this.builder = undefined;
      await builder.shutdown();
    }
  }

  /** The cache and this build's key, or `undefined` when there is no cache to use. */
  private cache(): { cache: SnapshotCache; key: string } | undefined {
    if (this.cacheFolder === undefined) return undefined;
    try {
      return { cache: new SnapshotCache(this.cacheFolder), key: pyodideSnapshotKey() };
    } catch (error) {
      this.onLog('warn', `The Pyodide snapshot cache is not used: ${(error as Error).message}`);
      return undefined;
    }
  }

  private fromCache(found: { cache: SnapshotCache; key: string }): ArrayBuffer | undefined {
    const { bytes, outcome } = found.cache.read('pyodide', found.key);
    if (outcome.kind === 'refused') {
      this.onLog('warn', `The Pyodide snapshot cache is not used: ${outcome.reason}.`);
    }
    if (bytes && outcome.kind === 'hit') {
      this.onLog(
        'debug',
        `Read the Pyodide snapshot from ${outcome.path} (${bytes.byteLength} bytes).`,
      );
    }
    return bytes;
  }

  private toCache(found: { cache: SnapshotCache; key: string }, bytes: ArrayBuffer): void {
    const outcome = found.cache.write('pyodide', found.key, bytes);
    if (outcome.kind === 'refused') {
      this.onLog(
        'warn',
        `The Pyodide snapshot was not kept for later processes: ${outcome.reason}.`,
      );
    }
  }
}
