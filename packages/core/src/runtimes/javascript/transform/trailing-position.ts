/** A message with the position that ended it taken off. */
export interface SplitPosition {
  /** The message without the position (and without the whitespace before it). */
  text: string;
  line?: number;
  column?: number;
}

const digits = /^\d{1,9}$/;

/**
 * Splits a trailing `(12:5)` (acorn, sucrase) or `[cell.js:12:5]` (V8 through isolated-vm) off an
 * error message. Messages can quote the program's own text, so this scans from the end in linear
 * time instead of using a regex that backtracks over long runs of spaces.
 */
export function splitTrailingPosition(message: string, opener: '(' | '[cell.'): SplitPosition {
  const trimmed = message.trimEnd();
  const closer = opener === '(' ? ')' : ']';
  if (!trimmed.endsWith(closer)) return { text: message };
  const start = trimmed.lastIndexOf(opener);
  if (start < 0) return { text: message };
  let parts = trimmed.slice(start + opener.length, -1).split(':', 4);
  if (opener === '[cell.') {
    // `js:12:5` or `ts:12:5`
    if (parts.length !== 3 || (parts[0] !== 'js' && parts[0] !== 'ts')) return { text: message };
    parts = parts.slice(1);
  }
  const [line, column] = parts;
  if (parts.length !== 2 || !digits.test(line ?? '') || !digits.test(column ?? '')) {
    return { text: message };
  }
  return { text: trimmed.slice(0, start).trimEnd(), line: Number(line), column: Number(column) };
}
