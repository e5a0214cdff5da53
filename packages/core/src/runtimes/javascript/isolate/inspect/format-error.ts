/**
 * Errors as `util.inspect` prints them: the stack (whatever the engine or the program put there),
 * the constructor name worked in when it differs, `[cause]`, `[errors]`, extra own properties,
 * and repeated stack frames collapsed.
 */
import { getPrefix } from './constructor-name';
import { formatValue } from './format-value';
import type { InspectContext } from './inspect-options';
import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeIndexOf,
  ArrayPrototypePop,
  ArrayPrototypePush,
  ArrayPrototypeSplice,
  ErrorPrototypeToString,
  type Loose,
  ObjectPrototypeHasOwnProperty,
  ObjectPrototypeToString,
  RegExpPrototypeExec,
  StringPrototypeEndsWith,
  StringPrototypeIncludes,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
} from './primordials';
import { getDuplicateErrorFrameRanges, identicalSequenceRange } from './stack-frames';
import { indentNewlines, join, splitString } from './string-utils';
import { isError } from './type-checks';

function getStackString(ctx: InspectContext, error: Loose): string {
  let stack: unknown;
  try {
    stack = error.stack;
  } catch {
    // A `stack` getter that throws is ignored.
  }
  if (stack) {
    if (typeof stack === 'string') return stack;
    ArrayPrototypePush(ctx.seen, error);
    ctx.indentationLvl += 4;
    // Node passes no recursion depth here (so this nested value is never cut off by `depth`).
    const result = formatValue(ctx, stack, undefined as unknown as number);
    ctx.indentationLvl -= 4;
    ArrayPrototypePop(ctx.seen);
    return `${ErrorPrototypeToString(error)}\n    ${result}`;
  }
  return ErrorPrototypeToString(error);
}

function getStackFrames(ctx: InspectContext, err: Loose, stack: string): string[] {
  const frames = splitString(stack, '\n');
  let cause: unknown;
  try {
    cause = err.cause;
  } catch {
    // A `cause` getter that throws is ignored.
  }
  // Remove stack frames identical to frames in cause.
  if (cause != null && isError(cause)) {
    const causeStack = getStackString(ctx, cause);
    const causeStackStart = StringPrototypeIndexOf(causeStack, '\n    at');
    if (causeStackStart !== -1) {
      const causeFrames = splitString(StringPrototypeSlice(causeStack, causeStackStart + 1), '\n');
      const range = identicalSequenceRange(frames, causeFrames);
      const len = range[0];
      const offset = range[1];
      if (len > 0) {
        const skipped = len - 2;
        const msg = `    ... ${skipped} lines matching cause stack trace ...`;
        ArrayPrototypeSplice(frames, offset + 1, skipped, ctx.stylize(msg, 'undefined'));
      }
    }
  }
  // Remove recursive repetitive stack frames in long stacks.
  if (frames.length > 10) {
    const ranges = getDuplicateErrorFrameRanges(frames);
    for (let i = ranges.length - 3; i >= 0; i -= 3) {
      const offset = ranges[i] as number;
      const length = ranges[i + 1] as number;
      const duplicateRanges = ranges[i + 2] as number;
      const msg =
        `    ... collapsed ${length * duplicateRanges} duplicate lines matching above ` +
        (duplicateRanges > 1 ? `${length} lines ${duplicateRanges} times...` : 'lines ...');
      ArrayPrototypeSplice(frames, offset, length * duplicateRanges, ctx.stylize(msg, 'undefined'));
    }
  }
  return frames;
}

function replaceFirst(str: string, search: string, replacement: string): string {
  const index = StringPrototypeIndexOf(str, search);
  if (index === -1) return str;
  return (
    StringPrototypeSlice(str, 0, index) +
    replacement +
    StringPrototypeSlice(str, index + search.length)
  );
}

function improveStack(stack: string, ctorName: string | null, name: Loose, tag: string): string {
  // A stack trace may contain arbitrary data. Only manipulate "regular errors".
  let len = name.length;
  let result = stack;
  if (typeof name !== 'string') {
    result = replaceFirst(
      result,
      `${name}`,
      `${name} [${StringPrototypeSlice(getPrefix(ctorName, tag, 'Error'), 0, -1)}]`,
    );
  }
  if (
    ctorName === null ||
    (StringPrototypeEndsWith(name, 'Error') &&
      StringPrototypeStartsWith(result, name) &&
      (result.length === len || result[len] === ':' || result[len] === '\n'))
  ) {
    let fallback = 'Error';
    if (ctorName === null) {
      const start =
        RegExpPrototypeExec(/^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/, result) ||
        RegExpPrototypeExec(/^([a-z_A-Z0-9-]*Error)$/, result);
      fallback = start?.[1] || '';
      len = fallback.length;
      fallback ||= 'Error';
    }
    const prefix = StringPrototypeSlice(getPrefix(ctorName, tag, fallback), 0, -1);
    if (name !== prefix) {
      if (StringPrototypeIncludes(prefix, name)) {
        if (len === 0) result = `${prefix}: ${result}`;
        else result = `${prefix}${StringPrototypeSlice(result, len)}`;
      } else {
        result = `${prefix} [${name}]${StringPrototypeSlice(result, len)}`;
      }
    }
  }
  return result;
}

