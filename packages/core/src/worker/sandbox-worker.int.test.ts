import { afterEach, describe, expect, it, vi } from 'vitest';
import { SandboxWorker } from './sandbox-worker';
import { startedNoticeDelayMs } from './started-notice';
import type { HostToWorkerMessage, WorkerToHostMessage } from './worker-protocol';

let worker: SandboxWorker | undefined;
afterEach(async () => {
  await worker?.shutdown();
  worker = undefined;
});

function startWorker(): {
  messages: WorkerToHostMessage[];
  /** Resolves when the run sends a message of this kind (`result` also settles on `run-failed`). */
  next: (runId: number, kind: 'started' | 'result') => Promise<void>;
} {
  const messages: WorkerToHostMessage[] = [];
  const waiting = new Map<string, () => void>();
  worker = new SandboxWorker(
    { warmSandboxes: { javascript: 1 }, defaultMemoryLimitMb: 64 },
    (message) => {
      messages.push(message);
      if (!('runId' in message)) return;
      const kind = message.kind === 'run-failed' ? 'result' : message.kind;
      waiting.get(`${message.runId}:${kind}`)?.();
    },
  );
  worker.prewarm();
  return {
    messages,
    next: (runId, kind) => new Promise<void>((resolve) => waiting.set(`${runId}:${kind}`, resolve)),
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

/** The kinds of the messages about one run, in the order they were sent. */
const kindsOf = (messages: WorkerToHostMessage[], runId: number) =>
  messages.flatMap((message) =>
    'runId' in message && message.runId === runId ? [message.kind] : [],
  );

describe('SandboxWorker run notices', () => {
  it('tells the supervisor when a run lasts, before its result and not at once', async () => {
    const { messages, next } = startWorker();
    // The run lasts until the test cancels it, which it does only after the notice came: the
    // notice cannot be missed by a run that ended first, however slow the machine.
    const started = next(1, 'started');
    const result = next(1, 'result');
    worker?.handle(run(1, 'await new Promise((resolve) => setTimeout(resolve, 60_000))'));
    await started;
    worker?.handle({ kind: 'cancel', runId: 1 });
    await result;
    expect(kindsOf(messages, 1)).toEqual(['started', 'result']);
    const notice = messages.find((message) => message.kind === 'started') as Extract<
      WorkerToHostMessage,
      { kind: 'started' }
    >;
    // Sent after the delay (a timer never fires early), measured from the run's own start.
    expect(notice.elapsedMs).toBeGreaterThanOrEqual(startedNoticeDelayMs - 5);
  });

  it('answers a run that ends before the notice delay with its result alone, then nothing more', async () => {
    const { messages, next } = startWorker();
    // The first run of a new worker also waits for its runtime and transform thread to start.
    const first = next(0, 'result');
    worker?.handle(run(0, '0'));
    await first;
    // The worker's timers run on a clock the test holds, so the run ends before its notice is
    // due however slow the machine is; then the clock passes the delay many times over. A
    // notice timer left running after the result would fire then.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const quick = next(1, 'result');
      worker?.handle(run(1, '1 + 1'));
      await quick;
      await vi.advanceTimersByTimeAsync(startedNoticeDelayMs * 20);
    } finally {
      vi.useRealTimers();
    }
    expect(kindsOf(messages, 1)).toEqual(['result']);
  });
});

describe('SandboxWorker sandboxes booted ahead for a session', () => {
  /** A worker that prepares a JavaScript and a Pyodide sandbox for its next session. */
  function startSessionWorker() {
    const messages: WorkerToHostMessage[] = [];
    worker = new SandboxWorker(
      {
        warmSandboxes: {},
        defaultMemoryLimitMb: 64,
        prepareRuntimes: ['javascript', 'pyodide'],
      },
      (message) => {
        messages.push(message);
        // An empty image: the Pyodide boot fails at once instead of making a snapshot (~6 s).
        if (message.kind === 'need-pyodide-snapshot') {
          setImmediate(() =>
            worker?.handle({ kind: 'pyodide-snapshot', image: { byteLength: 0 } }),
          );
        }
      },
    );
    worker.prewarm();
    return messages;
  }

  /** Lets every pending promise continuation run (no timer, no thread of isolated-vm). */
  async function settleMicrotasks(): Promise<void> {
    for (let round = 0; round < 50; round++) await Promise.resolve();
  }

  const asks = (messages: WorkerToHostMessage[]) =>
    messages.filter((message) => message.kind === 'need-pyodide-snapshot').length;

  it('boots Pyodide only after JavaScript, whose sandbox is ready far sooner', async () => {
    const messages = startSessionWorker();
    await settleMicrotasks();
    // The JavaScript boot is still on an isolate's thread: Pyodide has not started.
    expect(asks(messages)).toBe(0);
    await vi.waitFor(() => expect(asks(messages)).toBe(1), { timeout: 30_000, interval: 20 });
  });

  it('starts the Pyodide boot at once for a session whose first run is Python', async () => {
    const messages = startSessionWorker();
    worker?.handle({
      kind: 'run',
      runId: 1,
      sessionId: 'first-run-is-python',
      runtime: 'pyodide',
      language: 'python',
      code: '1 + 1',
      timeoutMs: 5_000,
      memoryLimitMb: 64,
      maxOutputChars: 1_000,
      stream: false,
    });
    await settleMicrotasks();
    expect(asks(messages)).toBe(1);
    // The empty image fails the boot: the run says so.
    await vi.waitFor(
      () => expect(messages.some((message) => message.kind === 'run-failed')).toBe(true),
      { timeout: 30_000, interval: 20 },
    );
  });
});
