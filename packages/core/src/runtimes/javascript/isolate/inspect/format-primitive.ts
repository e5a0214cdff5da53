/** Primitives as `util.inspect` prints them: quoted strings, `-0`, `1n`, `Symbol(x)`. */
import type { InspectContext, Stylize } from './inspect-options';
import {
  MathTrunc,
  NumberIsFinite,
  NumberIsNaN,
  ObjectIs,
  StringCtor,
  StringPrototypeIncludes,
  StringPrototypeIndexOf,
  StringPrototypeRepeat,
  StringPrototypeSlice,
  SymbolPrototypeToString,
} from './primordials';
import { strEscape } from './quote-string';
import { splitAfterNewlines } from './string-utils';

const kMinLineLength = 16;

function addNumericSeparator(integerString: string): string {
  let result = '';
  let i = integerString.length;
  const start = integerString[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) {
    result = `_${StringPrototypeSlice(integerString, i - 3, i)}${result}`;
  }
  return i === integerString.length
    ? integerString
    : `${StringPrototypeSlice(integerString, 0, i)}${result}`;
}

function addNumericSeparatorEnd(integerString: string): string {
  let result = '';
  let i = 0;
  for (; i < integerString.length - 3; i += 3) {
    result += `${StringPrototypeSlice(integerString, i, i + 3)}_`;
  }
  return i === 0 ? integerString : `${result}${StringPrototypeSlice(integerString, i)}`;
}

export const remainingText = (remaining: number): string =>
  `... ${remaining} more item${remaining > 1 ? 's' : ''}`;

export function formatNumber(fn: Stylize, number: number, numericSeparator: boolean): string {
  if (ObjectIs(number, -0)) return fn('-0', 'number');
  if (!numericSeparator) return fn(`${number}`, 'number');
  const numberString = StringCtor(number);
  const integer = MathTrunc(number);
  if (integer === number) {
    if (!NumberIsFinite(number) || StringPrototypeIncludes(numberString, 'e')) {
      return fn(numberString, 'number');
    }
    return fn(addNumericSeparator(numberString), 'number');
  }
  if (NumberIsNaN(number) || StringPrototypeIncludes(numberString, 'e')) {
    return fn(numberString, 'number');
  }
  const decimalIndex = StringPrototypeIndexOf(numberString, '.');
  const integerPart = StringPrototypeSlice(numberString, 0, decimalIndex);
  const fractionalPart = StringPrototypeSlice(numberString, decimalIndex + 1);
  return fn(
    `${addNumericSeparator(integerPart)}.${addNumericSeparatorEnd(fractionalPart)}`,
    'number',
  );
}

export function formatBigInt(fn: Stylize, bigint: bigint, numericSeparator: boolean): string {
  const string = StringCtor(bigint);
  if (!numericSeparator) return fn(`${string}n`, 'bigint');
  return fn(`${addNumericSeparator(string)}n`, 'bigint');
}

type PrimitiveContext = Pick<
  InspectContext,
  'maxStringLength' | 'compact' | 'breakLength' | 'indentationLvl' | 'numericSeparator'
>;

export function formatPrimitive(fn: Stylize, value: unknown, ctx: PrimitiveContext): string {
  if (typeof value === 'string') {
    let trailer = '';
    let str = value;
    if (str.length > ctx.maxStringLength) {
      const remaining = str.length - ctx.maxStringLength;
      str = StringPrototypeSlice(str, 0, ctx.maxStringLength);
      trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
    }
    if (
      ctx.compact !== true &&
      // Node does not measure unicode width here either (performance).
      str.length > kMinLineLength &&
      str.length > ctx.breakLength - ctx.indentationLvl - 4
    ) {
      const lines = splitAfterNewlines(str);
      let result = '';
      const separator = ` +\n${StringPrototypeRepeat(' ', ctx.indentationLvl + 2)}`;
      for (let i = 0; i < lines.length; i++) {
        if (i !== 0) result += separator;
        result += fn(strEscape(lines[i] as string), 'string');
      }
      return result + trailer;
    }
    return fn(strEscape(str), 'string') + trailer;
  }
  if (typeof value === 'number') return formatNumber(fn, value, ctx.numericSeparator);
  if (typeof value === 'bigint') return formatBigInt(fn, value, ctx.numericSeparator);
  if (typeof value === 'boolean') return fn(`${value}`, 'boolean');
  if (typeof value === 'undefined') return fn('undefined', 'undefined');
  return fn(SymbolPrototypeToString(value), 'symbol');
}
