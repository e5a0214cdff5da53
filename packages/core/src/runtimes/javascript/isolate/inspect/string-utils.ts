/**
 * String helpers written as index loops: `String.prototype.split/replaceAll` look up patchable
 * symbol methods at call time, and user code in the isolate may have patched them.
 */
import {
  ArrayPrototypePush,
  StringPrototypeIndexOf,
  StringPrototypeRepeat,
  StringPrototypeSlice,
} from './primordials';

/** `str.split(separator)` for a non-empty string separator. */
export function splitString(str: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let index = StringPrototypeIndexOf(str, separator, 0);
  while (index !== -1) {
    ArrayPrototypePush(parts, StringPrototypeSlice(str, start, index));
    start = index + separator.length;
    index = StringPrototypeIndexOf(str, separator, start);
  }
  ArrayPrototypePush(parts, StringPrototypeSlice(str, start));
  return parts;
}

/** `str.split(/(?<=\n)/)`: lines that keep their trailing newline. */
export function splitAfterNewlines(str: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let index = StringPrototypeIndexOf(str, '\n', 0);
  while (index !== -1 && index + 1 < str.length) {
    ArrayPrototypePush(parts, StringPrototypeSlice(str, start, index + 1));
    start = index + 1;
    index = StringPrototypeIndexOf(str, '\n', start);
  }
  ArrayPrototypePush(parts, StringPrototypeSlice(str, start));
  return parts;
}

/** `str.replaceAll(search, replacement)` for a non-empty string `search` (no `$` patterns). */
export function replaceAllString(str: string, search: string, replacement: string): string {
  let index = StringPrototypeIndexOf(str, search, 0);
  if (index === -1) return str;
  let result = '';
  let start = 0;
  while (index !== -1) {
    result += StringPrototypeSlice(str, start, index) + replacement;
    start = index + search.length;
    index = StringPrototypeIndexOf(str, search, start);
  }
  return result + StringPrototypeSlice(str, start);
}

/** Indents every line after the first by `indentation` spaces. */
export function indentNewlines(str: string, indentation: number): string {
  return replaceAllString(str, '\n', `\n${StringPrototypeRepeat(' ', indentation)}`);
}

/** Node's `join` from internal/util: no `Array.prototype.join` lookups. */
export function join(output: readonly string[], separator: string): string {
  let str = '';
  if (output.length !== 0) {
    const lastIndex = output.length - 1;
    for (let i = 0; i < lastIndex; i++) {
      str += output[i];
      str += separator;
    }
    str += output[lastIndex];
  }
  return str;
}
