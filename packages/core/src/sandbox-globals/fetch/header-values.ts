/** The Fetch Standard's checks on header names, header values, methods and reason phrases. */
import {
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
} from '../primordials';

/** An RFC 9110 `tchar`: ``!#$%&'*+-.^_`|~``, digits and letters. */
export function isTokenCode(c: number): boolean {
  if (c >= 0x30 && c <= 0x39) return true; // 0-9
  if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) return true; // A-Z a-z
  switch (c) {
    case 0x21: // !
    case 0x23: // #
    case 0x24: // $
    case 0x25: // %
    case 0x26: // &
    case 0x27: // '
    case 0x2a: // *
    case 0x2b: // +
    case 0x2d: // -
    case 0x2e: // .
    case 0x5e: // ^
    case 0x5f: // _
    case 0x60: // `
    case 0x7c: // |
    case 0x7e: // ~
      return true;
    default:
      return false;
  }
}

/** A header name or a method: a non-empty token. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (!isTokenCode(StringPrototypeCharCodeAt(text, i))) return false;
  }
  return true;
}

function isHttpWhitespace(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x09 || c === 0x20;
}

/** Removes leading and trailing HTTP whitespace (tab, space, CR, LF). */
export function normalizeHeaderValue(value: string): string {
  let start = 0;
  let end = value.length;
  while (end > start && isHttpWhitespace(StringPrototypeCharCodeAt(value, end - 1))) end--;
  while (end > start && isHttpWhitespace(StringPrototypeCharCodeAt(value, start))) start++;
  return start === 0 && end === value.length ? value : StringPrototypeSlice(value, start, end);
}

/** A normalized header value: no NUL, CR or LF, no leading or trailing tab or space. */
export function isValidHeaderValue(value: string): boolean {
  const length = value.length;
  if (length > 0) {
    const first = StringPrototypeCharCodeAt(value, 0);
    const last = StringPrototypeCharCodeAt(value, length - 1);
    if (first === 0x09 || first === 0x20 || last === 0x09 || last === 0x20) return false;
  }
  for (let i = 0; i < length; i++) {
    const c = StringPrototypeCharCodeAt(value, i);
    if (c === 0 || c === 0x0a || c === 0x0d) return false;
  }
  return true;
}

/** An HTTP reason phrase: tab, space, visible ASCII and obs-text (0x80-0xFF) only. */
export function isValidReasonPhrase(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (!(c === 0x09 || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) return false;
  }
  return true;
}

/** ASCII lowercase (other characters unchanged), for names already known to be ByteStrings. */
export function asciiLowercase(text: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (c >= 0x41 && c <= 0x5a) {
      changed = true;
      break;
    }
  }
  if (!changed) return text;
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    out += c >= 0x41 && c <= 0x5a ? StringFromCharCode(c + 0x20) : StringFromCharCode(c);
  }
  return out;
}

/** ASCII uppercase (other characters unchanged). */
export function asciiUppercase(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    out += c >= 0x61 && c <= 0x7a ? StringFromCharCode(c - 0x20) : StringFromCharCode(c);
  }
  return out;
}
