/**
 * The first half of Node's `formatRaw`: for each kind of object, the braces, the base text
 * (`[Function: f]`, a date, an error's stack), the entry formatter and the keys to list; or the
 * finished text for values that print without entries (`[]`, `{}`, `[Function: f]`, ...).
 */
import { getCtxStyle, getPrefix } from './constructor-name';
import {
  formatArray,
  formatArrayBuffer,
  formatMap,
  formatPromise,
  formatSet,
  formatTypedArray,
  formatUnknownItems,
} from './format-collections';
import { formatError } from './format-error';
import { getBoxedBase, getFunctionBase } from './format-function';
import { formatNumber } from './format-primitive';
import {
  formatProperty,
  getKeys,
  getOwnNonIndexProperties,
  kMaxIndexedKeyScan,
} from './format-property';
import { type InspectContext, kArrayExtrasType, kObjectType } from './inspect-options';
import {
  getObjectKind,
  getSlotCandidates,
  kSlotBoxed,
  kSlotMap,
  kSlotSet,
  type ObjectKind,
} from './object-kind';
import {
  ArrayIsArray,
  DatePrototypeGetTime,
  DatePrototypeToISOString,
  DatePrototypeToString,
  type Loose,
  MapPrototypeEntries,
  MapPrototypeGetSize,
  NumberIsNaN,
  RegExpCtor,
  RegExpPrototypeToString,
  SetPrototypeGetSize,
  SetPrototypeValues,
  StringPrototypeLastIndexOf,
  StringPrototypeSlice,
  SymbolIterator,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag,
  typedArrayConstructors,
} from './primordials';
import {
  isArgumentsObject,
  isArrayBuffer,
  isMap,
  isMapIterator,
  isSet,
  isSetIterator,
  isStringObject,
  isTypedArray,
} from './type-checks';

export type Formatter = (ctx: InspectContext, value: Loose, recurseTimes: number) => string[];

const getEmptyFormatArray: Formatter = () => [];

function getIteratorBraces(type: string, tag: string): string[] {
  let text = tag;
  if (text !== `${type} Iterator`) {
    if (text !== '') text += '] [';
    text += `${type} Iterator`;
  }
  return [`[${text}] {`, '}'];
}

function formatNamespaceObject(
  keys: (string | symbol)[],
  ctx: InspectContext,
  value: Loose,
  recurseTimes: number,
): string[] {
  const output: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string | symbol;
    try {
      output[i] = formatProperty(ctx, value, recurseTimes, key, kObjectType);
    } catch {
      // An uninitialized binding: format a placeholder entry, then swap its value.
      const tmp = { [key]: '' };
      const entry = formatProperty(ctx, tmp, recurseTimes, key, kObjectType);
      const pos = StringPrototypeLastIndexOf(entry, ' ');
      output[i] =
        StringPrototypeSlice(entry, 0, pos + 1) + ctx.stylize('<uninitialized>', 'special');
    }
  }
  // Reset the keys to an empty array. This prevents duplicated inspection.
  keys.length = 0;
  return output;
}

export interface ObjectLayout {
  keys: (string | symbol)[];
  base: string;
  formatter: Formatter;
  braces: string[];
  extrasType: number;
  extraKeys: string[] | undefined;
  typedArray: boolean | undefined;
}

