import { capText } from '../../../result/cap-text';
import { resultCaps } from '../../../result/result-caps';

/** What the host is told about an uncaught error of the user's program. */
export interface ThrownValueDescription {
  name: string;
  message: string;
  line?: number;
  column?: number;
  stack?: string;
  /** True when a field was cut to its cap (`resultCaps`). */
  cut?: boolean;
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
 * plain strings and numbers, with the stack trimmed to frames in the user's code. Each field is cut
 * to its cap (`resultCaps`) before any further work on it, so a huge message costs nothing here.
 * `render` formats non-Error values the way Node would print them.
 */
export function describeThrownValue(
  thrown: unknown,
  render: (value: unknown) => string,
  columnShifts: ReadonlyArray<readonly [number, number, number]>,
): ThrownValueDescription {
  const userColumn = (line: number, column: number) => correctColumn(columnShifts, line, column);
  if (!isErrorLike(thrown)) {
    let rendered: string;
    try {
      rendered = render(thrown);
    } catch {
      rendered = '[a value that could not be printed]';
    }
    const message = capText(rendered, resultCaps.errorMessageChars);
    return message.cut
      ? { name: 'Uncaught', message: message.text, cut: true }
      : { name: 'Uncaught', message: message.text };
  }
  const rawName = safeGet(thrown, 'name');
  const rawMessage = safeGet(thrown, 'message');
  const rawStack = safeGet(thrown, 'stack');
  const name = capText(
    typeof rawName === 'string' && rawName ? rawName : 'Error',
    resultCaps.errorNameChars,
  );
  const message = capText(
    typeof rawMessage === 'string' ? rawMessage : '',
    resultCaps.errorMessageChars,
  );
  const description: ThrownValueDescription = { name: name.text, message: message.text };
  if (name.cut || message.cut) description.cut = true;
  if (typeof rawStack === 'string') {
    const stack = capText(rawStack, resultCaps.errorStackChars);
    if (stack.cut) description.cut = true;
    const lines = apply(StringPrototypeSplit, stack.text, ['\n']) as string[];
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
