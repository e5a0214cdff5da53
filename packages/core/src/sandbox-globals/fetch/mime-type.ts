/**
 * MIME types as the WHATWG MIME Sniffing Standard parses and serializes them, and the Fetch
 * Standard's "extract a MIME type" from a `Content-Type` value (what `blob().type` and
 * `formData()` use).
 */
import {
  createList,
  MapCtor,
  MapPrototypeForEach,
  MapPrototypeHas,
  MapPrototypeSet,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
} from '../primordials';
import { asciiLowercase, isToken, isTokenCode } from './header-values';

export interface MimeType {
  type: string;
  subtype: string;
  /** Lowercased names, in order of first appearance. */
  parameters: Map<string, string>;
}

function isHttpWhitespace(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x09 || c === 0x20;
}

function isQuotedStringCode(c: number): boolean {
  return c === 0x09 || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
}

function trimHttpWhitespace(text: string, leading: boolean): string {
  let start = 0;
  let end = text.length;
  while (end > start && isHttpWhitespace(StringPrototypeCharCodeAt(text, end - 1))) end--;
  if (leading) {
    while (start < end && isHttpWhitespace(StringPrototypeCharCodeAt(text, start))) start++;
  }
  return StringPrototypeSlice(text, start, end);
}

/** Reads an HTTP quoted string at `input[position]` (a `"`): its value and where it ends. */
function collectQuotedString(input: string, position: number): { value: string; end: number } {
  let value = '';
  let at = position + 1;
  for (;;) {
    const start = at;
    while (at < input.length) {
      const c = StringPrototypeCharCodeAt(input, at);
      if (c === 0x22 || c === 0x5c) break;
      at++;
    }
    value += StringPrototypeSlice(input, start, at);
    if (at >= input.length) break;
    const c = StringPrototypeCharCodeAt(input, at);
    at++;
    if (c === 0x5c) {
      if (at >= input.length) {
        value += '\\';
        break;
      }
      value += StringPrototypeSlice(input, at, at + 1);
      at++;
    } else {
      break;
    }
  }
  return { value, end: at };
}

function indexOfCode(input: string, code: number, from: number): number {
  for (let i = from; i < input.length; i++) {
    if (StringPrototypeCharCodeAt(input, i) === code) return i;
  }
  return input.length;
}

/** Parses a MIME type (`text/html; charset="utf-8"`), or undefined on failure. */
export function parseMimeType(raw: string): MimeType | undefined {
  const input = trimHttpWhitespace(raw, true);
  const slash = indexOfCode(input, 0x2f, 0);
  const type = StringPrototypeSlice(input, 0, slash);
  if (!isToken(type) || slash >= input.length) return undefined;
  const semicolon = indexOfCode(input, 0x3b, slash + 1);
  const subtype = trimHttpWhitespace(StringPrototypeSlice(input, slash + 1, semicolon), false);
  if (!isToken(subtype)) return undefined;
  const parameters = new MapCtor<string, string>();
  let position = semicolon;
  while (position < input.length) {
    position++; // the ';'
    while (
      position < input.length &&
      isHttpWhitespace(StringPrototypeCharCodeAt(input, position))
    ) {
      position++;
    }
    let end = position;
    while (end < input.length) {
      const c = StringPrototypeCharCodeAt(input, end);
      if (c === 0x3b || c === 0x3d) break;
      end++;
    }
    const name = asciiLowercase(StringPrototypeSlice(input, position, end));
    position = end;
    if (position < input.length) {
      if (StringPrototypeCharCodeAt(input, position) === 0x3b) continue;
      position++; // the '='
    }
    if (position >= input.length) break;
    let value: string;
    if (StringPrototypeCharCodeAt(input, position) === 0x22) {
      const quoted = collectQuotedString(input, position);
      value = quoted.value;
      position = indexOfCode(input, 0x3b, quoted.end);
    } else {
      const stop = indexOfCode(input, 0x3b, position);
      value = trimHttpWhitespace(StringPrototypeSlice(input, position, stop), false);
      position = stop;
      if (value === '') continue;
    }
    if (isToken(name) && isQuotedStringValue(value) && !MapPrototypeHas(parameters, name)) {
      MapPrototypeSet(parameters, name, value);
    }
  }
  return { type: asciiLowercase(type), subtype: asciiLowercase(subtype), parameters };
}

function isQuotedStringValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (!isQuotedStringCode(StringPrototypeCharCodeAt(value, i))) return false;
  }
  return true;
}

/** `type/subtype;name=value...`, quoting values that are not tokens. */
export function serializeMimeType(mimeType: MimeType): string {
  let out = `${mimeType.type}/${mimeType.subtype}`;
  MapPrototypeForEach(mimeType.parameters, (value, name) => {
    let quoted = value.length === 0;
    for (let i = 0; i < value.length && !quoted; i++) {
      if (!isTokenCode(StringPrototypeCharCodeAt(value, i))) quoted = true;
    }
    if (!quoted) {
      out += `;${name}=${value}`;
      return;
    }
    let escaped = '';
    for (let i = 0; i < value.length; i++) {
      const c = StringPrototypeCharCodeAt(value, i);
      if (c === 0x22 || c === 0x5c) escaped += '\\';
      escaped += StringPrototypeSlice(value, i, i + 1);
    }
    out += `;${name}="${escaped}"`;
  });
  return out;
}

/** The Fetch Standard's "getting, decoding, and splitting": split at commas outside quotes. */
function splitHeaderValue(input: string): string[] {
  const values = createList<string>();
  let count = 0;
  let position = 0;
  let current = '';
  while (position < input.length) {
    let end = position;
    while (end < input.length) {
      const c = StringPrototypeCharCodeAt(input, end);
      if (c === 0x22 || c === 0x2c) break;
      end++;
    }
    current += StringPrototypeSlice(input, position, end);
    position = end;
    if (position < input.length) {
      if (StringPrototypeCharCodeAt(input, position) === 0x22) {
        const after = collectQuotedString(input, position).end;
        current += StringPrototypeSlice(input, position, after);
        position = after;
        if (position < input.length) continue;
      } else {
        position++; // the ','
      }
    }
    values[count++] = trimTabsAndSpaces(current);
    current = '';
  }
  return values;
}

function trimTabsAndSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  const blank = (c: number) => c === 0x09 || c === 0x20;
  while (end > start && blank(StringPrototypeCharCodeAt(text, end - 1))) end--;
  while (start < end && blank(StringPrototypeCharCodeAt(text, start))) start++;
  return StringPrototypeSlice(text, start, end);
}

/**
 * The MIME type of a `Content-Type` header value (the last valid one when several were
 * combined, keeping an earlier `charset` of the same essence), or undefined.
 */
export function extractMimeType(contentType: string | null): MimeType | undefined {
  if (contentType === null) return undefined;
  const values = splitHeaderValue(contentType);
  let result: MimeType | undefined;
  let essence: string | null = null;
  let charset: string | undefined;
  for (let i = 0; i < values.length; i++) {
    const parsed = parseMimeType(values[i] as string);
    if (parsed === undefined || (parsed.type === '*' && parsed.subtype === '*')) continue;
    result = parsed;
    const parsedEssence = `${parsed.type}/${parsed.subtype}`;
    if (parsedEssence !== essence) {
      charset = undefined;
      MapPrototypeForEach(parsed.parameters, (value, name) => {
        if (name === 'charset') charset = value;
      });
      essence = parsedEssence;
    } else if (!MapPrototypeHas(parsed.parameters, 'charset') && charset !== undefined) {
      MapPrototypeSet(parsed.parameters, 'charset', charset);
    }
  }
  return result;
}
