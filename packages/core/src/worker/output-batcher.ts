import type { OutputChunk } from '../result/execution-result';

/** Most time a chunk waits before it is sent. */
const flushAfterMs = 10;
/** Characters at which the waiting text is sent at once. */
const flushAtChars = 8_192;

/**
 * Joins a run's streamed output into fewer, larger messages: consecutive writes to one stream wait
 * up to `flushAfterMs` (or until `flushAtChars`) and go as one chunk. A program that prints one
 * character at a time in a loop then costs the application a message per 10 ms, not one per
 * write. Order is kept: a write to the other stream sends what waits first. Call `flush()` before
 * the run's result is sent.
 */
export function createOutputBatcher(send: (chunk: OutputChunk) => void) {
  let stream: OutputChunk['stream'] | undefined;
  let pending: string[] = [];
  let pendingChars = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (stream !== undefined && pendingChars > 0) send({ stream, text: pending.join('') });
    pending = [];
    pendingChars = 0;
  };

  return {
    write(chunk: OutputChunk): void {
      if (chunk.stream !== stream) {
        flush();
        stream = chunk.stream;
      }
      pending.push(chunk.text);
      pendingChars += chunk.text.length;
      if (pendingChars >= flushAtChars) flush();
      else timer ??= setTimeout(flush, flushAfterMs);
    },
    flush,
  };
}
