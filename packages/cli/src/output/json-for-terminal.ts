import { terminalControlCharacters } from '@code-interpreter/core';

/**
 * `JSON.stringify(value, null, 2)` and a newline, safe to print on a terminal: the control and
 * bidi characters JSON leaves raw (DEL, C1 controls, bidi overrides and isolates) are written as
 * `\u` escapes too, so `JSON.parse` still returns exactly the same text.
 *
 * @example
 * jsonForTerminal({ stdout: '\u202eevil' }); // '{\n  "stdout": "\\u202eevil"\n}\n'
 */
export function jsonForTerminal(value: unknown): string {
  const json = JSON.stringify(value, null, 2).replace(
    terminalControlCharacters,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${json}\n`;
}
