/**
 * Display width of a string, as Node computes it with ICU (`getStringWidth` in
 * lib/internal/util/inspect.js and `GetColumnWidth` in src/node_i18n.cc): East Asian Wide and
 * Fullwidth code points and emoji presentation characters take two columns; control, format,
 * enclosing and non-spacing marks and emoji modifiers take none (U+00AD excepted).
 *
 * JavaScript regexps cannot query East_Asian_Width, so the two-column set is a table generated
 * from Node 24's ICU (`internalBinding('icu').getStringWidth` on every code point). The
 * zero-width set matches ICU exactly through Unicode property escapes.
 */
import {
  NumberParseInt,
  RegExpPrototypeExec,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeCodePointAt,
  StringPrototypeIndexOf,
  StringPrototypeNormalize,
  StringPrototypeSlice,
} from './primordials';
import { splitString } from './string-utils';

// Ranges of two-column code points: base-36 "start" or "start-lengthMinusOne", comma separated.
const WIDE_TABLE =
  '3cw-2n,6xm-1,6y1-1,73d-3,73k,73n,7i5-1,7is-1,7jk-7,7k8-b,7lr,7m2-5,7mb,7mp,7my-1,7nh-1,7no-1,7ny,7o4,7oq,7oy-1,7p1,7p6,7p9,7ph,7pm-1,7qg,7rg,7ri,7rn-2,7rr,7th-2,7u8,7un,8ij-1,8k0,8k5,96o-p,97f-2g,9a8-5x,9gw-26,9j5-2d,9ll-2u,9ol-16,9pt-2l,9sg-2d,9v3-1b,9wg-13,9xs-mkc,wi8-1i,xgg-s,xz4-8mb,1d6o-e7,1e6o-9,1e7k-y,1e8k-i,1e94-3,1edd-2n,1ejk-6,20o0-4,20og-6,20ow-5p1,26f3-v,26io-36,2dbk-3,2dbp-6,2dbx-1,2dc0-82,2dki,2dlc-2,2dlh,2dlw-3,2dm8-az,2k8w-2e,2kbk-m,2pz8,2q4v,2qa6,2qa9-9,2qcm-s,2qds-17,2qf4-8,2qfk-1,2qg0-5,2qkg-w,2qlp-8,2qlz-1x,2qny-l,2qow-16,2qq7-4,2qqo-g,2qr8,2qrc-1y,2qtc,2qte-56,2qyn-1q,2r0r-3,2r0w-n,2r22,2r2t-1,2r38,2r5n-2c,2r9c-1x,2rbg,2rbk-2,2rbp-3,2rbw-3,2rcb-1,2rck-8,2rj4-b,2rjk,2rrg-1a,2rss-9,2rt3-54,2s1c-c,2s1s-a,2s26-1k,2s3s,2s3x-f,2s4f-b,2s4v-9,2t4w-1ekd,47pc-1ekd';

const wideStarts: number[] = [];
const wideEnds: number[] = [];
{
  const entries = splitString(WIDE_TABLE, ',');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as string;
    const dash = StringPrototypeIndexOf(entry, '-');
    const start = NumberParseInt(dash === -1 ? entry : StringPrototypeSlice(entry, 0, dash), 36);
    const extra = dash === -1 ? 0 : NumberParseInt(StringPrototypeSlice(entry, dash + 1), 36);
    wideStarts[i] = start;
    wideEnds[i] = start + extra;
  }
}

function isWide(code: number): boolean {
  let low = 0;
  let high = wideStarts.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (code < (wideStarts[middle] as number)) high = middle - 1;
    else if (code > (wideEnds[middle] as number)) low = middle + 1;
    else return true;
  }
  return false;
}

const zeroWidthRegExp = /^[\p{Cc}\p{Cf}\p{Me}\p{Mn}\p{Emoji_Modifier}]$/u;

function codePointWidth(code: number, char: string): number {
  if (isWide(code)) return 2;
  if (code !== 0xad && RegExpPrototypeExec(zeroWidthRegExp, char) !== null) return 0;
  return 1;
}

function icuStringWidth(str: string): number {
  let width = 0;
  for (let i = 0; i < str.length; i++) {
    const code = StringPrototypeCodePointAt(str, i) as number;
    if (code > 0xffff) {
      width += codePointWidth(code, StringPrototypeSlice(str, i, i + 2));
      i++;
    } else {
      width += codePointWidth(code, StringFromCharCode(code));
    }
  }
  return width;
}

// Matches all ANSI escape code sequences (chalk/ansi-regex, as used by Node).
const ansi = new RegExp(
  '(?:\\u001B\\][\\s\\S]*?(?:\\u0007|\\u001B\\u005C|\\u009C))' +
    '|[\\u001B\\u009B][[\\]()#;?]*' +
    '(?:\\d{1,4}(?:[;:]\\d{0,4})*)?' +
    '[\\dA-PR-TZcf-nq-uy=><~]',
  'g',
);

/** Removes all VT control sequences (Node's `stripVTControlCharacters`). */
export function stripVTControlCharacters(str: string): string {
  if (
    StringPrototypeIndexOf(str, '\u001B') === -1 &&
    StringPrototypeIndexOf(str, '\u009B') === -1
  ) {
    return str;
  }
  let result = '';
  let last = 0;
  ansi.lastIndex = 0;
  let match = RegExpPrototypeExec(ansi, str);
  while (match !== null) {
    result += StringPrototypeSlice(str, last, match.index);
    last = match.index + (match[0] as string).length;
    if ((match[0] as string).length === 0) ansi.lastIndex++;
    match = RegExpPrototypeExec(ansi, str);
  }
  ansi.lastIndex = 0;
  return result + StringPrototypeSlice(str, last);
}

/** Number of terminal columns `str` takes (Node's ICU-backed `getStringWidth`). */
export function getStringWidth(str: string, removeControlChars = true): number {
  let width = 0;
  let text = str;
  if (removeControlChars) text = stripVTControlCharacters(text);
  for (let i = 0; i < text.length; i++) {
    const code = StringPrototypeCharCodeAt(text, i);
    if (code >= 127) {
      width += icuStringWidth(StringPrototypeNormalize(StringPrototypeSlice(text, i), 'NFC'));
      break;
    }
    width += code >= 32 ? 1 : 0;
  }
  return width;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point.
const colorRegExp = /\u001b\[\d\d?m/g;

/** Node's `removeColors` (internal/util): drops SGR color codes only. */
export function removeColors(str: string): string {
  let result = '';
  let last = 0;
  colorRegExp.lastIndex = 0;
  let match = RegExpPrototypeExec(colorRegExp, str);
  while (match !== null) {
    result += StringPrototypeSlice(str, last, match.index);
    last = match.index + (match[0] as string).length;
    match = RegExpPrototypeExec(colorRegExp, str);
  }
  colorRegExp.lastIndex = 0;
  return last === 0 ? str : result + StringPrototypeSlice(str, last);
}
