/**
 * Coalesces output chunks and hands them on at most once per `intervalMs`, for MCP progress
 * notifications. `stop()` drops what is pending: the final result carries everything.
 */
export function createProgressReporter(
  send: (message: string, progress: number) => void,
  intervalMs = 100,
) {
  let pending = '';
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (pending === '') return;
    count += 1;
    send(pending, count);
    pending = '';
  };
  return {
    push(text: string) {
      // A notification carries at most the last 4000 characters of a burst.
      pending = (pending + text).slice(-4000);
      timer ??= setTimeout(flush, intervalMs);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = '';
    },
  };
}
