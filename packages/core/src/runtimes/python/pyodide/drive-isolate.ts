import type IsolatedVM from 'isolated-vm';
import type { SandboxToolCalls } from '../../../tools/sandbox-tool-calls';
import { ivm } from '../../isolated-vm';

/** How driving an operation (boot or run) inside the isolate ended. */
export type DriveEnd = 'settled' | 'deadline' | 'hang' | 'aborted';

/** What {@link driveUntilSettled} returns. */
export interface DriveResult {
  end: DriveEnd;
  /** The third element of the tick answer that reported the operation settled, if any. */
  settledWith?: unknown;
}

/** The isolate's `tick()`: `[settled, nextDelay]`, plus what a settled operation produced. */
export type TickReference = IsolatedVM.Reference<
  () => [number, number] | [number, number, unknown]
>;

/** Options of {@link driveUntilSettled}. */
export interface DriveOptions {
  /** `performance.now()` value at which the operation is out of time. */
  deadline: number;
  signal?: AbortSignal;
  /**
   * How long nothing may be pending (not settled, no timer) before the operation is declared
   * stuck. Promises V8 settles from background work (WebAssembly compilation) need a few polls.
   */
  idleGraceMs: number;
  /**
   * The run's tool calls and how to hand their answers in: while calls are in flight the
   * operation is waiting, not stuck, and an arriving answer wakes the loop.
   */
  tools?: {
    calls: SandboxToolCalls;
    answer: IsolatedVM.Reference<(answers: unknown) => void>;
  };
}

/** Poll interval while nothing is pending but the operation has not settled. */
const idlePollMs = 2;

/**
 * Drives the isolate's host-run event loop: calls `tick()` (one due timer callback per call, so
 * the microtasks it queued drain when the call returns), sleeps on the host until the next timer
 * is due, and stops when the operation settled, the deadline passed, the caller aborted, or
 * nothing is left that could settle it. Every call carries the remaining time as its timeout;
 * errors of those calls (timeout, disposal, memory) propagate to the caller.
 */
export async function driveUntilSettled(
  tick: TickReference,
  options: DriveOptions,
): Promise<DriveResult> {
  const { deadline, signal, idleGraceMs, tools } = options;
  let idleSince: number | undefined;
  let confirming = false;
  for (;;) {
    if (signal?.aborted) return { end: 'aborted' };
    const left = deadline - performance.now();
    if (left <= 0) return { end: 'deadline' };
    if (tools?.calls.hasAnswers) {
      // Between two calls into the isolate: Python resumes in this call (its stack was suspended).
      const answers = new ivm.ExternalCopy(tools.calls.take());
      await tools.answer.apply(undefined, [answers.copyInto({ release: true })], {
        timeout: Math.max(1, Math.ceil(left)),
      });
      idleSince = undefined;
      confirming = false;
      continue;
    }
    const answer = (await tick.apply(undefined, [], {
      result: { copy: true },
      timeout: Math.max(1, Math.ceil(left)),
    })) as [number, number] | [number, number, unknown];
    const [settled, nextDelay] = answer;
    if (settled)
      return answer.length > 2 ? { end: 'settled', settledWith: answer[2] } : { end: 'settled' };
    if (nextDelay === 0) {
      idleSince = undefined;
      confirming = false;
      continue;
    }
    let wait: number;
    if (nextDelay < 0 && tools && tools.calls.pending > 0) {
      // Waiting for a tool's answer: until it arrives or the deadline.
      idleSince = undefined;
      confirming = false;
      wait = deadline - performance.now();
    } else if (nextDelay < 0) {
      // Promise reactions run after tick() answered (when the call returns) and may have queued
      // work or settled the operation: look once more before sleeping.
      if (!confirming) {
        confirming = true;
        continue;
      }
      const now = performance.now();
      idleSince ??= now;
      if (now - idleSince > idleGraceMs) return { end: 'hang' };
      wait = idlePollMs;
    } else {
      idleSince = undefined;
      confirming = false;
      wait = nextDelay;
    }
    await sleep(Math.min(wait, Math.max(0, deadline - performance.now())), signal, tools?.calls);
  }
}

function sleep(
  ms: number,
  signal: AbortSignal | undefined,
  calls: SandboxToolCalls | undefined,
): Promise<void> {
  return new Promise((resolve) => {
    if (calls?.hasAnswers) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      if (calls) calls.onArrival = undefined;
      resolve();
    };
    if (calls) calls.onArrival = done;
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
