import type { ReadResult } from 'deepagents';

/** What deepagents' `read_file` shows for an empty file (its own wording, which the tool checks). */
export const emptyFileReminder = 'System reminder: File exists but has empty contents';

/**
 * The lines `offset` (0-based) to `offset + limit - 1` of a text, with the window deepagents'
 * `read_file` puts in its `@@ lines a-b of n | next offset c @@` header. Lines are the file's own
 * (no numbers added), so what the model reads is what `edit_file` must match. A trailing newline
 * does not count as a line; a window past the end is empty.
 */
export function textWindow(
  text: string,
  offset: number,
  limit: number,
): Pick<ReadResult, 'content' | 'totalLines' | 'startLine' | 'endLine' | 'nextOffset'> {
  if (text.length === 0) return { content: emptyFileReminder };
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const totalLines = lines.length;
  const start = Number.isFinite(offset) ? Math.max(0, Math.floor(offset)) : 0;
  const count = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
  if (count === 0 || start >= totalLines) return { content: '' };
  const end = Math.min(start + count, totalLines);
  return {
    content: lines.slice(start, end).join('\n'),
    totalLines,
    startLine: start + 1,
    endLine: end,
    ...(end < totalLines ? { nextOffset: end } : {}),
  };
}
