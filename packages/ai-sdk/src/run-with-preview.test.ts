import type { ExecutionResult, OutputChunk, RunOptions } from '@code-interpreter/core';
import { describe, expect, it, vi } from 'vitest';
import { runWithPreview } from './run-with-preview';

const finalResult: ExecutionResult = {
  success: true,
  output: 'a\nb\n',
  executionTime: 1,
  language: 'javascript',
  stdout: 'a\nb\n',
  stderr: '',
  timedOut: false,
  truncated: false,
  images: [],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function collect<T, R>(generator: AsyncGenerator<T, R>) {
  const yielded: T[] = [];
  for (;;) {
    const next = await generator.next();
    if (next.done) return { yielded, returned: next.value };
    yielded.push(next.value);
  }
}

describe('runWithPreview', () => {
  it('yields what was printed so far, at most once per interval, then returns the result', async () => {
    // The test drives the clock and the program, so the count of previews follows from the
    // schedule alone: 10 chunks 20 ms apart with a 60 ms interval, never from the machine's pace.
    vi.useFakeTimers();
    try {
      let print: ((chunk: OutputChunk) => void) | undefined;
      let finish: ((result: ExecutionResult) => void) | undefined;
      const generator = runWithPreview(
        ({ onOutput }: RunOptions) => {
          print = onOutput;
          return new Promise<ExecutionResult>((resolve) => {
            finish = resolve;
          });
        },
        { intervalMs: 60, maxChars: 1000 },
      );
      const yielded: Array<{ at: number; stdout: string; stderr: string }> = [];
      const reading = (async () => {
        for (;;) {
          const next = await generator.next();
          if (next.done) return next.value;
          yielded.push({ at: Date.now(), stdout: next.value.stdout, stderr: next.value.stderr });
        }
      })();
      const started = Date.now();
      for (let i = 0; i < 10; i++) {
        print?.({ stream: i % 2 ? 'stderr' : 'stdout', text: `${i}` });
        await vi.advanceTimersByTimeAsync(20);
      }
      // Still running: everything so far was yielded while the run had not ended.
      const beforeEnd = yielded.length;
      finish?.(finalResult);
      expect(await reading).toBe(finalResult);
      expect(yielded.length).toBe(beforeEnd);

      // The first chunk is shown at once; after that, one preview per 60 ms holding the output
      // so far (printing at 0, 20, … 180 ms: previews at 0, 60, 120 and 180 ms). The chunk
      // printed after the last preview is left to the final result.
      expect(yielded.map(({ at, stdout, stderr }) => [at - started, stdout, stderr])).toEqual([
        [0, '0', ''],
        [60, '02', '1'],
        [120, '024', '135'],
        [180, '02468', '1357'],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('yields nothing for a run that prints nothing', async () => {
    const { yielded } = await collect(
      runWithPreview(async () => finalResult, { intervalMs: 10, maxChars: 1000 }),
    );
    expect(yielded).toEqual([]);
  });

  it('keeps at most maxChars of each stream', async () => {
    const { yielded } = await collect(
      runWithPreview(
        async ({ onOutput }: RunOptions) => {
          onOutput?.({ stream: 'stdout', text: 'x'.repeat(50) });
          onOutput?.({ stream: 'stdout', text: 'y'.repeat(50) });
          await sleep(30);
          return finalResult;
        },
        { intervalMs: 1, maxChars: 60 },
      ),
    );
    expect(yielded[0]?.stdout).toBe(`${'x'.repeat(50)}${'y'.repeat(10)}`);
  });

  it('aborts the run when the caller aborts or stops reading', async () => {
    let seen: AbortSignal | undefined;
    const start = ({ signal, onOutput }: RunOptions) => {
      seen = signal;
      onOutput?.({ stream: 'stdout', text: 'hi' });
      return new Promise<ExecutionResult>((_, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    };

    const caller = new AbortController();
    const generator = runWithPreview(start, { signal: caller.signal, intervalMs: 1, maxChars: 10 });
    await generator.next();
    caller.abort();
    await expect(generator.next()).rejects.toThrow('aborted');
    expect(seen?.aborted).toBe(true);

    const abandoned = runWithPreview(start, { intervalMs: 1, maxChars: 10 });
    await abandoned.next();
    await abandoned.return(finalResult);
    expect(seen?.aborted).toBe(true);
  });
});
