/**
 * Captures one output stream inside the sandbox with a hard cap: the first half and the last half
 * of the cap are kept, the middle is counted and replaced by a note. Memory stays O(cap) whatever
 * is written, and each write is O(its own length), so floods cost the writer, not the host.
 */
export interface StreamCapture {
  write(text: string): void;
  /** The kept text, with a note where the middle was cut. */
  text(): string;
  readonly truncated: boolean;
}

export function truncationNote(omittedChars: number): string {
  return `\n... [${omittedChars} characters of output omitted] ...\n`;
}

export function createStreamCapture(
  maxChars: number,
  emit: ((text: string) => void) | undefined,
): StreamCapture {
  const half = Math.max(1, Math.floor(maxChars / 2));
  let head = '';
  let total = 0;
  let truncated = false;
  // Tail kept as chunks; `tailLength` counts the characters in tailChunks[tailStart..].
  const tailChunks: string[] = [];
  let tailStart = 0;
  let tailLength = 0;

  function pushTail(text: string): void {
    if (text.length >= half) {
      tailChunks.length = 0;
      tailStart = 0;
      tailChunks.push(text.slice(-half));
      tailLength = half;
      return;
    }
    tailChunks.push(text);
    tailLength += text.length;
    while (
      tailStart < tailChunks.length &&
      tailLength - (tailChunks[tailStart]?.length ?? 0) >= half
    ) {
      tailLength -= tailChunks[tailStart]?.length ?? 0;
      tailStart++;
    }
    if (tailStart > 1024) {
      tailChunks.splice(0, tailStart);
      tailStart = 0;
    }
  }

  return {
    write(text) {
      const chunk = String(text);
      total += chunk.length;
      if (!truncated) {
        if (head.length + chunk.length <= maxChars) {
          head += chunk;
          emit?.(chunk);
          return;
        }
        truncated = true;
        const fromChunkIntoHead = Math.max(0, half - head.length);
        const kept = head.slice(0, half) + chunk.slice(0, fromChunkIntoHead);
        const alreadyEmitted = head.length;
        const beforeCut = head.length > half ? head.slice(half) : '';
        head = kept;
        if (kept.length > alreadyEmitted) emit?.(kept.slice(alreadyEmitted));
        emit?.('\n... [output too long: the middle is cut, the end comes with the result] ...\n');
        if (beforeCut) pushTail(beforeCut);
        pushTail(chunk.length > fromChunkIntoHead ? chunk.slice(fromChunkIntoHead) : '');
        return;
      }
      pushTail(chunk);
    },
    text() {
      if (!truncated) return head;
      const tail = tailChunks.slice(tailStart).join('').slice(-half);
      return head + truncationNote(total - head.length - tail.length) + tail;
    },
    get truncated() {
      return truncated;
    },
  };
}
