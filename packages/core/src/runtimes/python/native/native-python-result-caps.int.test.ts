import { describe, expect } from 'vitest';
import { resultCaps } from '../../../result/result-caps';
import { nativeTest as it } from './native-python-test-fixture';

// The shared driver cuts every field of a result inside the sandbox, before it is written to the
// protocol pipe (its own note, `characters cut`, shows the cut happened there: the host's says
// `characters of stderr cut`). What crosses is bounded whatever the program raises.

describe('native Python: error fields are cut inside the sandbox', () => {
  it('cuts a 30-million-character message to its head and tail before it crosses', async ({
    runOnce,
  }) => {
    const outcome = await runOnce("raise ValueError('x' * 30_000_000)", { memoryLimitMb: 512 });
    expect(outcome.error?.name).toBe('ValueError');
    expect(outcome.error?.message).toBe(
      `${'x'.repeat(4_000)}\n… [29992000 characters cut] …\n${'x'.repeat(4_000)}`,
    );
    expect(outcome.error?.stack?.length).toBeLessThan(resultCaps.errorStackChars + 200);
    expect(outcome.truncated).toBe(true);
  });

  it('reports a message whose JSON would be 60 MB as the error it is, not a protocol violation', async ({
    runOnce,
  }) => {
    const outcome = await runOnce("raise ValueError('é' * 10_000_000)", { memoryLimitMb: 512 });
    expect(outcome.error?.name).toBe('ValueError');
    expect(outcome.error?.message).toBe(
      `${'é'.repeat(4_000)}\n… [9992000 characters cut] …\n${'é'.repeat(4_000)}`,
    );
    expect(outcome.truncated).toBe(true);
    expect(outcome.reusable).toBe(true);
  });

  it('cuts a 10-million-character class name and its traceback', async ({ runOnce }) => {
    const outcome = await runOnce("raise type('N' * 10_000_000, (Exception,), {})('boom')", {
      memoryLimitMb: 512,
    });
    expect(outcome.error?.name).toBe(
      `${'N'.repeat(100)}\n… [9999800 characters cut] …\n${'N'.repeat(100)}`,
    );
    expect(outcome.error?.message).toBe('boom');
    expect(outcome.error?.stack?.length).toBeLessThan(resultCaps.errorStackChars + 200);
    expect(outcome.truncated).toBe(true);
  });
});
