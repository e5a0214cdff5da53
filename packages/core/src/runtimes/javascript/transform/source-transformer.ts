import { Worker } from 'node:worker_threads';
import { coreDistFile } from '../../../package-files';
import type { SourceTransformRequest, SourceTransformResult } from './transform-javascript';

/** Tuning of the transform threads of one worker process. */
export interface SourceTransformerOptions {
  /**
   * Most threads transforming at once. A transform that runs long (a parser driven into
   * exponential work) holds its thread until its run's deadline, so this many can run long before
   * further cells wait.
   * @default 8
   */
  maxThreads?: number;
  /**
   * Threads kept started while idle. A thread's parser gets fast only after it has parsed a few
   * cells (V8 compiles its hot paths), so few threads that stay busy beat many cold ones; two, so
   * that one long transform does not make the next cell wait for a thread to start.
   * @default 2
   */
  idleThreads?: number;
  /**
   * A transform running longer than this (ms) may be a long one: cells waiting behind it then get
   * a thread of their own instead of waiting.
   * @default 20
   */
  slowTransformMs?: number;
  /**
   * Heap of each thread in MB; a transform that needs more ends as a memory limit error.
   * @default 128
   */
  threadHeapMb?: number;
}

/** How a transform ended. */
export type SourceTransformOutcome =
  | SourceTransformResult
  | { kind: 'stopped'; why: 'timeout' | 'aborted' | 'memory' | 'crashed'; message?: string };

/** What a thread answers (see source-transform-thread.ts). */
type ThreadAnswer = {
  id: number;
  result: SourceTransformResult | { kind: 'failed'; message: string };
};

interface TransformThread {
  worker: Worker;
  /** The transform it is working on, if any. */
  current: PendingTransform | undefined;
  /** When it started on `current` (`performance.now()`). */
  busySince: number;
  /** Ends a thread beyond the idle count that has had nothing to do for a while. */
  retireTimer?: NodeJS.Timeout;
}

/** How long a thread beyond `idleThreads` stays started with nothing to do. */
const surplusIdleMs = 10_000;

interface PendingTransform {
  id: number;
  request: SourceTransformRequest;
  finish(outcome: SourceTransformOutcome): void;
}

let nextTransformId = 1;

/**
 * Runs the source transforms of a worker process (TypeScript stripping, the REPL rewrite) on
 * threads of their own, so a cell whose parse takes long never holds up the thread that answers
 * every other run. Each transform obeys its run's deadline and abort signal: at either, its
 * thread is terminated (V8 stops the parser wherever it is) and replaced on demand.
 */
