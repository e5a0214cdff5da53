import type { SupportedLanguage } from '@code-interpreter/core';

/** What a scan of some code found open at its end. */
export interface OpenState {
  /** Brackets opened and not yet closed: `(`, `[`, `{`. */
  depth: number;
  /** True inside a string that goes on past the end (a template literal or a triple-quoted string). */
  inString: boolean;
}

/**
 * Scans code for brackets left open, skipping strings and comments, so the REPL knows that an
 * entry goes on over the next line. A heuristic: good enough for a prompt, never for parsing.
 */
export function scanOpenState(code: string, language: SupportedLanguage): OpenState {
  const python = language === 'python';
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const char = code[i] as string;
    if (quote) {
      if (char === '\\') {
        i++;
      } else if (code.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      } else if (char === '\n' && quote.length === 1 && quote !== '`') {
        quote = undefined; // a one-line string cannot go on: leave the error to the runtime
      }
      continue;
    }
    if (python && char === '#') {
      while (i < code.length && code[i] !== '\n') i++;
    } else if (!python && code.startsWith('//', i)) {
      while (i < code.length && code[i] !== '\n') i++;
    } else if (!python && code.startsWith('/*', i)) {
      const end = code.indexOf('*/', i + 2);
      if (end === -1) return { depth, inString: true };
      i = end + 1;
    } else if (python && (code.startsWith('"""', i) || code.startsWith("'''", i))) {
      quote = code.slice(i, i + 3);
      i += 2;
    } else if (char === '"' || char === "'" || (!python && char === '`')) {
      quote = char;
    } else if (char === '(' || char === '[' || char === '{') {
      depth++;
    } else if (char === ')' || char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return { depth, inString: quote !== undefined && (quote.length === 3 || quote === '`') };
}
