/**
 * Compiles a glob pattern to a regular expression over `/`-separated paths, as deepagents' glob
 * and grep tools describe them:
 * - `*` matches any characters but `/`; `?` one character but `/`;
 * - `**` any characters including `/` (`**` followed by `/` also matches no folder at all, so
 *   `**\/*.py` finds `a.py` as well as `src/a.py`);
 * - `[abc]`, `[a-z]`, `[!a-z]` (or `[^a-z]`) a character class; an unclosed `[` is a literal;
 * - `{ts,tsx}` one of the alternatives;
 * - every other character is itself. Dot files are matched like any other name.
 *
 * @example
 * ```ts
 * globToRegExp('**\/*.{ts,tsx}').test('src/app.tsx'); // true
 * ```
 */
export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${translate(pattern)}$`, 'u');
}

function translate(pattern: string): string {
  let source = '';
  let index = 0;
  while (index < pattern.length) {
    const character = pattern[index] as string;
    if (character === '*') {
      if (pattern[index + 1] === '*') {
        index += 2;
        if (pattern[index] === '/') {
          source += '(?:.*/)?';
          index += 1;
        } else {
          source += '.*';
        }
      } else {
        source += '[^/]*';
        index += 1;
      }
    } else if (character === '?') {
      source += '[^/]';
      index += 1;
    } else if (character === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close === -1) {
        source += '\\[';
        index += 1;
      } else {
        let body = pattern.slice(index + 1, close);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        source += `[${negated ? '^/' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
        index = close + 1;
      }
    } else if (character === '{') {
      const close = matchingBrace(pattern, index);
      if (close === -1) {
        source += '\\{';
        index += 1;
      } else {
        const alternatives = splitTopLevel(pattern.slice(index + 1, close));
        source += `(?:${alternatives.map((part) => translate(part)).join('|')})`;
        index = close + 1;
      }
    } else {
      source += /[.+^$(){}|\\/\]]/.test(character) ? `\\${character}` : character;
      index += 1;
    }
  }
  return source;
}

function matchingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let index = open; index < pattern.length; index++) {
    if (pattern[index] === '{') depth += 1;
    else if (pattern[index] === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < body.length; index++) {
    if (body[index] === '{') depth += 1;
    else if (body[index] === '}') depth -= 1;
    else if (body[index] === ',' && depth === 0) {
      parts.push(body.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
