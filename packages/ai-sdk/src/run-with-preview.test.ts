import type { ExecutionResult, RunOptions } from '@code-interpreter/core';
import { describe, expect, it } from 'vitest';
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
    const { yielded, returned } = await collect(
      runWithPreview(
        async ({ onOutput }: RunOptions) => {
          for (let i = 0; i < 10; i++) {
            onOutput?.({ stream: i % 2 ? 'stderr' : 'stdout', text: `${i}` });
            await sleep(20);
          }
          return finalResult;
        },
        { intervalMs: 60, maxChars: 1000 },
      ),
    );
    expect(returned).toBe(finalResult);
    expect(yielded.length).toBeGreaterThanOrEqual(2);
    expect(yielded.length).toBeLessThanOrEqual(5);
    expect(yielded[0]).toEqual({ status: 'running', stdout: '0', stderr: '' });
    const last = yielded.at(-1);
    expect(last?.stdout.startsWith('0')).toBe(true);
    expect(last?.stdout.length).toBeGreaterThan(1);
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
