import { afterEach, describe, expect, it } from 'vitest';
import { SandboxWorker } from './sandbox-worker';
import type { HostToWorkerMessage, WorkerToHostMessage } from './worker-protocol';

let worker: SandboxWorker | undefined;
afterEach(async () => {
  await worker?.shutdown();
  worker = undefined;
});

function startWorker(): {
  messages: WorkerToHostMessage[];
  result: (runId: number) => Promise<void>;
} {
  const messages: WorkerToHostMessage[] = [];
  const waiting = new Map<number, () => void>();
  worker = new SandboxWorker(
    { warmSandboxes: { javascript: 1 }, defaultMemoryLimitMb: 64 },
    (message) => {
      messages.push(message);
      if (message.kind === 'result' || message.kind === 'run-failed')
        waiting.get(message.runId)?.();
    },
  );
  worker.prewarm();
  return {
    messages,
    result: (runId) => new Promise<void>((resolve) => waiting.set(runId, resolve)),
  };
}

const run = (runId: number, code: string): HostToWorkerMessage => ({
  kind: 'run',
  runId,
  runtime: 'javascript',
  language: 'javascript',
  code,
  timeoutMs: 5_000,
  memoryLimitMb: 64,
  maxOutputChars: 1_000,
  stream: false,
});

describe('SandboxWorker run notices', () => {
  it('answers a quick run with its result alone, and tells the supervisor when a run lasts', async () => {
    const { messages, result } = startWorker();
    // The first run of a new worker also waits for its runtime and transform thread to start.
    const first = result(0);
    worker?.handle(run(0, '0'));
    await first;
    messages.length = 0;
    const quick = result(1);
    worker?.handle(run(1, '1 + 1'));
    await quick;
    expect(messages.filter((message) => 'runId' in message).map((message) => message.kind)).toEqual(
      ['result'],
    );

    const slow = result(2);
    worker?.handle(run(2, 'await new Promise((resolve) => setTimeout(resolve, 200)); 2'));
    await slow;
    const kinds = messages.flatMap((message) =>
      'runId' in message && message.runId === 2 ? [message] : [],
    );
    expect(kinds.map((message) => message.kind)).toEqual(['started', 'result']);
    const started = kinds[0] as Extract<WorkerToHostMessage, { kind: 'started' }>;
    expect(started.elapsedMs).toBeGreaterThanOrEqual(45);
    expect(started.elapsedMs).toBeLessThan(200);
  });
});
