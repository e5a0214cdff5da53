/**
 * `util.format` / `util.formatWithOptions`: what `console.log` prints. A first string argument
 * may hold `%s %d %i %f %j %o %O %c %%`; the remaining arguments follow, separated by spaces,
 * strings raw and everything else through `inspect`.
 */

import { isBuiltInName } from './built-in-names';
import { formatBigInt, formatNumber } from './format-primitive';
import { describeThrown } from './format-value';
import { getProxyDetails } from './host-hooks';
import { inspect } from './inspect';
import type { InspectOptions } from './inspect-options';
import {
  FunctionPrototypeSymbolHasInstance,
  JSONStringify,
  type Loose,
  NumberCtor,
  NumberParseFloat,
  NumberParseInt,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectPrototypeHasOwnProperty,
  StringCtor,
  StringPrototypeCharCodeAt,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  SymbolToPrimitive,
  TypeErrorCtor,
} from './primordials';
import { stylizeNoColor } from './stylize';

function returnFalse(): boolean {
  return false;
}

/** Whether `%s` should inspect an object rather than call its own `toString`. */
function hasBuiltInToString(input: object): boolean {
  let value: Loose = input;
  // Prevent triggering proxy traps.
  const proxyTarget = getProxyDetails(value, false);
  if (proxyTarget !== undefined) {
    if (proxyTarget === null) return true;
    value = proxyTarget;
  }
  let hasOwnToString: (object: unknown, key: PropertyKey) => boolean =
    ObjectPrototypeHasOwnProperty;
  let hasOwnToPrimitive: (object: unknown, key: PropertyKey) => boolean =
    ObjectPrototypeHasOwnProperty;

  // Count objects without `toString` and `Symbol.toPrimitive` function as built-in.
  if (typeof value.toString !== 'function') {
    if (typeof value[SymbolToPrimitive] !== 'function') return true;
    if (ObjectPrototypeHasOwnProperty(value, SymbolToPrimitive)) return false;
    hasOwnToString = returnFalse;
  } else if (ObjectPrototypeHasOwnProperty(value, 'toString')) {
    return false;
  } else if (typeof value[SymbolToPrimitive] !== 'function') {
    hasOwnToPrimitive = returnFalse;
  } else if (ObjectPrototypeHasOwnProperty(value, SymbolToPrimitive)) {
    return false;
  }
  // Find the object that has `toString` or `Symbol.toPrimitive` as own property.
  let pointer = value;
  do {
    pointer = ObjectGetPrototypeOf(pointer);
  } while (!hasOwnToString(pointer, 'toString') && !hasOwnToPrimitive(pointer, SymbolToPrimitive));
  // Check closer if the object is a built-in.
  const descriptor = ObjectGetOwnPropertyDescriptor(pointer, 'constructor');
  return (
    descriptor !== undefined &&
    typeof descriptor.value === 'function' &&
    isBuiltInName(descriptor.value.name)
  );
}

function firstErrorLine(error: Loose): string {
  const message = `${error.message}`;
  const newline = StringPrototypeIndexOf(message, '\n');
  return newline === -1 ? message : StringPrototypeSlice(message, 0, newline);
}

let circularErrorMessage: string | undefined;

function tryStringify(arg: unknown): string {
  try {
    return JSONStringify(arg);
  } catch (err) {
    // Populate the circular error message lazily.
    if (!circularErrorMessage) {
      try {
        const a: Loose = {};
        a.a = a;
        JSONStringify(a);
      } catch (circularError) {
        circularErrorMessage = firstErrorLine(circularError);
      }
    }
    if (
      FunctionPrototypeSymbolHasInstance(TypeErrorCtor, err) &&
      firstErrorLine(err) === circularErrorMessage
    ) {
      return '[Circular]';
    }
    throw err;
  }
}

function formatNumberNoColor(number: number, options: InspectOptions | undefined): string {
  return formatNumber(stylizeNoColor, number, options?.numericSeparator ?? false);
}

