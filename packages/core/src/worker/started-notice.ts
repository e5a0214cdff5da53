import type { WorkerToHostMessage } from './worker-protocol';

/** After this long, a run or command line in progress tells the supervisor it started. */
export const startedNoticeDelayMs = 50;

/**
 * Sends `started` for `runId` if it is still going `startedNoticeDelayMs` after `startedAt`: the
 * supervisor then tightens its watchdog to the run's own deadline, and a quick run answers first
 * and costs no extra message. Clear the returned timer when the run ends.
 */
export function noticeIfStillRunning(
  send: (message: WorkerToHostMessage) => void,
  runId: number,
  startedAt: number,
): NodeJS.Timeout {
  return setTimeout(
    () => send({ kind: 'started', runId, elapsedMs: performance.now() - startedAt }),
    startedNoticeDelayMs,
  );
}
