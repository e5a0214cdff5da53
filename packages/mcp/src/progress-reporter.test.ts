import { describe, expect, it } from 'vitest';
import { createProgressReporter } from './progress-reporter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createProgressReporter', () => {
  it('coalesces chunks into one message per interval with a rising progress count', async () => {
    const sent: Array<[string, number]> = [];
    const reporter = createProgressReporter(
      (message, progress) => sent.push([message, progress]),
      30,
    );
    reporter.push('a');
    reporter.push('b');
    await sleep(50);
    reporter.push('c');
    await sleep(50);
    reporter.stop();
    expect(sent).toEqual([
      ['ab', 1],
      ['c', 2],
    ]);
  });

  it('sends nothing after stop()', async () => {
    const sent: string[] = [];
    const reporter = createProgressReporter((message) => sent.push(message), 10);
    reporter.push('late');
    reporter.stop();
    await sleep(30);
    expect(sent).toEqual([]);
  });
});
