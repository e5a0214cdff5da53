import { escapeControlCharacters } from '@code-interpreter/core';

/** Escapes one stream of output chunk by chunk; see {@link createControlCharacterEscaper}. */
export interface ControlCharacterEscaper {
  /** The chunk as it may be shown; a CR at its end waits for the next chunk. */
  escape(chunk: string): string;
  /** What is still held back (a CR no LF followed, shown as `\r`), at the end of the stream. */
  flush(): string;
}

/**
 * {@link escapeControlCharacters} for streamed output. Escape sequences need no state (each
 * control character is escaped on its own), but a CRLF line end may be split between chunks: a
 * CR at the end of a chunk is held back until the next one tells whether an LF follows it.
 *
 * @example
 * const escaper = createControlCharacterEscaper();
 * escaper.escape('one\r'); // 'one'
 * escaper.escape('\ntwo'); // '\r\ntwo'
 */
export function createControlCharacterEscaper(): ControlCharacterEscaper {
  let heldCarriageReturn = false;
  return {
    escape(chunk) {
      if (chunk === '') return '';
      const text = heldCarriageReturn ? `\r${chunk}` : chunk;
      heldCarriageReturn = text.endsWith('\r');
      return escapeControlCharacters(heldCarriageReturn ? text.slice(0, -1) : text);
    },
    flush() {
      if (!heldCarriageReturn) return '';
      heldCarriageReturn = false;
      return escapeControlCharacters('\r');
    },
  };
}
