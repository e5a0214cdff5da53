/**
 * A JavaScript-side copy of what a run printed (the first `limit` characters of each stream).
 * The driver keeps the real capture in Python; this copy is what the host can still read when
 * Python cannot answer any more: the run was stopped at its deadline, or the interpreter exited
 * (`os._exit`) or crashed. It also bounds what is streamed to the host: only what it keeps is
 * forwarded, whoever calls it (the driver, or user code that found the callback).
 */
export interface OutputMirror {
  /** Keeps what fits of `text`; returns that part (empty once the stream is full). */
  add(stream: 'stdout' | 'stderr', text: string): string;
  text(stream: 'stdout' | 'stderr'): string;
  /** True when more was printed than kept. */
  readonly truncated: boolean;
}

export function createOutputMirror(limit: number): OutputMirror {
  const kept = { stdout: '', stderr: '' };
  let truncated = false;
  return {
    add(stream, text) {
      const current = kept[stream];
      const room = limit - current.length;
      if (text.length > room) truncated = true;
      if (room <= 0) return '';
      const piece = text.length > room ? text.slice(0, room) : text;
      kept[stream] = current + piece;
      return piece;
    },
    text(stream) {
      return truncated && kept[stream].length >= limit
        ? `${kept[stream]}\n… [the rest of ${stream} was cut] …\n`
        : kept[stream];
    },
    get truncated() {
      return truncated;
    },
  };
}