/** Underlines the package name after `node_modules/` (colors only). */
function markNodeModules(ctx: InspectContext, line: string): string {
  let tempLine = '';
  let lastPos = 0;
  let searchFrom = 0;
  while (true) {
    const nodeModulePosition = StringPrototypeIndexOf(line, 'node_modules', searchFrom);
    if (nodeModulePosition === -1) break;
    const separator = line[nodeModulePosition - 1] as string;
    const after = line[nodeModulePosition + 12];
    if ((after !== '/' && after !== '\\') || (separator !== '/' && separator !== '\\')) {
      searchFrom = nodeModulePosition + 1;
      continue;
    }
    const moduleStart = nodeModulePosition + 13;
    tempLine += StringPrototypeSlice(line, lastPos, moduleStart);
    let moduleEnd = StringPrototypeIndexOf(line, separator, moduleStart);
    if (moduleEnd === -1) {
      moduleEnd = line.length;
    } else if (line[moduleStart] === '@') {
      moduleEnd = StringPrototypeIndexOf(line, separator, moduleEnd + 1);
      if (moduleEnd === -1) moduleEnd = line.length;
    }
    tempLine += ctx.stylize(StringPrototypeSlice(line, moduleStart, moduleEnd), 'module');
    lastPos = moduleEnd;
    searchFrom = moduleEnd;
  }
  if (lastPos !== 0) return tempLine + StringPrototypeSlice(line, lastPos);
  return line;
}

/**
 * Node's `formatError`. With colors, Node also greys out `node:` core frames and the working
 * directory; neither exists in an isolate, so only `node_modules` names are highlighted.
 */
export function formatError(
  err: Loose,
  ctorName: string | null,
  tag: string,
  ctx: InspectContext,
  keys: (string | symbol)[],
): string {
  let message: Loose;
  let name: Loose;
  let stack: string;
  try {
    stack = getStackString(ctx, err);
  } catch {
    return ObjectPrototypeToString(err);
  }
  let messageIsGetterThatThrows = false;
  try {
    message = err.message;
  } catch {
    messageIsGetterThatThrows = true;
  }
  let nameIsGetterThatThrows = false;
  try {
    name = err.name;
  } catch {
    nameIsGetterThatThrows = true;
  }

  if (!ctx.showHidden && keys.length !== 0) {
    const stackIndex = ArrayPrototypeIndexOf(keys, 'stack');
    if (stackIndex !== -1) ArrayPrototypeSplice(keys, stackIndex, 1);
    if (!messageIsGetterThatThrows) {
      const index = ArrayPrototypeIndexOf(keys, 'message');
      // Only hide the property if it's a string and if it's part of the original stack.
      if (
        index !== -1 &&
        (typeof message !== 'string' || StringPrototypeIncludes(stack, message))
      ) {
        ArrayPrototypeSplice(keys, index, 1);
      }
    }
    if (!nameIsGetterThatThrows) {
      const index = ArrayPrototypeIndexOf(keys, 'name');
      if (index !== -1 && (typeof name !== 'string' || StringPrototypeIncludes(stack, name))) {
        ArrayPrototypeSplice(keys, index, 1);
      }
    }
  }
  name ??= 'Error';

  if (
    ObjectPrototypeHasOwnProperty(err, 'cause') &&
    (keys.length === 0 || !ArrayPrototypeIncludes(keys, 'cause'))
  ) {
    ArrayPrototypePush(keys, 'cause');
  }
  // Print errors aggregated into AggregateError.
  try {
    const errors = err.errors;
    if (
      ArrayIsArray(errors) &&
      ObjectPrototypeHasOwnProperty(err, 'errors') &&
      (keys.length === 0 || !ArrayPrototypeIncludes(keys, 'errors'))
    ) {
      ArrayPrototypePush(keys, 'errors');
    }
  } catch {
    // An `errors` getter that throws is ignored.
  }

  stack = improveStack(stack, ctorName, name, tag);

  // Ignore the error message if it's contained in the stack.
  let pos = (message && StringPrototypeIndexOf(stack, message)) || -1;
  if (pos !== -1) pos += message.length;
  // Wrap the error in brackets in case it has no stack trace.
  const stackStart = StringPrototypeIndexOf(stack, '\n    at', pos);
  if (stackStart === -1) {
    stack = `[${stack}]`;
  } else {
    let newStack = StringPrototypeSlice(stack, 0, stackStart);
    const lines = getStackFrames(ctx, err, StringPrototypeSlice(stack, stackStart + 1));
    if (ctx.colors) {
      for (let i = 0; i < lines.length; i++) {
        newStack += `\n${markNodeModules(ctx, lines[i] as string)}`;
      }
    } else {
      newStack += `\n${join(lines, '\n')}`;
    }
    stack = newStack;
  }
  // The message and the stack have to be indented as well.
  if (ctx.indentationLvl !== 0) stack = indentNewlines(stack, ctx.indentationLvl);
  return stack;
}