export class SourceTransformer {
  private readonly threads = new Set<TransformThread>();
  private readonly waiting: PendingTransform[] = [];
  private readonly maxThreads: number;
  private readonly idleThreads: number;
  private readonly threadHeapMb: number;
  private readonly slowTransformMs: number;
  /** Calls `dispatch` again when the busiest thread turns slow, if cells still wait. */
  private recheck: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: SourceTransformerOptions = {}) {
    this.maxThreads = Math.max(1, options.maxThreads ?? 8);
    this.idleThreads = Math.min(this.maxThreads, Math.max(0, options.idleThreads ?? 2));
    this.threadHeapMb = options.threadHeapMb ?? 128;
    this.slowTransformMs = options.slowTransformMs ?? 100;
  }

  /** Starts the idle threads now (otherwise they start with the first transform). */
  prewarm(): void {
    while (!this.closed && this.threads.size < this.idleThreads) this.startThread();
  }

  /**
   * Transforms one cell. Resolves with the transformed program or its syntax error, or with
   * `stopped` when the deadline (a `performance.now()` time) passed or `signal` aborted first.
   * Never rejects.
   */
  transform(
    request: SourceTransformRequest,
    { deadline, signal }: { deadline: number; signal: AbortSignal },
  ): Promise<SourceTransformOutcome> {
    if (this.closed) {
      return Promise.resolve({
        kind: 'stopped',
        why: 'crashed',
        message: 'The source transformer is closed.',
      });
    }
    if (signal.aborted) return Promise.resolve({ kind: 'stopped', why: 'aborted' });
    return new Promise<SourceTransformOutcome>((resolve) => {
      const pending: PendingTransform = {
        id: nextTransformId++,
        request,
        finish: (outcome) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      };
      const stop = (why: 'timeout' | 'aborted') => {
        const waitingAt = this.waiting.indexOf(pending);
        if (waitingAt >= 0) this.waiting.splice(waitingAt, 1);
        const thread = [...this.threads].find((candidate) => candidate.current === pending);
        pending.finish({ kind: 'stopped', why });
        if (thread) {
          void this.discard(thread);
          // Keep threads ready for what waits and what comes next.
          this.prewarm();
          this.dispatch();
        }
      };
      const onAbort = () => stop('aborted');
      const timer = setTimeout(() => stop('timeout'), Math.max(0, deadline - performance.now()));
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(pending);
      this.dispatch();
    });
  }

  /** Terminates every thread; transforms in flight end as `stopped`. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.recheck);
    for (const pending of this.waiting.splice(0)) {
      pending.finish({
        kind: 'stopped',
        why: 'crashed',
        message: 'The source transformer is closed.',
      });
    }
    await Promise.all([...this.threads].map((thread) => this.discard(thread)));
  }

  /**
   * Hands waiting transforms to idle threads. When every thread is busy, a new one starts (up to
   * the maximum) only if none of them is about to finish: some thread has no transform yet, or
   * each has been on its transform for `slowTransformMs`. Otherwise the cell waits a moment for a
   * warm thread.
   */
  private dispatch(): void {
    clearTimeout(this.recheck);
    this.recheck = undefined;
    while (this.waiting.length > 0) {
      let thread = [...this.threads].find((candidate) => candidate.current === undefined);
      if (!thread) {
        if (this.threads.size >= this.maxThreads) return;
        const now = performance.now();
        const soonest = Math.max(...[...this.threads].map((busy) => busy.busySince), -Infinity);
        const turnsSlowIn = soonest + this.slowTransformMs - now;
        if (turnsSlowIn > 0) {
          this.recheck = setTimeout(() => this.dispatch(), Math.ceil(turnsSlowIn));
          return;
        }
        thread = this.startThread();
      }
      const pending = this.waiting.shift() as PendingTransform;
      clearTimeout(thread.retireTimer);
      thread.current = pending;
      thread.busySince = performance.now();
      thread.worker.ref();
      thread.worker.postMessage({ id: pending.id, request: pending.request });
    }
  }

  private startThread(): TransformThread {
    const worker = new Worker(coreDistFile('source-transform-thread.js'), {
      resourceLimits: {
        maxOldGenerationSizeMb: this.threadHeapMb,
        maxYoungGenerationSizeMb: 16,
        stackSizeMb: 4,
      },
    });
    const thread: TransformThread = { worker, current: undefined, busySince: 0 };
    this.threads.add(thread);
    worker.unref();
    worker.on('message', (answer: ThreadAnswer) => {
      const pending = thread.current;
      if (!pending || pending.id !== answer.id) return;
      thread.current = undefined;
      worker.unref();
      const { result } = answer;
      pending.finish(
        result.kind === 'failed'
          ? { kind: 'stopped', why: 'crashed', message: result.message }
          : result,
      );
      this.retireSurplus(thread);
      this.dispatch();
    });
    const onGone = (error?: Error) => {
      if (!this.threads.delete(thread)) return;
      const pending = thread.current;
      thread.current = undefined;
      const outOfMemory =
        (error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      pending?.finish({
        kind: 'stopped',
        why: outOfMemory ? 'memory' : 'crashed',
        ...(error ? { message: error.message } : {}),
      });
      this.dispatch();
    };
    worker.on('error', onGone);
    worker.on('exit', () => onGone());
    return thread;
  }

  /** Ends a thread beyond the idle count once it has had nothing to do for a while. */
  private retireSurplus(thread: TransformThread): void {
    clearTimeout(thread.retireTimer);
    thread.retireTimer = setTimeout(() => {
      const idle = [...this.threads].filter((candidate) => candidate.current === undefined);
      if (thread.current === undefined && idle.length > this.idleThreads) void this.discard(thread);
    }, surplusIdleMs);
    thread.retireTimer.unref();
  }

  private async discard(thread: TransformThread): Promise<void> {
    if (!this.threads.delete(thread)) return;
    clearTimeout(thread.retireTimer);
    thread.current = undefined;
    await thread.worker.terminate();
  }
}
