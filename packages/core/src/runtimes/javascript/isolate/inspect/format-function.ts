/** Bases of functions and classes (`[Function: f]`, `[class B extends A]`) and boxed primitives. */
import { formatPrimitive } from './format-primitive';
import { formatValue } from './format-value';
import type { InspectContext } from './inspect-options';
import {
  ArrayPrototypeSplice,
  BigIntPrototypeValueOf,
  BooleanPrototypeValueOf,
  FunctionPrototypeToString,
  type Loose,
  NumberPrototypeValueOf,
  ObjectGetPrototypeOf,
  ObjectPrototypeHasOwnProperty,
  RegExpPrototypeExec,
  StringPrototypeIncludes,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
  StringPrototypeToLowerCase,
  StringPrototypeValueOf,
  SymbolPrototypeValueOf,
} from './primordials';
import { stylizeNoColor } from './stylize';
import {
  isAsyncFunction,
  isBigIntObject,
  isBooleanObject,
  isGeneratorFunction,
  isNumberObject,
  isStringObject,
} from './type-checks';

const classRegExp = /^(\s+[^(]*?)\s*{/;
const stripCommentsRegExp = /(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g;

/** `slice.replace(stripCommentsRegExp, '')` without the patchable `RegExp.prototype[Symbol.replace]`. */
function stripComments(source: string): string {
  let result = '';
  let last = 0;
  stripCommentsRegExp.lastIndex = 0;
  let match = RegExpPrototypeExec(stripCommentsRegExp, source);
  while (match !== null) {
    result += StringPrototypeSlice(source, last, match.index);
    last = match.index + (match[0] as string).length;
    match = RegExpPrototypeExec(stripCommentsRegExp, source);
  }
  stripCommentsRegExp.lastIndex = 0;
  return result + StringPrototypeSlice(source, last);
}

function getClassBase(value: Loose, ctorName: string | null, tag: string): string {
  const hasName = ObjectPrototypeHasOwnProperty(value, 'name');
  const name = (hasName && value.name) || '(anonymous)';
  let base = `class ${name}`;
  if (ctorName !== 'Function' && ctorName !== null) base += ` [${ctorName}]`;
  if (tag !== '' && ctorName !== tag) base += ` [${tag}]`;
  if (ctorName !== null) {
    const superName = ObjectGetPrototypeOf(value).name;
    if (superName) base += ` extends ${superName}`;
  } else {
    base += ' extends [null prototype]';
  }
  return `[${base}]`;
}

export function getFunctionBase(
  ctx: InspectContext,
  value: Loose,
  ctorName: string | null,
  tag: string,
): string {
  const stringified = FunctionPrototypeToString(value);
  if (
    StringPrototypeStartsWith(stringified, 'class') &&
    stringified[stringified.length - 1] === '}'
  ) {
    const slice = StringPrototypeSlice(stringified, 5, -1);
    const bracketIndex = StringPrototypeIndexOf(slice, '{');
    if (
      bracketIndex !== -1 &&
      (!StringPrototypeIncludes(StringPrototypeSlice(slice, 0, bracketIndex), '(') ||
        // Slow path to guarantee that it's indeed a class.
        RegExpPrototypeExec(classRegExp, stripComments(slice)) !== null)
    ) {
      return getClassBase(value, ctorName, tag);
    }
  }
  let type = 'Function';
  if (isGeneratorFunction(value)) type = `Generator${type}`;
  if (isAsyncFunction(value)) type = `Async${type}`;
  let base = `[${type}`;
  if (ctorName === null) base += ' (null prototype)';
  if (value.name === '') {
    base += ' (anonymous)';
  } else {
    base += `: ${typeof value.name === 'string' ? value.name : formatValue(ctx, value.name, undefined as unknown as number)}`;
  }
  base += ']';
  if (ctorName !== type && ctorName !== null) base += ` ${ctorName}`;
  if (tag !== '' && ctorName !== tag) base += ` [${tag}]`;
  return base;
}

export function getBoxedBase(
  value: Loose,
  ctx: InspectContext,
  keys: (string | symbol)[],
  ctorName: string | null,
  tag: string,
): string {
  let fn: (value: unknown) => unknown;
  let type: string;
  if (isNumberObject(value)) {
    fn = NumberPrototypeValueOf;
    type = 'Number';
  } else if (isStringObject(value)) {
    fn = StringPrototypeValueOf;
    type = 'String';
    // Drop the index entries of boxed strings: they only repeat the string.
    ArrayPrototypeSplice(keys, 0, value.length);
  } else if (isBooleanObject(value)) {
    fn = BooleanPrototypeValueOf;
    type = 'Boolean';
  } else if (isBigIntObject(value)) {
    fn = BigIntPrototypeValueOf;
    type = 'BigInt';
  } else {
    fn = SymbolPrototypeValueOf;
    type = 'Symbol';
  }
  let base = `[${type}`;
  if (type !== ctorName) {
    if (ctorName === null) base += ' (null prototype)';
    else base += ` (${ctorName})`;
  }
  base += `: ${formatPrimitive(stylizeNoColor, fn(value), ctx)}]`;
  if (tag !== '' && tag !== ctorName) base += ` [${tag}]`;
  if (keys.length !== 0 || ctx.stylize === stylizeNoColor) return base;
  return ctx.stylize(base, StringPrototypeToLowerCase(type));
}
