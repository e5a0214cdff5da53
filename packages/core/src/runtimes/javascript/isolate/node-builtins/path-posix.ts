import { invalidArgTypeError } from '../../../../sandbox-globals/node-errors';
import {
  MathMin,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
} from '../../../../sandbox-globals/primordials';
import { StringPrototypeLastIndexOf } from './builtin-primordials';

/** The sandbox program's working directory: relative paths resolve against it. */
export const workingDirectory = '/workspace';

const slash = 47; // '/'
const dot = 46; // '.'

function validateString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw invalidArgTypeError(name, 'of type string', value);
}

/** Resolves `.` and `..` segments of `path` (no leading slash handling), as Node's helper does. */
function normalizeString(path: string, allowAboveRoot: boolean): string {
  let result = '';
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let code = 0;
  for (let i = 0; i <= path.length; ++i) {
    if (i < path.length) code = StringPrototypeCharCodeAt(path, i);
    else if (code === slash) break;
    else code = slash;
    if (code === slash) {
      if (lastSlash === i - 1 || dots === 1) {
        // Empty segment or `.`: nothing to add.
      } else if (dots === 2) {
        if (
          result.length < 2 ||
          lastSegmentLength !== 2 ||
          StringPrototypeCharCodeAt(result, result.length - 1) !== dot ||
          StringPrototypeCharCodeAt(result, result.length - 2) !== dot
        ) {
          if (result.length > 2) {
            const lastSlashIndex = StringPrototypeLastIndexOf(result, '/');
            if (lastSlashIndex === -1) {
              result = '';
              lastSegmentLength = 0;
            } else {
              result = StringPrototypeSlice(result, 0, lastSlashIndex);
              lastSegmentLength = result.length - 1 - StringPrototypeLastIndexOf(result, '/');
            }
            lastSlash = i;
            dots = 0;
            continue;
          }
          if (result.length !== 0) {
            result = '';
            lastSegmentLength = 0;
            lastSlash = i;
            dots = 0;
            continue;
          }
        }
        if (allowAboveRoot) {
          result += result.length > 0 ? '/..' : '..';
          lastSegmentLength = 2;
        }
      } else {
        const segment = StringPrototypeSlice(path, lastSlash + 1, i);
        result = result.length > 0 ? `${result}/${segment}` : segment;
        lastSegmentLength = i - lastSlash - 1;
      }
      lastSlash = i;
      dots = 0;
    } else if (code === dot && dots !== -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return result;
}

/** What `path.parse` returns and `path.format` accepts. */
export interface ParsedPath {
  root: string;
  dir: string;
  base: string;
  ext: string;
  name: string;
}

/**
 * Node's `path.posix`, with `/workspace` as the working directory `resolve` starts from. The
 * sandbox's `path` and `node:path` modules are this object (`path.posix === path`).
 */
export interface PathModule {
  sep: '/';
  delimiter: ':';
  resolve(...paths: string[]): string;
  normalize(path: string): string;
  isAbsolute(path: string): boolean;
  join(...paths: string[]): string;
  relative(from: string, to: string): string;
  toNamespacedPath(path: string): string;
  dirname(path: string): string;
  basename(path: string, suffix?: string): string;
  extname(path: string): string;
  format(parsed: Partial<ParsedPath>): string;
  parse(path: string): ParsedPath;
  matchesGlob?: undefined;
  posix: PathModule;
  win32: undefined;
}

function resolve(...paths: string[]): string {
  let resolved = '';
  let absolute = false;
  for (let i = paths.length - 1; i >= -1 && !absolute; i--) {
    const path = i >= 0 ? paths[i] : workingDirectory;
    validateString(path, `paths[${i}]`);
    if (path.length === 0) continue;
    resolved = `${path}/${resolved}`;
    absolute = StringPrototypeCharCodeAt(path, 0) === slash;
  }
  resolved = normalizeString(resolved, !absolute);
  if (absolute) return `/${resolved}`;
  return resolved.length > 0 ? resolved : '.';
}

function normalize(path: string): string {
  validateString(path, 'path');
  if (path.length === 0) return '.';
  const absolute = StringPrototypeCharCodeAt(path, 0) === slash;
  const trailingSeparator = StringPrototypeCharCodeAt(path, path.length - 1) === slash;
  let normalized = normalizeString(path, !absolute);
  if (normalized.length === 0) {
    if (absolute) return '/';
    return trailingSeparator ? './' : '.';
  }
  if (trailingSeparator) normalized += '/';
  return absolute ? `/${normalized}` : normalized;
}

function isAbsolute(path: string): boolean {
  validateString(path, 'path');
  return path.length > 0 && StringPrototypeCharCodeAt(path, 0) === slash;
}

function join(...paths: string[]): string {
  if (paths.length === 0) return '.';
  let joined: string | undefined;
  for (let i = 0; i < paths.length; ++i) {
    const segment = paths[i];
    validateString(segment, 'path');
    if (segment.length > 0) joined = joined === undefined ? segment : `${joined}/${segment}`;
  }
  return joined === undefined ? '.' : normalize(joined);
}

function relative(from: string, to: string): string {
  validateString(from, 'from');
  validateString(to, 'to');
  if (from === to) return '';
  from = resolve(from);
  to = resolve(to);
  if (from === to) return '';
  const fromStart = 1;
  const fromEnd = from.length;
  const fromLength = fromEnd - fromStart;
  const toStart = 1;
  const toLength = to.length - toStart;
  const length = MathMin(fromLength, toLength);
  let lastCommonSeparator = -1;
  let i = 0;
  for (; i < length; i++) {
    const fromCode = StringPrototypeCharCodeAt(from, fromStart + i);
    if (fromCode !== StringPrototypeCharCodeAt(to, toStart + i)) break;
    if (fromCode === slash) lastCommonSeparator = i;
  }
  if (i === length) {
    if (toLength > length) {
      // `from` is a prefix folder of `to` (or the root).
      if (StringPrototypeCharCodeAt(to, toStart + i) === slash) {
        return StringPrototypeSlice(to, toStart + i + 1);
      }
      if (i === 0) return StringPrototypeSlice(to, toStart + i);
    } else if (fromLength > length) {
      if (StringPrototypeCharCodeAt(from, fromStart + i) === slash) lastCommonSeparator = i;
      else if (i === 0) lastCommonSeparator = 0;
    }
  }
  let out = '';
  for (i = fromStart + lastCommonSeparator + 1; i <= fromEnd; ++i) {
    if (i === fromEnd || StringPrototypeCharCodeAt(from, i) === slash) {
      out += out.length === 0 ? '..' : '/..';
    }
  }
  return `${out}${StringPrototypeSlice(to, toStart + lastCommonSeparator)}`;
}

function dirname(path: string): string {
  validateString(path, 'path');
  if (path.length === 0) return '.';
  const hasRoot = StringPrototypeCharCodeAt(path, 0) === slash;
  let end = -1;
  let matchedSlash = true;
  for (let i = path.length - 1; i >= 1; --i) {
    if (StringPrototypeCharCodeAt(path, i) === slash) {
      if (!matchedSlash) {
        end = i;
        break;
      }
    } else {
      matchedSlash = false;
    }
  }
  if (end === -1) return hasRoot ? '/' : '.';
  if (hasRoot && end === 1) return '//';
  return StringPrototypeSlice(path, 0, end);
}

function basename(path: string, suffix?: string): string {
  if (suffix !== undefined) validateString(suffix, 'suffix');
  validateString(path, 'path');
  let start = 0;
  let end = -1;
  let matchedSlash = true;
  if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
    if (suffix === path) return '';
    let suffixIndex = suffix.length - 1;
    let firstNonSlashEnd = -1;
    for (let i = path.length - 1; i >= 0; --i) {
      const code = StringPrototypeCharCodeAt(path, i);
      if (code === slash) {
        if (!matchedSlash) {
          start = i + 1;
          break;
        }
      } else {
        if (firstNonSlashEnd === -1) {
          matchedSlash = false;
          firstNonSlashEnd = i + 1;
        }
        if (suffixIndex >= 0) {
          if (code === StringPrototypeCharCodeAt(suffix, suffixIndex)) {
            if (--suffixIndex === -1) end = i;
          } else {
            suffixIndex = -1;
            end = firstNonSlashEnd;
          }
        }
      }
    }
    if (start === end) end = firstNonSlashEnd;
    else if (end === -1) end = path.length;
    return StringPrototypeSlice(path, start, end);
  }
  for (let i = path.length - 1; i >= 0; --i) {
    if (StringPrototypeCharCodeAt(path, i) === slash) {
      if (!matchedSlash) {
        start = i + 1;
        break;
      }
    } else if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
  }
  return end === -1 ? '' : StringPrototypeSlice(path, start, end);
}

/** Where the extension of `path[from, to)` starts (index of its dot), or -1. */
function extensionStart(
  path: string,
  from: number,
): { startDot: number; start: number; end: number } {
  let startDot = -1;
  let startPart = 0;
  let end = -1;
  let matchedSlash = true;
  // 0: nothing seen, 1: a non-dot character, -1: a dot after one.
  let preDotState = 0;
  for (let i = path.length - 1; i >= from; --i) {
    const code = StringPrototypeCharCodeAt(path, i);
    if (code === slash) {
      if (!matchedSlash) {
        startPart = i + 1;
        break;
      }
      continue;
    }
    if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
    if (code === dot) {
      if (startDot === -1) startDot = i;
      else if (preDotState !== 1) preDotState = 1;
    } else if (startDot !== -1) {
      preDotState = -1;
    }
  }
  if (
    startDot === -1 ||
    end === -1 ||
    preDotState === 0 ||
    (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)
  ) {
    return { startDot: -1, start: startPart, end };
  }
  return { startDot, start: startPart, end };
}

function extname(path: string): string {
  validateString(path, 'path');
  const { startDot, end } = extensionStart(path, 0);
  return startDot === -1 ? '' : StringPrototypeSlice(path, startDot, end);
}

function format(parsed: Partial<ParsedPath>): string {
  if (parsed === null || typeof parsed !== 'object') {
    throw invalidArgTypeError('pathObject', 'of type object', parsed);
  }
  const dir = parsed.dir || parsed.root;
  const base =
    parsed.base ||
    `${parsed.name || ''}${parsed.ext && StringPrototypeCharCodeAt(parsed.ext, 0) !== dot ? '.' : ''}${parsed.ext || ''}`;
  if (!dir) return base;
  return dir === parsed.root ? `${dir}${base}` : `${dir}/${base}`;
}

function parse(path: string): ParsedPath {
  validateString(path, 'path');
  const parsed: ParsedPath = { root: '', dir: '', base: '', ext: '', name: '' };
  if (path.length === 0) return parsed;
  const absolute = StringPrototypeCharCodeAt(path, 0) === slash;
  if (absolute) parsed.root = '/';
  const from = absolute ? 1 : 0;
  const { startDot, start, end } = extensionStart(path, from);
  if (end !== -1) {
    const partStart = start === 0 && absolute ? 1 : start;
    if (startDot === -1) {
      parsed.base = StringPrototypeSlice(path, partStart, end);
      parsed.name = parsed.base;
    } else {
      parsed.name = StringPrototypeSlice(path, partStart, startDot);
      parsed.base = StringPrototypeSlice(path, partStart, end);
      parsed.ext = StringPrototypeSlice(path, startDot, end);
    }
  }
  if (start > 0) parsed.dir = StringPrototypeSlice(path, 0, start - 1);
  else if (absolute) parsed.dir = '/';
  return parsed;
}

/** Builds the `path` module (one per context). */
export function createPathModule(): PathModule {
  const path = {
    sep: '/',
    delimiter: ':',
    resolve,
    normalize,
    isAbsolute,
    join,
    relative,
    toNamespacedPath: (value: string) => value,
    dirname,
    basename,
    extname,
    format,
    parse,
    win32: undefined,
  } as unknown as PathModule;
  path.posix = path;
  return path;
}
