import {
  createList,
  StringFromCodePoint,
  StringPrototypeCharCodeAt,
  StringPrototypeCodePointAt,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
} from '../primordials';
import { parseHost } from './host-parser';
import { EncodeSet, percentEncodeCodePoint, percentEncodeString } from './percent-encoding';
import { defaultPort, includesCredentials, isSpecialScheme, type UrlRecord } from './url-record';

/** Parser states (the URL Standard's names). Setters start from one of them ("state override"). */
export enum State {
  SchemeStart,
  Scheme,
  NoScheme,
  SpecialRelativeOrAuthority,
  PathOrAuthority,
  Relative,
  RelativeSlash,
  SpecialAuthoritySlashes,
  SpecialAuthorityIgnoreSlashes,
  Authority,
  Host,
  Hostname,
  Port,
  File,
  FileSlash,
  FileHost,
  PathStart,
  Path,
  OpaquePath,
  Query,
  Fragment,
}

const EOF = -1;

function isAsciiAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function toCodePoints(input: string): number[] {
  const out = createList<number>();
  for (let i = 0; i < input.length; i++) {
    const c = StringPrototypeCodePointAt(input, i) as number;
    out[out.length] = c;
    if (c > 0xffff) i++;
  }
  return out;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = StringPrototypeCharCodeAt(text, i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0)) count++;
    else {
      const previous = StringPrototypeCharCodeAt(text, i - 1);
      if (!(previous >= 0xd800 && previous <= 0xdbff)) count++;
    }
  }
  return count;
}

/** Removes leading/trailing C0 controls and spaces, and every tab and newline. */
function preprocess(input: string, trimControls: boolean): string {
  let start = 0;
  let end = input.length;
  if (trimControls) {
    while (start < end && StringPrototypeCharCodeAt(input, start) <= 0x20) start++;
    while (end > start && StringPrototypeCharCodeAt(input, end - 1) <= 0x20) end--;
  }
  let output = '';
  let runStart = start;
  for (let i = start; i < end; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) {
      output += StringPrototypeSlice(input, runStart, i);
      runStart = i + 1;
    }
  }
  return output + StringPrototypeSlice(input, runStart, end);
}

function isSingleDot(buffer: string): boolean {
  return buffer === '.' || StringPrototypeToLowerCase(buffer) === '%2e';
}

function isDoubleDot(buffer: string): boolean {
  const lower = StringPrototypeToLowerCase(buffer);
  return lower === '..' || lower === '%2e.' || lower === '.%2e' || lower === '%2e%2e';
}

function isWindowsDriveLetter(text: string, normalizedOnly: boolean): boolean {
  if (text.length !== 2 || !isAsciiAlpha(StringPrototypeCharCodeAt(text, 0))) return false;
  const second = StringPrototypeCharCodeAt(text, 1);
  return second === 0x3a || (!normalizedOnly && second === 0x7c);
}

function startsWithWindowsDriveLetter(input: number[], pointer: number): boolean {
  const remaining = input.length - pointer;
  if (remaining < 2) return false;
  const second = input[pointer + 1] as number;
  if (!isAsciiAlpha(input[pointer] as number) || (second !== 0x3a && second !== 0x7c)) return false;
  if (remaining === 2) return true;
  const third = input[pointer + 2] as number;
  return third === 0x2f || third === 0x5c || third === 0x3f || third === 0x23;
}

function shortenPath(url: UrlRecord): void {
  const path = url.path as string[];
  if (path.length === 0) return;
  if (url.scheme === 'file' && path.length === 1 && isWindowsDriveLetter(path[0] as string, true))
    return;
  path.length--;
}

function pushSegment(url: UrlRecord, segment: string): void {
  const path = url.path as string[];
  path[path.length] = segment;
}

function copyPath(path: string[] | string): string[] | string {
  if (typeof path === 'string') return path;
  const copy = createList<string>();
  for (let i = 0; i < path.length; i++) copy[i] = path[i] as string;
  return copy;
}

export function createEmptyUrlRecord(): UrlRecord {
  return {
    scheme: '',
    username: '',
    password: '',
    host: null,
    port: null,
    path: createList<string>(),
    query: null,
    fragment: null,
  };
}

