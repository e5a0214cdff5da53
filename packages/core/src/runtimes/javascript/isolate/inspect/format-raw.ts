/**
 * The second half of Node's `formatRaw`: cuts off at `depth`, formats the entries chosen by
 * `getObjectLayout`, marks circular references, sorts, and joins everything into one text.
 */
import { getConstructorName, getCtxStyle } from './constructor-name';
import { formatExtraProperties, formatProperty } from './format-property';
import { type InspectContext, kObjectType } from './inspect-options';
import { getObjectLayout } from './object-layout';
import {
  ArrayPrototypePop,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ArrayPrototypeSort,
  ArrayPrototypeSplice,
  type Loose,
  MapPrototypeGet,
  ObjectPrototypeHasOwnProperty,
  ObjectPrototypePropertyIsEnumerable,
  StringPrototypeSlice,
  SymbolToStringTag,
} from './primordials';
import { reduceToSingleString } from './reduce-to-single-string';
import { isStackOverflowError } from './type-checks';

function handleMaxCallStackSize(
  ctx: InspectContext,
  constructorName: string,
  indentationLvl: number,
): string {
  ArrayPrototypePop(ctx.seen);
  ctx.indentationLvl = indentationLvl;
  return ctx.stylize(
    `[${constructorName}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`,
    'special',
  );
}

export function formatRaw(
  ctx: InspectContext,
  value: Loose,
  recurseTimes: number,
  typedArrayIn: boolean | undefined,
): string {
  let typedArray = typedArrayIn;
  let protoProps: string[] | undefined;
  if (ctx.showHidden && (ctx.depth === null || recurseTimes <= ctx.depth)) protoProps = [];

  const ctorName = getConstructorName(value, ctx, recurseTimes, protoProps);
  // Reset the variable to check for this later on.
  if (protoProps !== undefined && protoProps.length === 0) protoProps = undefined;

  let tag: Loose = '';
  try {
    tag = value[SymbolToStringTag];
  } catch {
    // Ignore error.
  }
  // Only list the tag in case it's non-enumerable / not an own property.
  if (
    typeof tag !== 'string' ||
    (tag !== '' &&
      (ctx.showHidden ? ObjectPrototypeHasOwnProperty : ObjectPrototypePropertyIsEnumerable)(
        value,
        SymbolToStringTag,
      ))
  ) {
    tag = '';
  }
  const layout = getObjectLayout(ctx, value, recurseTimes, ctorName, tag, protoProps, typedArray);
  if (typeof layout === 'string') return layout;
  const { keys, formatter, braces, extrasType, extraKeys } = layout;
  let base = layout.base;
  typedArray = layout.typedArray;

  if (ctx.depth !== null && recurseTimes > ctx.depth) {
    let constructorName = StringPrototypeSlice(getCtxStyle(value, ctorName, tag), 0, -1);
    if (ctorName !== null) constructorName = `[${constructorName}]`;
    return ctx.stylize(constructorName, 'special');
  }
  const nextRecurseTimes = recurseTimes + 1;

  ArrayPrototypePush(ctx.seen, value);
  ctx.currentDepth = nextRecurseTimes;
  let output: string[];
  const indentationLvl = ctx.indentationLvl;
  try {
    output = formatter(ctx, value, nextRecurseTimes);
    if (extraKeys !== undefined) {
      for (let i = 0; i < extraKeys.length; i++) {
        const key = extraKeys[i] as string;
        let formatted: string;
        try {
          formatted = formatExtraProperties(ctx, value, nextRecurseTimes, key, typedArray);
        } catch {
          const tempValue = { [key]: value.buffer[key] };
          formatted = formatExtraProperties(ctx, tempValue, nextRecurseTimes, key, typedArray);
        }
        ArrayPrototypePush(output, formatted);
      }
    }
    for (let i = 0; i < keys.length; i++) {
      ArrayPrototypePush(
        output,
        formatProperty(ctx, value, nextRecurseTimes, keys[i] as string | symbol, extrasType),
      );
    }
    if (protoProps !== undefined) {
      for (let i = 0; i < protoProps.length; i++)
        ArrayPrototypePush(output, protoProps[i] as string);
    }
  } catch (err) {
    if (!isStackOverflowError(err)) throw err;
    const constructorName = StringPrototypeSlice(getCtxStyle(value, ctorName, tag), 0, -1);
    return handleMaxCallStackSize(ctx, constructorName, indentationLvl);
  }
  if (ctx.circular !== undefined) {
    const index = MapPrototypeGet(ctx.circular, value);
    if (index !== undefined) {
      const reference = ctx.stylize(`<ref *${index}>`, 'special');
      // Add reference always to the very beginning of the output.
      if (ctx.compact !== true) {
        base = base === '' ? reference : `${reference} ${base}`;
      } else {
        braces[0] = `${reference} ${braces[0]}`;
      }
    }
  }
  ArrayPrototypePop(ctx.seen);

  if (ctx.sorted) {
    const comparator = ctx.sorted === true ? undefined : ctx.sorted;
    if (extrasType === kObjectType) {
      ArrayPrototypeSort(output, comparator);
    } else if (keys.length > 1) {
      const sorted = ArrayPrototypeSort(
        ArrayPrototypeSlice(output, output.length - keys.length),
        comparator,
      );
      ArrayPrototypeSplice(output, output.length - keys.length, keys.length);
      for (let i = 0; i < sorted.length; i++) ArrayPrototypePush(output, sorted[i] as string);
    }
  }

  const res = reduceToSingleString(ctx, output, base, braces, extrasType, nextRecurseTimes, value);
  const budget = ctx.budget[ctx.indentationLvl] || 0;
  const newLength = budget + res.length;
  ctx.budget[ctx.indentationLvl] = newLength;
  // Past 2 ** 27 characters at any indentation level, stop inspecting deeper: the output is
  // approaching V8's maximum string length and would block for a long time.
  if (newLength > 2 ** 27) ctx.depth = -1;
  return res;
}
