/** What the host is told about an uncaught error of the user's program. */
export interface ThrownValueDescription {
  name: string;
  message: string;
  line?: number;
  column?: number;
  stack?: string;
}

/** File name the user's code is compiled under; stack frames in it are the user's own. */
export const userFilePattern = /\bcell\.(?:js|ts)\b/;
const userFramePosition = /\bcell\.(?:js|ts):(\d+):(\d+)/;
const stackFrameLine = /^\s+at /;
const framePosition = /\b(cell\.(?:js|ts)):(\d+):(\d+)/g;

const ObjectPrototypeToString = Object.prototype.toString;
const StringPrototypeSplit = String.prototype.split;
const StringPrototypeReplace = String.prototype.replace;
const ArrayPrototypeFilter = Array.prototype.filter;
const ArrayPrototypeJoin = Array.prototype.join;
const RegExpPrototypeExec = RegExp.prototype.exec;
const RegExpPrototypeTest = RegExp.prototype.test;
const apply = Reflect.apply;

/** Reads a property without letting a throwing getter or Proxy trap escape. */
function safeGet(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function isErrorLike(value: unknown): value is object {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  try {
    return value instanceof Error || apply(ObjectPrototypeToString, value, []) === '[object Error]';
  } catch {
    return false;
  }
}

/**
 * Turns whatever the program threw (Error, string, null, Symbol, a Proxy with hostile traps) into
 * plain strings and numbers, with the stack trimmed to frames in the user's code.
 * `render` formats non-Error values the way Node would print them.
 */
export function describeThrownValue(
  thrown: unknown,
  render: (value: unknown) => string,
  columnShifts: ReadonlyArray<readonly [number, number, number]>,
): ThrownValueDescription {
  const userColumn = (line: number, column: number) => correctColumn(columnShifts, line, column);
  if (!isErrorLike(thrown)) {
    let message: string;
    try {
      message = render(thrown);
    } catch {
      message = '[a value that could not be printed]';
    }
    return { name: 'Uncaught', message };
  }
  const rawName = safeGet(thrown, 'name');
  const rawMessage = safeGet(thrown, 'message');
  const rawStack = safeGet(thrown, 'stack');
  const name = typeof rawName === 'string' && rawName ? rawName : 'Error';
  const message = typeof rawMessage === 'string' ? rawMessage : '';
  const description: ThrownValueDescription = { name, message };
  if (typeof rawStack === 'string') {
    const lines = apply(StringPrototypeSplit, rawStack, ['\n']) as string[];
    const kept = apply(ArrayPrototypeFilter, lines, [
      (line: string) =>
        !apply(RegExpPrototypeTest, stackFrameLine, [line]) ||
        apply(RegExpPrototypeTest, userFilePattern, [line]),
    ]) as string[];
    // Columns include text the REPL rewrite inserted: report them as the user wrote the line.
    description.stack = apply(StringPrototypeReplace, apply(ArrayPrototypeJoin, kept, ['\n']), [
      framePosition,
      (_match: string, file: string, line: string, column: string) =>
        `${file}:${line}:${userColumn(Number(line), Number(column))}`,
    ]) as string;
    for (const line of kept) {
      const match = apply(RegExpPrototypeExec, userFramePosition, [line]) as RegExpExecArray | null;
      if (match) {
        description.line = Number(match[1]);
        const column = userColumn(description.line, Number(match[2]));
        description.column = column;
        break;
      }
    }
  }
  return description;
}

/** Maps a 1-based column of the rewritten code back to the user's own line. */
function correctColumn(
  shifts: ReadonlyArray<readonly [number, number, number]>,
  line: number,
  column: number,
): number {
  let position = column - 1;
  for (const [shiftLine, at, length] of shifts) {
    if (shiftLine === line && position - length >= at) position -= length;
  }
  return Math.max(1, position + 1);
}
