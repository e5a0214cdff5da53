/** The entry lists of arrays, typed arrays, buffers, Sets, Maps, promises and weak collections. */
import { formatBigInt, formatNumber, remainingText } from './format-primitive';
import {
  formatProperty,
  getOwnDescriptor,
  kMaxIndexedKeyScan,
  numberRegExp,
} from './format-property';
import { formatValue } from './format-value';
import { getPromiseState } from './host-hooks';
import { type InspectContext, kArrayType } from './inspect-options';
import {
  ArrayPrototypePush,
  type Loose,
  MathMax,
  MathMin,
  NumberCtor,
  NumberPrototypeToString,
  ObjectKeys,
  ObjectPrototypeHasOwnProperty,
  RegExpPrototypeExec,
  Uint8ArrayCtor,
} from './primordials';

/** The array is sparse and/or has extra keys. */
function formatSpecialArray(
  ctx: InspectContext,
  value: Loose,
  recurseTimes: number,
  maxLength: number,
  output: string[],
  start: number,
): string[] {
  const keys = getIndexKeysFrom(value, start, maxLength);
  let index = start;
  let i = keys.offset;
  for (; i < keys.keys.length && output.length < maxLength; i++) {
    const key = keys.keys[i] as string;
    const tmp = +key;
    // Arrays can only have up to 2^32 - 1 entries.
    if (tmp > 2 ** 32 - 2) break;
    if (`${index}` !== key) {
      if (RegExpPrototypeExec(numberRegExp, key) === null) break;
      const emptyItems = tmp - index;
      const ending = emptyItems > 1 ? 's' : '';
      ArrayPrototypePush(output, ctx.stylize(`<${emptyItems} empty item${ending}>`, 'undefined'));
      index = tmp;
      if (output.length === maxLength) break;
    }
    ArrayPrototypePush(output, formatProperty(ctx, value, recurseTimes, key, kArrayType));
    index++;
  }
  const remaining = value.length - index;
  if (output.length !== maxLength) {
    if (remaining > 0) {
      const ending = remaining > 1 ? 's' : '';
      ArrayPrototypePush(output, ctx.stylize(`<${remaining} empty item${ending}>`, 'undefined'));
    }
  } else if (remaining > 0) {
    ArrayPrototypePush(output, remainingText(remaining));
  }
  return output;
}

/**
 * Node walks `Object.keys(array)` from position `start` (the first hole). For huge arrays that
 * list is huge, so they are probed index by index instead, as long as that stays cheap.
 */
function getIndexKeysFrom(
  value: Loose,
  start: number,
  maxLength: number,
): { keys: string[]; offset: number } {
  const length = value.length as number;
  if (length <= kMaxIndexedKeyScan) return { keys: ObjectKeys(value), offset: start };
  const keys: string[] = [];
  let present = 0;
  let index = start;
  for (let probes = 0; index < length && probes < kMaxIndexedKeyScan; index++, probes++) {
    if (ObjectPrototypeHasOwnProperty(value, index)) {
      ArrayPrototypePush(keys, `${index}`);
      if (++present >= maxLength) return { keys, offset: 0 };
    }
  }
  if (index >= length) return { keys, offset: 0 };
  // Mostly holes: the array is sparse, so listing its keys is cheap after all.
  const all = ObjectKeys(value);
  let offset = 0;
  while (offset < all.length && NumberCtor(all[offset]) < start) offset++;
  return { keys: all, offset };
}

export function formatArray(ctx: InspectContext, value: Loose, recurseTimes: number): string[] {
  const valLen = value.length as number;
  const len = MathMin(MathMax(0, ctx.maxArrayLength), valLen);
  const remaining = valLen - len;
  const output: string[] = [];
  for (let i = 0; i < len; i++) {
    const desc = getOwnDescriptor(value, i);
    if (desc === undefined) {
      // Special handle sparse arrays.
      return formatSpecialArray(ctx, value, recurseTimes, len, output, i);
    }
    ArrayPrototypePush(output, formatProperty(ctx, value, recurseTimes, i, kArrayType, desc));
  }
  if (remaining > 0) ArrayPrototypePush(output, remainingText(remaining));
  return output;
}

export function formatTypedArray(value: Loose, length: number, ctx: InspectContext): string[] {
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const remaining = value.length - maxLength;
  const output: string[] = [];
  const elementFormatter =
    value.length > 0 && typeof value[0] === 'number' ? formatNumber : formatBigInt;
  for (let i = 0; i < maxLength; ++i) {
    output[i] = (elementFormatter as Loose)(ctx.stylize, value[i], ctx.numericSeparator);
  }
  if (remaining > 0) output[maxLength] = remainingText(remaining);
  return output;
}

export function formatArrayBuffer(ctx: InspectContext, value: Loose): string[] {
  let buffer: Uint8Array;
  try {
    buffer = new Uint8ArrayCtor(value);
  } catch {
    return [ctx.stylize('(detached)', 'special')];
  }
  const shown = MathMin(ctx.maxArrayLength, buffer.length);
  let str = '';
  for (let i = 0; i < shown; i++) {
    const byte = buffer[i] as number;
    if (i !== 0) str += ' ';
    str += (byte < 16 ? '0' : '') + NumberPrototypeToString(byte, 16);
  }
  const remaining = buffer.length - ctx.maxArrayLength;
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${str}>`];
}

export function formatSet(
  value: Loose,
  ctx: InspectContext,
  _ignored: unknown,
  recurseTimes: number,
): string[] {
  const length = value.size as number;
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output: string[] = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const v of value) {
    if (i >= maxLength) break;
    ArrayPrototypePush(output, formatValue(ctx, v, recurseTimes));
    i++;
  }
  if (remaining > 0) ArrayPrototypePush(output, remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

export function formatMap(
  value: Loose,
  ctx: InspectContext,
  _ignored: unknown,
  recurseTimes: number,
): string[] {
  const length = value.size as number;
  const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output: string[] = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const entry of value) {
    if (i >= maxLength) break;
    const k = entry[0];
    const v = entry[1];
    ArrayPrototypePush(
      output,
      `${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`,
    );
    i++;
  }
  if (remaining > 0) ArrayPrototypePush(output, remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

/**
 * WeakMap/WeakSet entries (and, with `showHidden`, Node's preview of them) and Map/Set iterator
 * contents are readable only through V8 internals; they print as `<items unknown>`.
 */
export function formatUnknownItems(ctx: InspectContext): string[] {
  return [ctx.stylize('<items unknown>', 'special')];
}

/** Promise state comes from the host (see `setPromiseStateInspector`), else `<unknown>`. */
export function formatPromise(ctx: InspectContext, value: object, recurseTimes: number): string[] {
  const details = getPromiseState(value);
  if (details === undefined) return [ctx.stylize('<unknown>', 'special')];
  if (details.state === 'pending') return [ctx.stylize('<pending>', 'special')];
  ctx.indentationLvl += 2;
  const str = formatValue(
    ctx,
    details.state === 'rejected' ? details.reason : details.value,
    recurseTimes,
  );
  ctx.indentationLvl -= 2;
  return [details.state === 'rejected' ? `${ctx.stylize('<rejected>', 'special')} ${str}` : str];
}
