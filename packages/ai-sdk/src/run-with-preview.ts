import type { ExecutionResult, OutputChunk, RunOptions } from '@code-interpreter/core';
import type { CodeInterpreterToolProgress } from './code-interpreter-tool-output';

/** Starts a run and reports its output as it comes. */
export type StartRun = (options: RunOptions) => Promise<ExecutionResult>;

/**
 * Runs code and yields snapshots of what it printed so far, at most one per `intervalMs` and only
 * when something new was printed; returns the final result. Aborting `signal` aborts the run; a
 * consumer that stops iterating early aborts it too, so no sandbox keeps running for nobody.
 */
export async function* runWithPreview(
  start: StartRun,
  { signal, intervalMs, maxChars }: { signal?: AbortSignal; intervalMs: number; maxChars: number },
): AsyncGenerator<CodeInterpreterToolProgress, ExecutionResult> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort, { once: true });

  const printed = { stdout: '', stderr: '' };
  let fresh = false;
  let settled = false;
  let wake: (() => void) | undefined;
  const onOutput = (chunk: OutputChunk) => {
    if (printed[chunk.stream].length >= maxChars) return;
    printed[chunk.stream] += chunk.text.slice(0, maxChars - printed[chunk.stream].length);
    fresh = true;
    wake?.();
  };
  const run = start({ signal: controller.signal, onOutput });
  const finished = run.then(
    () => undefined,
    () => undefined,
  );
  finished.then(() => {
    settled = true;
    wake?.();
  });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      finished.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  try {
    let lastYield = 0;
    while (!settled) {
      if (!fresh) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      const wait = lastYield + intervalMs - Date.now();
      if (wait > 0) {
        await sleep(wait);
        continue;
      }
      fresh = false;
      lastYield = Date.now();
      yield { status: 'running', stdout: printed.stdout, stderr: printed.stderr };
    }
    return await run;
  } finally {
    signal?.removeEventListener('abort', abort);
    if (!settled) controller.abort(new Error('The tool result was no longer read.'));
  }
}
