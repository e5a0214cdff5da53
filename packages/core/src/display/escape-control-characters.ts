/**
 * The characters a terminal acts on instead of printing: C0 controls except tab and newline (ESC
 * starts cursor movement, OSC title, clipboard and hyperlink sequences; CR and backspace overwrite
 * text), DEL, C1 controls (8-bit CSI and OSC), and the Unicode bidi controls, which reorder what
 * is shown (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069). A CR directly before an LF only
 * ends a line, so CRLF is left alone. Global: use it with `replace`, not `test`.
 */
export const terminalControlCharacters =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const named: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\r': '\\r', '\v': '\\v' };

/** `\x1b`, `\r`, `\u202e`: how a JavaScript string literal writes the character. */
function visible(character: string): string {
  const short = named[character];
  if (short) return short;
  const code = character.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Renders text a sandboxed program produced so that printing it cannot act on the terminal:
 * every {@link terminalControlCharacters} character is shown as its JavaScript escape (ESC as
 * `\x1b`, CR as `\r`, backspace as `\b`, RIGHT-TO-LEFT OVERRIDE as `\u202e`). Newlines, tabs and
 * CRLF line ends stay as they are; backslashes are not doubled.
 *
 * @example
 * escapeControlCharacters('real result: 13\r42'); // 'real result: 13\\r42'
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(terminalControlCharacters, visible);
}