function formatBigIntNoColor(bigint: bigint, options: InspectOptions | undefined): string {
  return formatBigInt(stylizeNoColor, bigint, options?.numericSeparator ?? false);
}

/** One `%` placeholder; a throw from user code (toString, toJSON, valueOf) becomes a marker. */
function formatPlaceholder(
  code: number,
  arg: unknown,
  inspectOptions: InspectOptions | undefined,
): string {
  try {
    switch (code) {
      case 115: {
        // 's'
        if (typeof arg === 'number') return formatNumberNoColor(arg, inspectOptions);
        if (typeof arg === 'bigint') return formatBigIntNoColor(arg, inspectOptions);
        if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) {
          return StringCtor(arg);
        }
        return inspect(arg, { ...inspectOptions, compact: 3, colors: false, depth: 0 });
      }
      case 106: // 'j'
        return tryStringify(arg);
      case 100: {
        // 'd'
        if (typeof arg === 'bigint') return formatBigIntNoColor(arg, inspectOptions);
        if (typeof arg === 'symbol') return 'NaN';
        return formatNumberNoColor(NumberCtor(arg), inspectOptions);
      }
      case 79: // 'O'
        return inspect(arg, inspectOptions);
      case 111: // 'o'
        return inspect(arg, { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
      case 105: {
        // 'i'
        if (typeof arg === 'bigint') return formatBigIntNoColor(arg, inspectOptions);
        if (typeof arg === 'symbol') return 'NaN';
        return formatNumberNoColor(NumberParseInt(arg as string), inspectOptions);
      }
      default: {
        // 'f'
        if (typeof arg === 'symbol') return 'NaN';
        return formatNumberNoColor(NumberParseFloat(arg as string), inspectOptions);
      }
    }
  } catch (err) {
    return `<Inspection threw (${describeThrown(err)})>`;
  }
}

function formatWithOptionsInternal(
  inspectOptions: InspectOptions | undefined,
  args: unknown[],
): string {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';

  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let tempStr: string;
    let lastPos = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (StringPrototypeCharCodeAt(first, i) === 37) {
        // '%'
        const nextChar = StringPrototypeCharCodeAt(first, ++i);
        if (a + 1 !== args.length) {
          switch (nextChar) {
            case 115: // 's'
            case 106: // 'j'
            case 100: // 'd'
            case 79: // 'O'
            case 111: // 'o'
            case 105: // 'i'
            case 102: // 'f'
              tempStr = formatPlaceholder(nextChar, args[++a], inspectOptions);
              break;
            case 99: // 'c'
              a += 1;
              tempStr = '';
              break;
            case 37: // '%'
              str += StringPrototypeSlice(first, lastPos, i);
              lastPos = i + 1;
              continue;
            default:
              // Any other character is not a correct placeholder.
              continue;
          }
          if (lastPos !== i - 1) str += StringPrototypeSlice(first, lastPos, i - 1);
          str += tempStr;
          lastPos = i + 1;
        } else if (nextChar === 37) {
          str += StringPrototypeSlice(first, lastPos, i);
          lastPos = i + 1;
        }
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += StringPrototypeSlice(first, lastPos);
    }
  }
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
    join = ' ';
    a++;
  }
  return str;
}

/**
 * `util.format`: `console.log`'s formatting with default options.
 *
 * @example format('%s has %d items', 'cart', 3) // 'cart has 3 items'
 */
export function format(...args: unknown[]): string {
  return formatWithOptionsInternal(undefined, args);
}

/**
 * `util.formatWithOptions`: like `format`, with `inspect` options for non-string arguments.
 *
 * @example formatWithOptions({ depth: 0 }, { a: { b: 1 } }) // '{ a: [Object] }'
 */
export function formatWithOptions(inspectOptions: InspectOptions, ...args: unknown[]): string {
  if (inspectOptions === null || typeof inspectOptions !== 'object') {
    throw new TypeErrorCtor(
      `The "inspectOptions" argument must be of type object. Received ${inspect(inspectOptions)}`,
    );
  }
  return formatWithOptionsInternal(inspectOptions, args);
}
