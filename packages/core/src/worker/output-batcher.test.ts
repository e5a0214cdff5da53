import { describe, expect, it, vi } from 'vitest';
import type { OutputChunk } from '../result/execution-result';
import { createOutputBatcher } from './output-batcher';

describe('createOutputBatcher', () => {
  it('sends a flood of tiny writes as a few chunks, in order, with nothing lost', () => {
    vi.useFakeTimers();
    const sent: OutputChunk[] = [];
    const batcher = createOutputBatcher((chunk) => sent.push(chunk));
    for (let index = 0; index < 10_000; index++) batcher.write({ stream: 'stdout', text: 'x' });
    batcher.write({ stream: 'stderr', text: 'warning' });
    batcher.write({ stream: 'stdout', text: 'end' });
    vi.advanceTimersByTime(20);
    batcher.flush();
    vi.useRealTimers();
    expect(sent.length).toBeLessThan(5);
    expect(sent.map((chunk) => chunk.stream)).toEqual(['stdout', 'stdout', 'stderr', 'stdout']);
    expect(
      sent
        .filter((c) => c.stream === 'stdout')
        .map((c) => c.text)
        .join(''),
    ).toBe(`${'x'.repeat(10_000)}end`);
  });

  it('sends what waits within a few milliseconds, without a flush', async () => {
    const sent: OutputChunk[] = [];
    const batcher = createOutputBatcher((chunk) => sent.push(chunk));
    batcher.write({ stream: 'stdout', text: 'progress 1\n' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent).toEqual([{ stream: 'stdout', text: 'progress 1\n' }]);
  });
});
