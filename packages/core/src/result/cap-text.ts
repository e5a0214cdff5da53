/**
 * Keeps at most `maxChars` characters of `text` (about that many: the note is extra): the first
 * half and the last half, with a note of how many characters were cut between them. Costs
 * O(maxChars) however long `text` is. Runs inside sandboxes too, so it uses no host API.
 */
export function capText(text: string, maxChars: number): { text: string; cut: boolean } {
  if (text.length <= maxChars) return { text, cut: false };
  const headChars = Math.ceil(maxChars / 2);
  const tailChars = Math.max(0, maxChars - headChars);
  const omitted = text.length - headChars - tailChars;
  return {
    text: `${text.slice(0, headChars)}\n... [${omitted} characters omitted] ...\n${tailChars ? text.slice(-tailChars) : ''}`,
    cut: true,
  };
}
