/** How `util.inspect` names a value's constructor (`Foo {}`, `[Object: null prototype] {}`, ...). */
import { isBuiltInName } from './built-in-names';
import { formatProperty, getOwnDescriptor } from './format-property';
import { inspect } from './inspect';
import { type InspectContext, kObjectType } from './inspect-options';
import { internalGetConstructorName } from './internal-constructor-name';
import {
  AggregateErrorPrototype,
  ArrayBufferPrototype,
  ArrayPrototype,
  ArrayPrototypePop,
  ArrayPrototypePush,
  BooleanPrototype,
  DataViewPrototype,
  DatePrototype,
  ErrorPrototype,
  FunctionPrototype,
  FunctionPrototypeSymbolHasInstance,
  type Loose,
  MapCtor,
  MapPrototype,
  MapPrototypeGet,
  MapPrototypeSet,
  NumberPrototype,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectPrototype,
  ObjectPrototypeHasOwnProperty,
  PromisePrototype,
  RangeErrorPrototype,
  ReflectOwnKeys,
  RegExpPrototype,
  SetCtor,
  SetPrototype,
  SetPrototypeAdd,
  SetPrototypeHas,
  StringCtor,
  StringPrototype,
  StringPrototypeIndexOf,
  StringPrototypeToLowerCase,
  TypedArrayCtor,
  TypedArrayPrototype,
  TypeErrorPrototype,
  WeakMapPrototype,
  WeakSetPrototype,
} from './primordials';

// Special-case built-in prototypes in case their `constructor` property has been tampered with.
const wellKnownPrototypes = new MapCtor<object, { name: string; ctorName: unknown }>();
const wellKnown: [object, string, unknown][] = [
  [ArrayPrototype, 'Array', Array],
  [ArrayBufferPrototype, 'ArrayBuffer', ArrayBuffer],
  [FunctionPrototype, 'Function', Function],
  [MapPrototype, 'Map', Map],
  [SetPrototype, 'Set', Set],
  [ObjectPrototype, 'Object', Object],
  [TypedArrayPrototype, 'TypedArray', TypedArrayCtor],
  [RegExpPrototype, 'RegExp', RegExp],
  [DatePrototype, 'Date', Date],
  [DataViewPrototype, 'DataView', DataView],
  [ErrorPrototype, 'Error', Error],
  [AggregateErrorPrototype, 'AggregateError', AggregateError],
  [RangeErrorPrototype, 'RangeError', RangeError],
  [TypeErrorPrototype, 'TypeError', TypeError],
  [BooleanPrototype, 'Boolean', Boolean],
  [NumberPrototype, 'Number', Number],
  [StringPrototype, 'String', String],
  [PromisePrototype, 'Promise', Promise],
  [WeakMapPrototype, 'WeakMap', WeakMap],
  [WeakSetPrototype, 'WeakSet', WeakSet],
];
for (let i = 0; i < wellKnown.length; i++) {
  const [proto, name, ctorName] = wellKnown[i] as [object, string, unknown];
  MapPrototypeSet(wellKnownPrototypes, proto, { __proto__: null, name, ctorName } as never);
}

function isInstanceof(object: unknown, proto: Loose): boolean {
  try {
    return object instanceof proto;
  } catch {
    return false;
  }
}

export function getConstructorName(
  value: object,
  ctx: InspectContext,
  recurseTimes: number,
  protoProps: string[] | undefined,
): string | null {
  let firstProto: Loose;
  const tmp = value;
  let obj: Loose = value;
  while (obj) {
    const wellKnownEntry = MapPrototypeGet(wellKnownPrototypes, obj);
    if (wellKnownEntry !== undefined) {
      const { name, ctorName } = wellKnownEntry;
      if (FunctionPrototypeSymbolHasInstance(ctorName, tmp)) {
        if (protoProps !== undefined && firstProto !== obj) {
          addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
        }
        return name;
      }
    }
    const descriptor = ObjectGetOwnPropertyDescriptor(obj, 'constructor');
    if (
      descriptor !== undefined &&
      typeof descriptor.value === 'function' &&
      descriptor.value.name !== '' &&
      isInstanceof(tmp, descriptor.value)
    ) {
      if (
        protoProps !== undefined &&
        (firstProto !== obj || !isBuiltInName(descriptor.value.name))
      ) {
        addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
      }
      return StringCtor(descriptor.value.name);
    }
    obj = ObjectGetPrototypeOf(obj);
    if (firstProto === undefined) firstProto = obj;
  }
  if (firstProto === null) return null;

  const res = internalGetConstructorName(tmp);
  if (recurseTimes > (ctx.depth as number) && ctx.depth !== null) {
    return `${res} <Complex prototype>`;
  }
  const protoConstr = getConstructorName(firstProto, ctx, recurseTimes + 1, protoProps);
  if (protoConstr === null) {
    return `${res} <${inspect(firstProto, { ...ctx, customInspect: false, depth: -1 } as never)}>`;
  }
  return `${res} <${protoConstr}>`;
}

/**
 * Adds user-defined prototype properties (up to three layers) to `output`; only with `showHidden`.
 */
function addPrototypeProperties(
  ctx: InspectContext,
  main: object,
  start: object,
  recurseTimes: number,
  output: string[],
): void {
  let obj: Loose = start;
  let depth = 0;
  let keys: (string | symbol)[] = [];
  let keySet: Set<string | symbol> = new SetCtor();
  do {
    if (depth !== 0 || main === obj) {
      obj = ObjectGetPrototypeOf(obj);
      if (obj === null) return;
      const descriptor = ObjectGetOwnPropertyDescriptor(obj, 'constructor');
      if (
        descriptor !== undefined &&
        typeof descriptor.value === 'function' &&
        isBuiltInName(descriptor.value.name)
      ) {
        return;
      }
    }
    if (depth === 0) {
      keySet = new SetCtor();
    } else {
      for (let i = 0; i < keys.length; i++) SetPrototypeAdd(keySet, keys[i] as string | symbol);
    }
    keys = ReflectOwnKeys(obj);
    ArrayPrototypePush(ctx.seen, main);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string | symbol;
      if (
        key === 'constructor' ||
        ObjectPrototypeHasOwnProperty(main, key) ||
        (depth !== 0 && SetPrototypeHas(keySet, key))
      ) {
        continue;
      }
      const desc = getOwnDescriptor(obj, key) as PropertyDescriptor;
      if (typeof desc.value === 'function') continue;
      const value = formatProperty(ctx, obj, recurseTimes, key, kObjectType, desc, main);
      ArrayPrototypePush(output, ctx.colors ? `\u001b[2m${value}\u001b[22m` : value);
    }
    ArrayPrototypePop(ctx.seen);
  } while (++depth !== 3);
}

export function getPrefix(
  ctorName: string | null,
  tag: string,
  fallback: string,
  size = '',
): string {
  if (ctorName === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  let result = `${ctorName}${size} `;
  if (tag !== '') {
    const position = StringPrototypeIndexOf(ctorName, tag);
    if (position === -1) {
      result += `[${tag}] `;
    } else {
      const endPos = position + tag.length;
      if (
        endPos !== ctorName.length &&
        ctorName[endPos] === StringPrototypeToLowerCase(ctorName[endPos] as string)
      ) {
        result += `[${tag}] `;
      }
    }
  }
  return result;
}

export function getCtxStyle(value: object, ctorName: string | null, tag: string): string {
  let fallback = '';
  if (ctorName === null) {
    fallback = internalGetConstructorName(value);
    if (fallback === tag) fallback = 'Object';
  }
  return getPrefix(ctorName, tag, fallback);
}
