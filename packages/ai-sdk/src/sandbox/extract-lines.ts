/**
 * Lines `startLine` to `endLine` of `text` (1-based, inclusive), as the AI SDK's own sandboxes cut
 * them: the text's line ending (`\r\n`, `\n` or `\r`) splits and joins the lines, a start below 1
 * counts as 1, an end past the last line reads to the end (keeping a final line ending), and a
 * start after the end gives ''. Without either bound the text comes back whole.
 */
export function extractLines(text: string, startLine?: number, endLine?: number): string {
  if (startLine === undefined && endLine === undefined) return text;
  const lineEnding = text.includes('\r\n')
    ? '\r\n'
    : text.includes('\n')
      ? '\n'
      : text.includes('\r')
        ? '\r'
        : '\n';
  const lines = text.split(lineEnding);
  const start = Math.max(1, startLine ?? 1) - 1;
  const end = Math.min(lines.length, endLine ?? lines.length);
  return lines.slice(start, end).join(lineEnding);
}
