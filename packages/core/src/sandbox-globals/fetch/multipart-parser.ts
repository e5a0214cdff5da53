/**
 * `multipart/form-data` as undici reads it (`formData()`), after the multipart/form-data spec
 * draft undici follows.
 */
import {
  createList,
  MathMax,
  MathMin,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeSlice,
  TypedArrayPrototypeSubarray,
  TypeErrorCtor,
} from '../primordials';
import { utf8DecodeWithoutBOM, utf8Encode } from '../utf8';
import { decodeBase64 } from './base64-bytes';
import { normalizeType } from './blob';
import { DateNow, DecodeURIComponent } from './fetch-intrinsics';
import { type File, fileInternals } from './file';
import type { FormDataEntry } from './form-data';
import { asciiLowercase, isToken, isTokenCode } from './header-values';

function parsingError(detail: string): TypeError {
  return new TypeErrorCtor('Failed to parse body as FormData.', {
    cause: new TypeErrorCtor(detail),
  });
}

/** Index of `needle` in `input` from `from`, or -1. */
function indexOfBytes(input: Uint8Array, needle: Uint8Array, from: number): number {
  const n = TypedArrayPrototypeGetLength(needle);
  const last = TypedArrayPrototypeGetLength(input) - n;
  outer: for (let i = from; i <= last; i++) {
    for (let j = 0; j < n; j++) if (input[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += StringFromCharCode(bytes[i] as number);
  return out;
}

/** A reader over the body: `at` moves forward as parts are read. */
interface Cursor {
  input: Uint8Array;
  at: number;
  length: number;
}

function collect(cursor: Cursor, keep: (c: number) => boolean): { start: number; end: number } {
  const start = cursor.at;
  while (cursor.at < cursor.length && keep(cursor.input[cursor.at] as number)) cursor.at++;
  return { start, end: cursor.at };
}

const isBlank = (c: number) => c === 0x20 || c === 0x09;

function expectCrlf(cursor: Cursor): void {
  if (cursor.input[cursor.at] !== 0x0d || cursor.input[cursor.at + 1] !== 0x0a) {
    throw parsingError('expected CRLF');
  }
  cursor.at += 2;
}

/** `%0A`, `%0D` (any case) and `%22` back to LF, CR and `"`. */
function unescapeQuoted(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (StringPrototypeCharCodeAt(text, i) === 0x25 && i + 2 < text.length) {
      const code = asciiLowercase(StringPrototypeSlice(text, i + 1, i + 3));
      const replacement = code === '0a' ? '\n' : code === '0d' ? '\r' : code === '22' ? '"' : '';
      if (replacement !== '') {
        out += replacement;
        i += 2;
        continue;
      }
    }
    out += StringPrototypeSlice(text, i, i + 1);
  }
  return out;
}

/** One `name=value` (or `name*=utf-8''value`) of a Content-Disposition, or null at the end. */
function readAttribute(cursor: Cursor): { name: string; value: string; extended: boolean } | null {
  const input = cursor.input;
  if (input[cursor.at] === 0x3b) cursor.at++;
  collect(cursor, isBlank);
  const nameRange = collect(cursor, (c) => isTokenCode(c) && c !== 0x3d && c !== 0x2a);
  if (nameRange.end === nameRange.start) return null;
  const name = asciiLowercase(latin1(input, nameRange.start, nameRange.end));
  const extended = input[cursor.at] === 0x2a;
  if (extended) cursor.at++;
  if (input[cursor.at] !== 0x3d) return null;
  cursor.at++;
  collect(cursor, isBlank);
  let value: string;
  if (extended) {
    const range = collect(cursor, (c) => c !== 0x20 && c !== 0x0d && c !== 0x0a && c !== 0x3b);
    const prefix = asciiLowercase(latin1(input, range.start, MathMin(range.start + 5, range.end)));
    if (prefix !== 'utf-8') throw parsingError("unknown encoding, expected utf-8''");
    value = DecodeURIComponent(
      utf8DecodeWithoutBOM(TypedArrayPrototypeSubarray(input, range.start + 7, range.end)),
    );
  } else if (input[cursor.at] === 0x22) {
    cursor.at++;
    const range = collect(cursor, (c) => c !== 0x0a && c !== 0x0d && c !== 0x22);
    if (input[cursor.at] !== 0x22) throw parsingError('Closing quote not found');
    cursor.at++;
    value = unescapeQuoted(
      utf8DecodeWithoutBOM(TypedArrayPrototypeSubarray(input, range.start, range.end)),
    );
  } else {
    const range = collect(cursor, (c) => isTokenCode(c) && c !== 0x3b);
    value = utf8DecodeWithoutBOM(TypedArrayPrototypeSubarray(input, range.start, range.end));
  }
  return { name, value, extended };
}

interface PartHeaders {
  name: string | null;
  filename: string | null;
  contentType: string | null;
  encoding: string | null;
}

function readPartHeaders(cursor: Cursor): PartHeaders {
  const input = cursor.input;
  const headers: PartHeaders = { name: null, filename: null, contentType: null, encoding: null };
  for (;;) {
    if (input[cursor.at] === 0x0d && input[cursor.at + 1] === 0x0a) {
      if (headers.name === null) throw parsingError('header name is null');
      return headers;
    }
    const range = collect(cursor, (c) => c !== 0x0a && c !== 0x0d && c !== 0x3a);
    let start = range.start;
    let end = range.end;
    while (start < end && isBlank(input[start] as number)) start++;
    while (end > start && isBlank(input[end - 1] as number)) end--;
    const headerName = latin1(input, start, end);
    if (!isToken(headerName)) {
      throw parsingError('header name does not match the field-name token production');
    }
    if (input[cursor.at] !== 0x3a) throw parsingError('expected :');
    cursor.at++;
    collect(cursor, isBlank);
    const lower = asciiLowercase(headerName);
    if (lower === 'content-disposition') {
      headers.name = null;
      headers.filename = null;
      let filenameIsExtended = false;
      const typeRange = collect(cursor, isTokenCode);
      if (asciiLowercase(latin1(input, typeRange.start, typeRange.end)) !== 'form-data') {
        throw parsingError('expected form-data for content-disposition header');
      }
      while (
        cursor.at < cursor.length &&
        (input[cursor.at] !== 0x0d || input[cursor.at + 1] !== 0x0a)
      ) {
        const attribute = readAttribute(cursor);
        if (attribute === null) break;
        if (attribute.name === 'name') {
          headers.name = attribute.value;
        } else if (attribute.name === 'filename') {
          if (attribute.extended) {
            headers.filename = attribute.value;
            filenameIsExtended = true;
          } else if (!filenameIsExtended) {
            headers.filename = attribute.value;
          }
        }
      }
      if (headers.name === null) {
        throw parsingError('name attribute is required in content-disposition header');
      }
    } else {
      const valueRange = collect(cursor, (c) => c !== 0x0a && c !== 0x0d);
      let valueEnd = valueRange.end;
      while (valueEnd > valueRange.start && isBlank(input[valueEnd - 1] as number)) valueEnd--;
      if (lower === 'content-type') headers.contentType = latin1(input, valueRange.start, valueEnd);
      else if (lower === 'content-transfer-encoding') {
        headers.encoding = latin1(input, valueRange.start, valueEnd);
      }
    }
    expectCrlf(cursor);
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (StringPrototypeCharCodeAt(text, i) > 0x7f) return false;
  return true;
}

/** Parses a `multipart/form-data` body with the given boundary into form entries. */
export function parseMultipart(
  input: Uint8Array,
  boundaryText: string | undefined,
): FormDataEntry[] {
  if (boundaryText === undefined) throw parsingError('missing boundary in content-type header');
  const boundary = utf8Encode(`--${boundaryText}`);
  const bare = TypedArrayPrototypeSubarray(boundary, 2);
  const boundaryLength = TypedArrayPrototypeGetLength(boundary);
  const cursor: Cursor = { input, at: 0, length: TypedArrayPrototypeGetLength(input) };
  const entries = createList<FormDataEntry>();
  const first = indexOfBytes(input, boundary, 0);
  if (first === -1) throw parsingError('no boundary found in multipart body');
  cursor.at = first;
  for (;;) {
    if (
      indexOfBytes(
        TypedArrayPrototypeSubarray(input, cursor.at, cursor.at + boundaryLength),
        boundary,
        0,
      ) === 0
    ) {
      cursor.at += boundaryLength;
    } else {
      throw parsingError('expected a value starting with -- and the boundary');
    }
    if (input[cursor.at] === 0x2d && input[cursor.at + 1] === 0x2d) return entries;
    expectCrlf(cursor);
    const headers = readPartHeaders(cursor);
    cursor.at += 2;
    const boundaryIndex = indexOfBytes(input, bare, cursor.at);
    if (boundaryIndex === -1) throw parsingError('expected boundary after body');
    const bodyEnd = boundaryIndex - 4;
    let body = TypedArrayPrototypeSubarray(input, cursor.at, MathMax(bodyEnd, cursor.at));
    cursor.at += TypedArrayPrototypeGetLength(body);
    if (headers.encoding === 'base64') {
      let compact = '';
      const text = latin1(body, 0, TypedArrayPrototypeGetLength(body));
      for (let i = 0; i < text.length; i++) {
        const c = StringPrototypeCharCodeAt(text, i);
        if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) compact += StringFromCharCode(c);
      }
      const decoded = decodeBase64(compact);
      if (decoded === undefined) throw parsingError('invalid base64 body');
      body = decoded;
    }
    expectCrlf(cursor);
    const name = headers.name as string;
    let value: string | File;
    if (headers.filename !== null) {
      let contentType = headers.contentType ?? 'text/plain';
      if (!isAscii(contentType)) contentType = '';
      value = fileInternals.create(
        TypedArrayPrototypeSlice(body),
        headers.filename,
        normalizeType(contentType),
        DateNow(),
      );
    } else {
      value = utf8DecodeWithoutBOM(body);
    }
    const entry = createList<unknown>() as unknown as FormDataEntry;
    entry[0] = name;
    entry[1] = value;
    entries[entries.length] = entry;
  }
}
