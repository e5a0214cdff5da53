import { describe, expect, it } from 'vitest';
import { resultCaps } from '../result/result-caps';
import type { SandboxRunOutcome } from '../runtimes/sandbox-runtime';
import { capOutcome } from './cap-outcome';

const base: SandboxRunOutcome = {
  stdout: '',
  stderr: '',
  timedOut: false,
  truncated: false,
  images: [],
  reusable: true,
};

describe('capOutcome', () => {
  it('leaves an outcome within its caps untouched', () => {
    const outcome = {
      ...base,
      stdout: 'hi\n',
      value: '42',
      error: {
        name: 'TypeError',
        message: 'x is not a function',
        stack: 'TypeError: x\n    at cell.js:1:1',
      },
    };
    expect(capOutcome(outcome, 1_000)).toEqual(outcome);
  });

  it('cuts every oversized field and says so', () => {
    const huge = 'x'.repeat(5_000_000);
    const capped = capOutcome(
      {
        ...base,
        stdout: huge,
        stderr: huge,
        value: huge,
        error: { name: huge, message: huge, stack: huge },
        images: Array.from({ length: 30 }, () => ({ mediaType: 'image/png', data: 'AAAA' })),
      },
      1_000,
    );
    expect(capped.truncated).toBe(true);
    expect(capped.stdout.length).toBeLessThan(1_100);
    expect(capped.stderr.length).toBeLessThan(1_100);
    expect(capped.value?.length).toBeLessThan(1_100);
    expect(capped.error?.name.length).toBeLessThan(resultCaps.errorNameChars + 100);
    expect(capped.error?.message.length).toBeLessThan(resultCaps.errorMessageChars + 100);
    expect(capped.error?.stack?.length).toBeLessThan(resultCaps.errorStackChars + 100);
    expect(capped.images).toHaveLength(resultCaps.images);
    expect(JSON.stringify(capped).length).toBeLessThan(40_000);
  });

  it('keeps images within the total size budget', () => {
    const big = 'A'.repeat(resultCaps.imageBase64Chars / 2 + 4);
    const capped = capOutcome(
      { ...base, images: [1, 2, 3].map(() => ({ mediaType: 'image/png', data: big })) },
      1_000,
    );
    expect(capped.images).toHaveLength(1);
    expect(capped.truncated).toBe(true);
  });
});