export function getObjectLayout(
  ctx: InspectContext,
  value: Loose,
  recurseTimes: number,
  ctorName: string | null,
  tag: string,
  protoProps: string[] | undefined,
  typedArrayIn: boolean | undefined,
): ObjectLayout | string {
  let typedArray = typedArrayIn;
  let keys: (string | symbol)[] = [];
  let base = '';
  let formatter: Formatter = getEmptyFormatArray;
  let braces: string[] = ['{', '}'];
  let noIterator = true;
  let maybeBoxedString = false;
  let candidates = -1;
  let extrasType = kObjectType;
  let extraKeys: string[] | undefined;

  // Iterators and the rest are split to reduce checks. All values are checked when the
  // constructor is null, as the type could not be told otherwise.
  if (SymbolIterator in value || ctorName === null) {
    noIterator = false;
    const isArray = ArrayIsArray(value);
    // Set and Map exclude each other; try the one the constructor name suggests first.
    let setOrMap: 'set' | 'map' | undefined;
    if (!isArray) {
      candidates = getSlotCandidates(value);
      const maybeSet = (candidates & kSlotSet) !== 0;
      const maybeMap = (candidates & kSlotMap) !== 0;
      if (ctorName === 'Map') {
        setOrMap = maybeMap && isMap(value) ? 'map' : maybeSet && isSet(value) ? 'set' : undefined;
      } else {
        setOrMap = maybeSet && isSet(value) ? 'set' : maybeMap && isMap(value) ? 'map' : undefined;
      }
    }
    if (isArray) {
      // Only set the constructor for non ordinary ("Array [...]") arrays.
      const prefix =
        ctorName !== 'Array' || tag !== ''
          ? getPrefix(ctorName, tag, 'Array', `(${value.length})`)
          : '';
      keys = getOwnNonIndexProperties(value, !ctx.showHidden, value.length);
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0 && protoProps === undefined)
        return `${braces[0]}]`;
      extrasType = kArrayExtrasType;
      formatter = formatArray;
    } else if (setOrMap === 'set') {
      const size = SetPrototypeGetSize(value);
      const prefix = getPrefix(ctorName, tag, 'Set', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      const entries = ctorName !== null ? value : SetPrototypeValues(value);
      formatter = (c, v, r) => formatSet(entries, c, v, r);
      if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
    } else if (setOrMap === 'map') {
      const size = MapPrototypeGetSize(value);
      const prefix = getPrefix(ctorName, tag, 'Map', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      const entries = ctorName !== null ? value : MapPrototypeEntries(value);
      formatter = (c, v, r) => formatMap(entries, c, v, r);
      if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
    } else if (isTypedArray(value)) {
      const size = TypedArrayPrototypeGetLength(value);
      keys = getOwnNonIndexProperties(value, !ctx.showHidden, size);
      let bound = value;
      let fallback = '';
      if (ctorName === null) {
        fallback = TypedArrayPrototypeGetSymbolToStringTag(value) as string;
        // Reconstruct the array information.
        bound = new (typedArrayConstructors[fallback] as Loose)(value);
      }
      const prefix = getPrefix(ctorName, tag, fallback, `(${size})`);
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
      formatter = (c) => formatTypedArray(bound, size, c);
      extrasType = kArrayExtrasType;
      if (ctx.showHidden) {
        extraKeys = ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer'];
        typedArray = true;
      }
    } else if (isMapIterator(value)) {
      keys = getKeys(value, ctx.showHidden);
      braces = getIteratorBraces('Map', tag);
      formatter = formatUnknownItems;
    } else if (isSetIterator(value)) {
      keys = getKeys(value, ctx.showHidden);
      braces = getIteratorBraces('Set', tag);
      formatter = formatUnknownItems;
    } else {
      noIterator = true;
      maybeBoxedString = (candidates & kSlotBoxed) !== 0;
    }
  }
  if (noIterator) {
    // Boxed strings are iterable, so only values that came through the branch above can be one.
    if (maybeBoxedString && isStringObject(value) && value.length > kMaxIndexedKeyScan) {
      keys = []; // See kMaxIndexedKeyScan: listing the keys would list every index.
    } else {
      keys = getKeys(value, ctx.showHidden);
    }
    braces = ['{', '}'];
    const kind: ObjectKind | undefined =
      typeof value !== 'function' && ctorName !== 'Object'
        ? getObjectKind(value, ctorName, candidates === -1 ? getSlotCandidates(value) : candidates)
        : undefined;
    if (typeof value === 'function') {
      base = getFunctionBase(ctx, value, ctorName, tag);
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, 'special');
    } else if (ctorName === 'Object') {
      if (isArgumentsObject(value)) {
        braces[0] = '[Arguments] {';
      } else if (tag !== '') {
        braces[0] = `${getPrefix(ctorName, tag, 'Object')}{`;
      }
      if (keys.length === 0 && protoProps === undefined) return `${braces[0]}}`;
    } else if (kind === 'regexp') {
      // Make RegExps say that they are RegExps.
      base = RegExpPrototypeToString(ctorName !== null ? value : new RegExpCtor(value));
      const prefix = getPrefix(ctorName, tag, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if (
        (keys.length === 0 && protoProps === undefined) ||
        (ctx.depth !== null && recurseTimes > ctx.depth)
      ) {
        return ctx.stylize(base, 'regexp');
      }
    } else if (kind === 'date') {
      // Make dates with properties first say the date.
      base = NumberIsNaN(DatePrototypeGetTime(value))
        ? DatePrototypeToString(value)
        : DatePrototypeToISOString(value);
      const prefix = getPrefix(ctorName, tag, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, 'date');
    } else if (kind === 'error') {
      base = formatError(value, ctorName, tag, ctx, keys);
      if (keys.length === 0 && protoProps === undefined) return base;
    } else if (kind === 'arraybuffer') {
      // Fast path for ArrayBuffer and SharedArrayBuffer.
      const arrayType = isArrayBuffer(value) ? 'ArrayBuffer' : 'SharedArrayBuffer';
      const prefix = getPrefix(ctorName, tag, arrayType);
      if (typedArray === undefined) {
        formatter = formatArrayBuffer;
      } else if (keys.length === 0 && protoProps === undefined) {
        return `${prefix}{ [byteLength]: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
      }
      braces[0] = `${prefix}{`;
      extraKeys = ['byteLength'];
    } else if (kind === 'dataview') {
      braces[0] = `${getPrefix(ctorName, tag, 'DataView')}{`;
      // .buffer goes last, it's not a primitive like the others.
      extraKeys = ['byteLength', 'byteOffset', 'buffer'];
    } else if (kind === 'promise') {
      braces[0] = `${getPrefix(ctorName, tag, 'Promise')}{`;
      formatter = formatPromise;
    } else if (kind === 'weakset') {
      braces[0] = `${getPrefix(ctorName, tag, 'WeakSet')}{`;
      formatter = formatUnknownItems;
    } else if (kind === 'weakmap') {
      braces[0] = `${getPrefix(ctorName, tag, 'WeakMap')}{`;
      formatter = formatUnknownItems;
    } else if (kind === 'module') {
      braces[0] = `${getPrefix(ctorName, tag, 'Module')}{`;
      const namespaceKeys = keys;
      formatter = (c, v, r) => formatNamespaceObject(namespaceKeys, c, v, r);
    } else if (kind === 'boxed') {
      base = getBoxedBase(value, ctx, keys, ctorName, tag);
      if (keys.length === 0 && protoProps === undefined) return base;
    } else {
      if (keys.length === 0 && protoProps === undefined) {
        return `${getCtxStyle(value, ctorName, tag)}{}`;
      }
      braces[0] = `${getCtxStyle(value, ctorName, tag)}{`;
    }
  }

  return { keys, base, formatter, braces, extrasType, extraKeys, typedArray };
}
