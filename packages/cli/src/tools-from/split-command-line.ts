import { UsageError } from '../usage-error';

/**
 * Splits a command line into words as a POSIX shell would, without running a shell: words are
 * separated by blanks; 'single quotes' keep everything literally; "double quotes" keep everything
 * but `\"` and `\\`; a backslash outside quotes keeps the next character. Variables, globs,
 * pipes and redirections have no meaning here (they are passed as they are). Throws
 * {@link UsageError} for an empty line or an unclosed quote.
 *
 * @example
 * ```ts
 * splitCommandLine(`node "my server.mjs" --flag='a b'`); // ['node', 'my server.mjs', '--flag=a b']
 * ```
 */
export function splitCommandLine(line: string, flag = '--tools-from'): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) {
    throw new UsageError(
      `${flag} '${line}': a ${quote === '"' ? 'double' : 'single'} quote is not closed.`,
    );
  }
  if (inWord) words.push(word);
  if (words.length === 0) {
    throw new UsageError(
      `${flag} needs the command line of an MCP server, e.g. ${flag} "npx -y some-mcp-server".`,
    );
  }
  return words;
}
