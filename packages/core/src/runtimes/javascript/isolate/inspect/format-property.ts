/** One `key: value` entry of an object or array, and the key lists `util.inspect` walks. */
import { formatPrimitive } from './format-primitive';
import { formatValue } from './format-value';
import { type InspectContext, kArrayType, kObjectType } from './inspect-options';
import {
  ArrayPrototypePush,
  FunctionPrototypeCall,
  type Loose,
  NumberCtor,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertyNames,
  ObjectGetOwnPropertySymbols,
  ObjectKeys,
  ObjectPrototypeHasOwnProperty,
  ObjectPrototypePropertyIsEnumerable,
  ReflectOwnKeys,
  RegExpPrototypeExec,
  StringPrototypeCharCodeAt,
  StringPrototypeRepeat,
  SymbolPrototypeToString,
} from './primordials';
import { escapeAll, strEscape } from './quote-string';
import { getStringWidth } from './string-width';

const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
export const numberRegExp = /^(0|[1-9][0-9]*)$/;

/**
 * Arrays, typed arrays and boxed strings longer than this skip the search for extra (non-index)
 * keys: JavaScript can only list them by listing every index, which for a 10-million-item array
 * would allocate 10 million strings inside the isolate's memory limit. Node asks V8 directly.
 */
export const kMaxIndexedKeyScan = 100_000;

/**
 * An own property descriptor read field by field from its own properties, so a polluted
 * `Object.prototype.get` or `.value` cannot make a data property look like an accessor.
 */
export function getOwnDescriptor(
  object: unknown,
  key: PropertyKey,
): PropertyDescriptor | undefined {
  const descriptor = ObjectGetOwnPropertyDescriptor(object, key);
  if (descriptor === undefined) return undefined;
  if (ObjectPrototypeHasOwnProperty(descriptor, 'value')) {
    return {
      value: descriptor.value,
      get: undefined,
      set: undefined,
      enumerable: descriptor.enumerable,
    };
  }
  return {
    value: undefined,
    get: descriptor.get,
    set: descriptor.set,
    enumerable: descriptor.enumerable,
  };
}

function isIndexKey(key: string | symbol): boolean {
  if (typeof key !== 'string' || key.length === 0) return false;
  const first = StringPrototypeCharCodeAt(key, 0);
  return (
    first >= 48 &&
    first <= 57 &&
    RegExpPrototypeExec(numberRegExp, key) !== null &&
    NumberCtor(key) < 2 ** 32 - 1
  );
}

/** V8's `GetOwnNonIndexProperties`: own keys that are not array indices (strings, then symbols). */
export function getOwnNonIndexProperties(
  value: object,
  onlyEnumerable: boolean,
  length: number,
): (string | symbol)[] {
  const result: (string | symbol)[] = [];
  if (length > kMaxIndexedKeyScan) return result;
  const keys = ReflectOwnKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string | symbol;
    if (isIndexKey(key)) continue;
    if (onlyEnumerable && !ObjectPrototypePropertyIsEnumerable(value, key)) continue;
    ArrayPrototypePush(result, key);
  }
  return result;
}

/** Own enumerable keys (all own keys with `showHidden`), symbols last. */
export function getKeys(value: object, showHidden: boolean): (string | symbol)[] {
  let keys: (string | symbol)[];
  const symbols = ObjectGetOwnPropertySymbols(value);
  if (showHidden) {
    keys = ObjectGetOwnPropertyNames(value);
    for (let i = 0; i < symbols.length; i++) ArrayPrototypePush(keys, symbols[i] as symbol);
  } else {
    try {
      keys = ObjectKeys(value);
    } catch {
      // Module namespace objects of unevaluated modules throw; Node falls back the same way.
      keys = ObjectGetOwnPropertyNames(value);
    }
    for (let i = 0; i < symbols.length; i++) {
      const symbol = symbols[i] as symbol;
      if (ObjectPrototypePropertyIsEnumerable(value, symbol)) ArrayPrototypePush(keys, symbol);
    }
  }
  return keys;
}

export function formatProperty(
  ctx: InspectContext,
  value: Loose,
  recurseTimes: number,
  key: string | symbol | number,
  type: number,
  descriptor?: PropertyDescriptor,
  original: unknown = value,
): string {
  let name: string;
  let str: string;
  let extra = ' ';
  // A Proxy may report a key and then no descriptor for it; Node would throw here.
  const desc = descriptor ?? getOwnDescriptor(value, key) ?? { value: undefined, enumerable: true };
  if (desc.value !== undefined) {
    const diff = ctx.compact !== true || type !== kObjectType ? 2 : 3;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, recurseTimes);
    if (diff === 3 && ctx.breakLength < getStringWidth(str, ctx.colors)) {
      extra = `\n${StringPrototypeRepeat(' ', ctx.indentationLvl)}`;
    }
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
    const s = ctx.stylize;
    const sp = 'special';
    if (
      ctx.getters &&
      (ctx.getters === true ||
        (ctx.getters === 'get' && desc.set === undefined) ||
        (ctx.getters === 'set' && desc.set !== undefined))
    ) {
      ctx.indentationLvl += 2;
      try {
        const tmp = FunctionPrototypeCall(desc.get, original);
        if (tmp === null) {
          str = `${s(`[${label}:`, sp)} ${s('null', 'null')}${s(']', sp)}`;
        } else if (typeof tmp === 'object' || typeof tmp === 'function') {
          str = `${s(`[${label}]`, sp)} ${formatValue(ctx, tmp, recurseTimes)}`;
        } else {
          const primitive = formatPrimitive(s, tmp, ctx);
          str = `${s(`[${label}:`, sp)} ${primitive}${s(']', sp)}`;
        }
      } catch (err) {
        const message = `<Inspection threw (${formatValue(ctx, err, recurseTimes)})>`;
        str = `${s(`[${label}:`, sp)} ${message}${s(']', sp)}`;
      }
      ctx.indentationLvl -= 2;
    } else {
      str = ctx.stylize(`[${label}]`, sp);
    }
  } else if (desc.set !== undefined) {
    str = ctx.stylize('[Setter]', 'special');
  } else {
    str = ctx.stylize('undefined', 'undefined');
  }
  if (type === kArrayType) return str;
  if (typeof key === 'symbol') {
    name = ctx.stylize(escapeAll(SymbolPrototypeToString(key)), 'symbol');
  } else if (RegExpPrototypeExec(keyStrRegExp, `${key}`) !== null) {
    name = key === '__proto__' ? "['__proto__']" : ctx.stylize(`${key}`, 'name');
  } else {
    name = ctx.stylize(strEscape(`${key}`), 'string');
  }
  if (desc.enumerable === false) name = `[${name}]`;
  return `${name}:${extra}${str}`;
}

/** `[key]: value` entries Node adds for typed arrays, buffers and DataViews. */
export function formatExtraProperties(
  ctx: InspectContext,
  value: Loose,
  recurseTimes: number,
  key: string,
  typedArray: boolean | undefined,
): string {
  ctx.indentationLvl += 2;
  const str = formatValue(ctx, value[key], recurseTimes, typedArray);
  ctx.indentationLvl -= 2;
  return `${ctx.stylize(`[${key}]`, 'string')}: ${str}`;
}
