import { availableParallelism } from 'node:os';

/** Two stateless runs per worker process: one running, one starting while the other finishes. */
export function defaultMaxConcurrentRuns(workers: number | undefined): number {
  return 2 * (workers ?? Math.min(4, availableParallelism()));
}
