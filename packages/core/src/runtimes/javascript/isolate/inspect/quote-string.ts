/**
 * Node's string quoting for `util.inspect`: single quotes by default, double quotes when the
 * string contains a single quote, backticks when it contains both (and no `${`), with control
 * characters, the backslash and lone surrogates escaped.
 */
import {
  NumberPrototypeToString,
  RegExpPrototypeExec,
  StringPrototypeCharCodeAt,
  StringPrototypeIncludes,
  StringPrototypeSlice,
} from './primordials';

// Escaped control characters (plus the single quote and the backslash). Empty strings fill the gaps.
// biome-ignore format: a 16-column table, as in Node's source.
const meta = [
  '\\x00', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06', '\\x07', // x07
  '\\b', '\\t', '\\n', '\\x0B', '\\f', '\\r', '\\x0E', '\\x0F',           // x0F
  '\\x10', '\\x11', '\\x12', '\\x13', '\\x14', '\\x15', '\\x16', '\\x17', // x17
  '\\x18', '\\x19', '\\x1A', '\\x1B', '\\x1C', '\\x1D', '\\x1E', '\\x1F', // x1F
  '', '', '', '', '', '', '', "\\'", '', '', '', '', '', '', '', '',      // x2F
  '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',         // x3F
  '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',         // x4F
  '', '', '', '', '', '', '', '', '', '', '', '', '\\\\', '', '', '',     // x5F
  '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',         // x6F
  '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '\\x7F',    // x7F
  '\\x80', '\\x81', '\\x82', '\\x83', '\\x84', '\\x85', '\\x86', '\\x87', // x87
  '\\x88', '\\x89', '\\x8A', '\\x8B', '\\x8C', '\\x8D', '\\x8E', '\\x8F', // x8F
  '\\x90', '\\x91', '\\x92', '\\x93', '\\x94', '\\x95', '\\x96', '\\x97', // x97
  '\\x98', '\\x99', '\\x9A', '\\x9B', '\\x9C', '\\x9D', '\\x9E', '\\x9F', // x9F
];

const strEscapeSequencesRegExp =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const strEscapeSequencesRegExpSingle =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = -1;
const BACKTICK = -2;

function addQuotes(str: string, quotes: number): string {
  if (quotes === DOUBLE_QUOTE) return `"${str}"`;
  if (quotes === BACKTICK) return `\`${str}\``;
  return `'${str}'`;
}

/**
 * Escapes like Node's `strEscape` loop (which is equivalent to its regex-replace path):
 * `quote` is the char code to escape (39) or a negative number when quotes are not escaped.
 */
function escapeCharacters(str: string, quote: number): string {
  let result = '';
  let last = 0;
  for (let i = 0; i < str.length; i++) {
    const point = StringPrototypeCharCodeAt(str, i);
    if (point === quote || point === 92 || point < 32 || (point > 126 && point < 160)) {
      result += `${StringPrototypeSlice(str, last, i)}${meta[point]}`;
      last = i + 1;
    } else if (point >= 0xd800 && point <= 0xdfff) {
      if (point <= 0xdbff && i + 1 < str.length) {
        const next = StringPrototypeCharCodeAt(str, i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
          continue;
        }
      }
      result += `${StringPrototypeSlice(str, last, i)}\\u${NumberPrototypeToString(point, 16)}`;
      last = i + 1;
    }
  }
  if (last === 0) return str;
  if (last !== str.length) result += StringPrototypeSlice(str, last);
  return result;
}

/** Quotes and escapes a string the way `util.inspect` prints it. */
export function strEscape(str: string): string {
  let escapeTest = strEscapeSequencesRegExp;
  let singleQuote = SINGLE_QUOTE;
  // Prefer double quotes, then backticks, over escaping single quotes.
  if (StringPrototypeIncludes(str, "'")) {
    if (!StringPrototypeIncludes(str, '"')) {
      singleQuote = DOUBLE_QUOTE;
    } else if (!StringPrototypeIncludes(str, '`') && !StringPrototypeIncludes(str, '${')) {
      singleQuote = BACKTICK;
    }
    if (singleQuote !== SINGLE_QUOTE) escapeTest = strEscapeSequencesRegExpSingle;
  }
  if (RegExpPrototypeExec(escapeTest, str) === null) return addQuotes(str, singleQuote);
  return addQuotes(escapeCharacters(str, singleQuote), singleQuote);
}

/** Escapes without quoting, single quotes included (used for symbol keys). */
export function escapeAll(str: string): string {
  if (RegExpPrototypeExec(strEscapeSequencesRegExp, str) === null) return str;
  return escapeCharacters(str, SINGLE_QUOTE);
}
