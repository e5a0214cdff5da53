/**
 * Entry of a source transform thread (a `worker_threads` Worker of the sandbox worker process):
 * answers each `{ id, request }` with `{ id, result }`. The thread does nothing else, so the
 * worker can end a transform at its run's deadline by terminating the thread.
 */
import { parentPort } from 'node:worker_threads';
import { type SourceTransformRequest, transformSource } from './transform-source';

if (!parentPort) throw new Error('The source transform thread must run as a worker thread.');
const port = parentPort;
port.on('message', ({ id, request }: { id: number; request: SourceTransformRequest }) => {
  let result: ReturnType<typeof transformSource> | { kind: 'failed'; message: string };
  try {
    result = transformSource(request);
  } catch (error) {
    // A parser's own stack overflow (deep nesting) or any other failure: the run reports it.
    result = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage({ id, result });
});
