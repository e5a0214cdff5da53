import { describe, expect, it } from 'vitest';
import { AbortOnDispose } from './abort-on-dispose';
import type { SandboxRunRequest } from './sandbox-runtime';

const request = (signal: AbortSignal) =>
  ({
    language: 'javascript',
    code: '1',
    timeoutMs: 1_000,
    maxOutputChars: 100,
    signal,
  }) as SandboxRunRequest;

describe('AbortOnDispose', () => {
  it("aborts the run's signal when the caller aborts, with the caller's reason", async () => {
    const caller = new AbortController();
    const current = new AbortOnDispose();
    const seen = await current.run(request(caller.signal), async ({ signal }) => {
      expect(signal.aborted).toBe(false);
      caller.abort('stop now');
      return { aborted: signal.aborted, reason: signal.reason };
    });
    expect(seen).toEqual({ aborted: true, reason: 'stop now' });
  });

  it("aborts the run's signal when the sandbox is disposed (abort())", async () => {
    const current = new AbortOnDispose();
    const seen = await current.run(request(new AbortController().signal), async ({ signal }) => {
      expect(current.running).toBe(true);
      current.abort();
      return signal.aborted;
    });
    expect(seen).toBe(true);
    expect(current.running).toBe(false);
  });

  it('starts aborted when the caller already aborted', async () => {
    const caller = new AbortController();
    caller.abort('before');
    const current = new AbortOnDispose();
    const reason = await current.run(request(caller.signal), async ({ signal }) => signal.reason);
    expect(reason).toBe('before');
  });

  it("leaves the caller's signal as it was once the run ended", async () => {
    const caller = new AbortController();
    const current = new AbortOnDispose();
    let runSignal: AbortSignal | undefined;
    await current.run(request(caller.signal), async ({ signal }) => {
      runSignal = signal;
    });
    caller.abort('later');
    expect(runSignal?.aborted).toBe(false);
  });
});
