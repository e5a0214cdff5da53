/**
 * Which of Node's `formatRaw` branches an object takes, checked in Node's order.
 *
 * The internal-slot checks throw on a miss, and a throw costs microseconds, so:
 * - the check the constructor name suggests runs first: internal slots exclude each other, so a
 *   hit settles every other slot check without running it, and the outcome stays Node's;
 * - a slot check runs only when the matching built-in prototype is on the value's prototype
 *   chain, or the chain does not end in `Object.prototype`. Node (asking V8) would still find
 *   the slot of, say, a Date whose prototype was replaced by a user class's; here such a value
 *   prints as an instance of that class. In exchange an instance of a user class costs no throw.
 */
import {
  ArrayBufferPrototype,
  ArrayPrototype,
  BigIntPrototype,
  BooleanPrototype,
  DataViewPrototype,
  DatePrototype,
  ErrorPrototype,
  FunctionPrototype,
  MapCtor,
  MapPrototype,
  MapPrototypeHas,
  MapPrototypeSet,
  NumberPrototype,
  ObjectGetPrototypeOf,
  ObjectPrototype,
  ObjectPrototypeHasOwnProperty,
  PromisePrototype,
  RegExpPrototype,
  SetPrototype,
  SharedArrayBufferPrototype,
  StringPrototype,
  SymbolPrototype,
  TypedArrayPrototype,
  WeakMapPrototype,
  WeakSetPrototype,
} from './primordials';
import {
  isAnyArrayBuffer,
  isBoxedPrimitive,
  isDataView,
  isDate,
  isError,
  isModuleNamespaceObject,
  isPromise,
  isRegExp,
  isWeakMap,
  isWeakSet,
} from './type-checks';

type SlotKind = 'regexp' | 'date' | 'arraybuffer' | 'dataview' | 'weakset' | 'weakmap' | 'boxed';
export type ObjectKind = SlotKind | 'error' | 'promise' | 'module';

const slotChecks: Record<SlotKind, (value: unknown) => boolean> = {
  __proto__: null,
  regexp: isRegExp,
  date: isDate,
  arraybuffer: isAnyArrayBuffer,
  dataview: isDataView,
  weakset: isWeakSet,
  weakmap: isWeakMap,
  boxed: isBoxedPrimitive,
} as never;

const hints: Record<string, SlotKind> = {
  __proto__: null,
  RegExp: 'regexp',
  Date: 'date',
  ArrayBuffer: 'arraybuffer',
  SharedArrayBuffer: 'arraybuffer',
  DataView: 'dataview',
  WeakSet: 'weakset',
  WeakMap: 'weakmap',
  Number: 'boxed',
  String: 'boxed',
  Boolean: 'boxed',
  BigInt: 'boxed',
  Symbol: 'boxed',
} as never;

const kSlotRegExp = 1;
const kSlotDate = 2;
const kSlotArrayBuffer = 4;
const kSlotDataView = 8;
const kSlotWeakSet = 16;
const kSlotWeakMap = 32;
export const kSlotBoxed = 64;
export const kSlotSet = 128;
export const kSlotMap = 256;
const kSlotAll = 511;

// Prototypes of built-in objects with internal slots (Array, Function and Error carry none that
// these checks look for; typed arrays are told apart without throwing).
const builtInPrototypes = new MapCtor<unknown, true>();
const builtInPrototypeList: unknown[] = [
  RegExpPrototype,
  DatePrototype,
  ArrayBufferPrototype,
  SharedArrayBufferPrototype,
  DataViewPrototype,
  WeakSetPrototype,
  WeakMapPrototype,
  NumberPrototype,
  StringPrototype,
  BooleanPrototype,
  BigIntPrototype,
  SymbolPrototype,
  SetPrototype,
  MapPrototype,
  PromisePrototype,
  ArrayPrototype,
  FunctionPrototype,
  ErrorPrototype,
  TypedArrayPrototype,
];
for (let i = 0; i < builtInPrototypeList.length; i++) {
  const proto = builtInPrototypeList[i];
  if (proto !== undefined) MapPrototypeSet(builtInPrototypes, proto, true);
}

/**
 * Bit set of the internal slots `value` may have, judged from its prototype chain: none when the
 * chain ends in `Object.prototype` without passing a built-in prototype (instances of user
 * classes, plain objects), else all of them (so a Map whose prototype became `Set.prototype`
 * still prints as Node prints it).
 */
export function getSlotCandidates(value: object): number {
  let current = ObjectGetPrototypeOf(value);
  for (let steps = 0; current !== null && steps < 10_000; steps++) {
    if (current === ObjectPrototype) return 0;
    if (MapPrototypeHas(builtInPrototypes, current)) return kSlotAll;
    current = ObjectGetPrototypeOf(current);
  }
  return kSlotAll;
}

const slotBits: Record<SlotKind, number> = {
  __proto__: null,
  regexp: kSlotRegExp,
  date: kSlotDate,
  arraybuffer: kSlotArrayBuffer,
  dataview: kSlotDataView,
  weakset: kSlotWeakSet,
  weakmap: kSlotWeakMap,
  boxed: kSlotBoxed,
} as never;

/**
 * The branch for a non-function object whose constructor is not `Object` (undefined: generic);
 * `candidates` comes from `getSlotCandidates`.
 */
export function getObjectKind(
  value: object,
  constructorName: string | null,
  candidates: number,
): ObjectKind | undefined {
  const hint =
    constructorName !== null && ObjectPrototypeHasOwnProperty(hints, constructorName)
      ? hints[constructorName]
      : undefined;
  const hinted =
    hint !== undefined && (candidates & slotBits[hint]) !== 0 && slotChecks[hint](value);
  const has = (kind: SlotKind): boolean => {
    if (hinted) return kind === hint;
    return kind !== hint && (candidates & slotBits[kind]) !== 0 && slotChecks[kind](value);
  };
  if (has('regexp')) return 'regexp';
  if (has('date')) return 'date';
  if (isError(value)) return 'error';
  if (has('arraybuffer')) return 'arraybuffer';
  if (has('dataview')) return 'dataview';
  if (isPromise(value)) return 'promise';
  if (has('weakset')) return 'weakset';
  if (has('weakmap')) return 'weakmap';
  if (isModuleNamespaceObject(value)) return 'module';
  if (has('boxed')) return 'boxed';
  return undefined;
}
