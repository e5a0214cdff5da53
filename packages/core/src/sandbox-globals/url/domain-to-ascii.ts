import {
  RegExpCtor,
  RegExpPrototypeExec,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeNormalize,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
} from '../primordials';
import { punycodeEncode } from './punycode';

// UTS #46 "ignored" code points (mapped to nothing): soft hyphen, combining grapheme joiner,
// Mongolian free variation selectors, zero width space, word joiner, invisible plus, variation
// selectors, zero width no-break space, shorthand format controls.
const ignored = new RegExpCtor(
  '[\\u00ad\\u034f\\u180b-\\u180d\\u180f\\u200b\\u2060\\u2064\\ufe00-\\ufe0f\\ufeff\\u{1bca0}-\\u{1bca3}\\u{e0100}-\\u{e01ef}]',
  'gu',
);
// Code points UTS #46 disallows that NFKC and lowercasing leave in place: unassigned, private use,
// surrogates, controls, line/paragraph separators, the replacement characters (what invalid
// percent-encoded UTF-8 decodes to), ideographic description characters, and the joiners
// (whose contextual rules are not implemented, so they are refused).
// biome-ignore lint/suspicious/noMisleadingCharacterClass: single code points by design (u flag).
const disallowed = /[\p{Cn}\p{Co}\p{Cs}\p{Cc}\p{Zl}\p{Zp}\u200c\u200d\ufffc\ufffd\u2ff0-\u2fff]/u;
const startsWithMark = /^\p{M}/u;
// Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Adlam...): an
// approximation of the Bidi classes R and AL for the Bidi rule (RFC 5893) that UTS #46 applies.
const RTL_RANGES =
  '\\u0590-\\u08ff\\ufb1d-\\ufdff\\ufe70-\\ufefc\\u{10800}-\\u{10fff}\\u{1e800}-\\u{1efff}';
const rightToLeft = new RegExpCtor(`[${RTL_RANGES}]`, 'u');
const startsWithRtlLetter = new RegExpCtor(`^(?=[${RTL_RANGES}])\\p{L}`, 'u');
const leftToRightLetter = new RegExpCtor(`(?![${RTL_RANGES}])\\p{L}`, 'u');
const endsWithLetterOrDigit = /[\p{L}\p{N}]\p{M}*$/u;
// Cherokee: lowercasing gives the small letters, but UTS #46 (case folding) maps to the capitals.
const CHEROKEE_SMALL_START = 0xab70;
const CHEROKEE_SMALL_END = 0xabbf;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++)
    if (StringPrototypeCharCodeAt(text, i) >= 0x80) return false;
  return true;
}

function removeIgnored(text: string): string {
  let out = '';
  let last = 0;
  ignored.lastIndex = 0;
  for (;;) {
    const match = RegExpPrototypeExec(ignored, text);
    if (match === null) break;
    out += StringPrototypeSlice(text, last, match.index);
    last = match.index + (match[0] as string).length;
  }
  return last === 0 ? text : out + StringPrototypeSlice(text, last);
}

/**
 * The URL Standard's "domain to ASCII" with `beStrict` false. ASCII domains are lowercased, as
 * the standard (and Node) do. Other domains get an approximation of UTS #46 ToASCII without its
 * 150 KB mapping table: ignored code points removed, NFKC plus lowercasing (close to the
 * standard's NFKC_Casefold mapping; `ß` and `ς` are kept, as non-transitional processing
 * does), ideographic full stops as dots, unassigned/private-use/control code points and labels
 * starting with a combining mark refused, a partial Bidi rule, then Punycode (`xn--`) per label.
 * Returns undefined on failure.
 */
export function domainToAscii(domain: string): string | undefined {
  if (isAscii(domain)) return StringPrototypeToLowerCase(domain);
  let mapped = removeIgnored(domain);
  mapped = StringPrototypeNormalize(
    foldCherokee(StringPrototypeToLowerCase(StringPrototypeNormalize(mapped, 'NFKC'))),
    'NFKC',
  );
  let result = '';
  let labelStart = 0;
  for (let i = 0; i <= mapped.length; i++) {
    const c = i < mapped.length ? StringPrototypeCharCodeAt(mapped, i) : 0x2e;
    if (c !== 0x2e && c !== 0x3002) continue;
    const label = StringPrototypeSlice(mapped, labelStart, i);
    labelStart = i + 1;
    const ascii = labelToAscii(label);
    if (ascii === undefined) return undefined;
    result += i < mapped.length ? `${ascii}.` : ascii;
  }
  return result;
}

/**
 * The Bidi rule for a label with right-to-left characters, approximated with script ranges: it
 * must start with a right-to-left letter, hold no left-to-right letter, and end with a letter or
 * digit (combining marks aside).
 */
function satisfiesBidiRule(label: string): boolean {
  return (
    RegExpPrototypeExec(startsWithRtlLetter, label) !== null &&
    RegExpPrototypeExec(leftToRightLetter, label) === null &&
    RegExpPrototypeExec(endsWithLetterOrDigit, label) !== null
  );
}

/** Maps Cherokee small letters (what lowercasing produces) to the capitals UTS #46 uses. */
function foldCherokee(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    let mapped = -1;
    if (c >= CHEROKEE_SMALL_START && c <= CHEROKEE_SMALL_END)
      mapped = c - CHEROKEE_SMALL_START + 0x13a0;
    else if (c >= 0x13f8 && c <= 0x13fd) mapped = c - 8;
    if (mapped < 0) continue;
    out += StringPrototypeSlice(text, last, i) + StringFromCharCode(mapped);
    last = i + 1;
  }
  return last === 0 ? text : out + StringPrototypeSlice(text, last);
}

function labelToAscii(label: string): string | undefined {
  if (isAscii(label)) return label;
  if (RegExpPrototypeExec(disallowed, label) !== null) return undefined;
  if (RegExpPrototypeExec(startsWithMark, label) !== null) return undefined;
  if (RegExpPrototypeExec(rightToLeft, label) !== null && !satisfiesBidiRule(label))
    return undefined;
  const encoded = punycodeEncode(label);
  return encoded === undefined ? undefined : `xn--${encoded}`;
}