/**
 * The URL Standard's basic URL parser (UTF-8 only). Without `url`, parses `input` (against `base`)
 * into a new record or returns undefined on failure. With `url` and `stateOverride` (the setters),
 * updates `url` in place and returns it, or undefined when the input was refused (the record may
 * then be partly changed only where the standard says so).
 */
export function parseUrl(
  rawInput: string,
  base: UrlRecord | null = null,
  target: UrlRecord | null = null,
  stateOverride: State | null = null,
): UrlRecord | undefined {
  const url = target ?? createEmptyUrlRecord();
  const input = toCodePoints(preprocess(rawInput, target === null));
  const length = input.length;
  let state = stateOverride ?? State.SchemeStart;
  let buffer = '';
  let atSignSeen = false;
  let insideBrackets = false;
  let passwordTokenSeen = false;
  let pointer = 0;

  const special = () => isSpecialScheme(url.scheme);

  for (; pointer <= length; pointer++) {
    const c = pointer < length ? (input[pointer] as number) : EOF;
    switch (state) {
      case State.SchemeStart:
        if (isAsciiAlpha(c)) {
          buffer += StringFromCodePoint(c | 0x20);
          state = State.Scheme;
        } else if (stateOverride === null) {
          state = State.NoScheme;
          pointer--;
        } else {
          return undefined;
        }
        break;

      case State.Scheme:
        if (isAsciiAlpha(c) || isAsciiDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) {
          buffer += StringFromCodePoint(isAsciiAlpha(c) ? c | 0x20 : c);
        } else if (c === 0x3a) {
          if (stateOverride !== null) {
            if (special() !== isSpecialScheme(buffer)) return url;
            if ((includesCredentials(url) || url.port !== null) && buffer === 'file') return url;
            if (url.scheme === 'file' && url.host === '') return url;
          }
          url.scheme = buffer;
          if (stateOverride !== null) {
            if (url.port === defaultPort(url.scheme)) url.port = null;
            return url;
          }
          buffer = '';
          if (url.scheme === 'file') {
            state = State.File;
          } else if (special() && base !== null && base.scheme === url.scheme) {
            state = State.SpecialRelativeOrAuthority;
          } else if (special()) {
            state = State.SpecialAuthoritySlashes;
          } else if (input[pointer + 1] === 0x2f) {
            state = State.PathOrAuthority;
            pointer++;
          } else {
            url.path = '';
            state = State.OpaquePath;
          }
        } else if (stateOverride === null) {
          buffer = '';
          state = State.NoScheme;
          pointer = -1;
        } else {
          return undefined;
        }
        break;

      case State.NoScheme:
        if (base === null || (typeof base.path === 'string' && c !== 0x23)) {
          return undefined;
        } else if (typeof base.path === 'string' && c === 0x23) {
          url.scheme = base.scheme;
          url.path = base.path;
          url.query = base.query;
          url.fragment = '';
          state = State.Fragment;
        } else if (base.scheme === 'file') {
          state = State.File;
          pointer--;
        } else {
          state = State.Relative;
          pointer--;
        }
        break;

      case State.SpecialRelativeOrAuthority:
        if (c === 0x2f && input[pointer + 1] === 0x2f) {
          state = State.SpecialAuthorityIgnoreSlashes;
          pointer++;
        } else {
          state = State.Relative;
          pointer--;
        }
        break;

      case State.PathOrAuthority:
        if (c === 0x2f) {
          state = State.Authority;
        } else {
          state = State.Path;
          pointer--;
        }
        break;

      case State.Relative: {
        const from = base as UrlRecord;
        url.scheme = from.scheme;
        if (c === 0x2f || (special() && c === 0x5c)) {
          state = State.RelativeSlash;
        } else {
          url.username = from.username;
          url.password = from.password;
          url.host = from.host;
          url.port = from.port;
          url.path = copyPath(from.path);
          url.query = from.query;
          if (c === 0x3f) {
            url.query = '';
            state = State.Query;
          } else if (c === 0x23) {
            url.fragment = '';
            state = State.Fragment;
          } else if (c !== EOF) {
            url.query = null;
            const path = url.path as string[];
            if (path.length > 0) path.length--;
            state = State.Path;
            pointer--;
          }
        }
        break;
      }

      case State.RelativeSlash: {
        const from = base as UrlRecord;
        if (special() && (c === 0x2f || c === 0x5c)) {
          state = State.SpecialAuthorityIgnoreSlashes;
        } else if (c === 0x2f) {
          state = State.Authority;
        } else {
          url.username = from.username;
          url.password = from.password;
          url.host = from.host;
          url.port = from.port;
          state = State.Path;
          pointer--;
        }
        break;
      }

      case State.SpecialAuthoritySlashes:
        if (c === 0x2f && input[pointer + 1] === 0x2f) {
          state = State.SpecialAuthorityIgnoreSlashes;
          pointer++;
        } else {
          state = State.SpecialAuthorityIgnoreSlashes;
          pointer--;
        }
        break;

      case State.SpecialAuthorityIgnoreSlashes:
        if (c !== 0x2f && c !== 0x5c) {
          state = State.Authority;
          pointer--;
        }
        break;

      case State.Authority:
        if (c === 0x40) {
          if (atSignSeen) buffer = `%40${buffer}`;
          atSignSeen = true;
          const codePoints = toCodePoints(buffer);
          for (let i = 0; i < codePoints.length; i++) {
            const codePoint = codePoints[i] as number;
            if (codePoint === 0x3a && !passwordTokenSeen) {
              passwordTokenSeen = true;
              continue;
            }
            const encoded = percentEncodeCodePoint(codePoint, EncodeSet.Userinfo);
            if (passwordTokenSeen) url.password += encoded;
            else url.username += encoded;
          }
          buffer = '';
        } else if (
          c === EOF ||
          c === 0x2f ||
          c === 0x3f ||
          c === 0x23 ||
          (special() && c === 0x5c)
        ) {
          if (atSignSeen && buffer === '') return undefined;
          pointer -= countCodePoints(buffer) + 1;
          buffer = '';
          state = State.Host;
        } else {
          buffer += StringFromCodePoint(c);
        }
        break;

      case State.Host:
      case State.Hostname:
        if (stateOverride !== null && url.scheme === 'file') {
          pointer--;
          state = State.FileHost;
        } else if (c === 0x3a && !insideBrackets) {
          if (buffer === '') return undefined;
          if (stateOverride === State.Hostname) return undefined;
          const host = parseHost(buffer, !special());
          if (host === undefined) return undefined;
          url.host = host;
          buffer = '';
          state = State.Port;
        } else if (
          c === EOF ||
          c === 0x2f ||
          c === 0x3f ||
          c === 0x23 ||
          (special() && c === 0x5c)
        ) {
          pointer--;
          if (special() && buffer === '') return undefined;
          if (
            stateOverride !== null &&
            buffer === '' &&
            (includesCredentials(url) || url.port !== null)
          ) {
            return undefined;
          }
          const host = parseHost(buffer, !special());
          if (host === undefined) return undefined;
          url.host = host;
          buffer = '';
          state = State.PathStart;
          if (stateOverride !== null) return url;
        } else {
          if (c === 0x5b) insideBrackets = true;
          else if (c === 0x5d) insideBrackets = false;
          buffer += StringFromCodePoint(c);
        }
        break;

      case State.Port:
        if (isAsciiDigit(c)) {
          buffer += StringFromCodePoint(c);
        } else if (
          c === EOF ||
          c === 0x2f ||
          c === 0x3f ||
          c === 0x23 ||
          (special() && c === 0x5c) ||
          stateOverride !== null
        ) {
          if (buffer !== '') {
            let port = 0;
            for (let i = 0; i < buffer.length; i++) {
              port = port * 10 + (StringPrototypeCharCodeAt(buffer, i) - 0x30);
              if (port > 65535) return undefined;
            }
            url.port = port === defaultPort(url.scheme) ? null : port;
            buffer = '';
            if (stateOverride !== null) return url;
          }
          if (stateOverride !== null) return undefined;
          state = State.PathStart;
          pointer--;
        } else {
          return undefined;
        }
        break;

      case State.File:
        url.scheme = 'file';
        url.host = '';
        if (c === 0x2f || c === 0x5c) {
          state = State.FileSlash;
        } else if (base !== null && base.scheme === 'file') {
          url.host = base.host;
          url.path = copyPath(base.path);
          url.query = base.query;
          if (c === 0x3f) {
            url.query = '';
            state = State.Query;
          } else if (c === 0x23) {
            url.fragment = '';
            state = State.Fragment;
          } else if (c !== EOF) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(input, pointer)) shortenPath(url);
            else url.path = createList<string>();
            state = State.Path;
            pointer--;
          }
        } else {
          state = State.Path;
          pointer--;
        }
        break;

      case State.FileSlash:
        if (c === 0x2f || c === 0x5c) {
          state = State.FileHost;
        } else {
          if (base !== null && base.scheme === 'file') {
            const basePath = base.path;
            if (
              !startsWithWindowsDriveLetter(input, pointer) &&
              typeof basePath !== 'string' &&
              basePath.length > 0 &&
              isWindowsDriveLetter(basePath[0] as string, true)
            ) {
              pushSegment(url, basePath[0] as string);
            }
            url.host = base.host;
          }
          state = State.Path;
          pointer--;
        }
        break;

      case State.FileHost:
        if (c === EOF || c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) {
          pointer--;
          if (stateOverride === null && isWindowsDriveLetter(buffer, false)) {
            state = State.Path;
          } else if (buffer === '') {
            url.host = '';
            if (stateOverride !== null) return url;
            state = State.PathStart;
          } else {
            let host = parseHost(buffer, !special());
            if (host === undefined) return undefined;
            if (host === 'localhost') host = '';
            url.host = host;
            if (stateOverride !== null) return url;
            buffer = '';
            state = State.PathStart;
          }
        } else {
          buffer += StringFromCodePoint(c);
        }
        break;

      case State.PathStart:
        if (special()) {
          state = State.Path;
          if (c !== 0x2f && c !== 0x5c) pointer--;
        } else if (stateOverride === null && c === 0x3f) {
          url.query = '';
          state = State.Query;
        } else if (stateOverride === null && c === 0x23) {
          url.fragment = '';
          state = State.Fragment;
        } else if (c !== EOF) {
          state = State.Path;
          if (c !== 0x2f) pointer--;
        } else if (stateOverride !== null && url.host === null) {
          pushSegment(url, '');
        }
        break;

      case State.Path: {
        const slash = c === 0x2f || (special() && c === 0x5c);
        if (c === EOF || slash || (stateOverride === null && (c === 0x3f || c === 0x23))) {
          if (isDoubleDot(buffer)) {
            shortenPath(url);
            if (!slash) pushSegment(url, '');
          } else if (isSingleDot(buffer) && !slash) {
            pushSegment(url, '');
          } else if (!isSingleDot(buffer)) {
            if (
              url.scheme === 'file' &&
              (url.path as string[]).length === 0 &&
              isWindowsDriveLetter(buffer, false)
            ) {
              buffer = `${StringPrototypeSlice(buffer, 0, 1)}:`;
            }
            pushSegment(url, buffer);
          }
          buffer = '';
          if (c === 0x3f) {
            url.query = '';
            state = State.Query;
          }
          if (c === 0x23) {
            url.fragment = '';
            state = State.Fragment;
          }
        } else {
          buffer += percentEncodeCodePoint(c, EncodeSet.Path);
        }
        break;
      }

      case State.OpaquePath:
        if (c === 0x3f) {
          url.query = '';
          state = State.Query;
        } else if (c === 0x23) {
          url.fragment = '';
          state = State.Fragment;
        } else if (c === 0x20) {
          const next = input[pointer + 1];
          url.path = `${url.path as string}${next === 0x3f || next === 0x23 ? '%20' : ' '}`;
        } else if (c !== EOF) {
          url.path = (url.path as string) + percentEncodeCodePoint(c, EncodeSet.C0Control);
        }
        break;

      case State.Query:
        if ((stateOverride === null && c === 0x23) || c === EOF) {
          url.query =
            (url.query ?? '') +
            percentEncodeString(buffer, special() ? EncodeSet.SpecialQuery : EncodeSet.Query);
          buffer = '';
          if (c === 0x23) {
            url.fragment = '';
            state = State.Fragment;
          }
        } else if (c !== EOF) {
          buffer += StringFromCodePoint(c);
        }
        break;

      case State.Fragment:
        if (c !== EOF)
          url.fragment = (url.fragment ?? '') + percentEncodeCodePoint(c, EncodeSet.Fragment);
        break;
    }
  }
  return url;
}
