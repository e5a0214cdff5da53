import {
  ArrayBufferPrototypeGetByteLength,
  BigIntPrototypeValueOf,
  BooleanPrototypeValueOf,
  createList,
  DatePrototypeGetTime,
  MapCtor,
  MapPrototypeGet,
  MapPrototypeGetSize,
  MapPrototypeSet,
  NumberPrototypeValueOf,
  ObjectGetPrototypeOf,
  ObjectPrototype,
  RegExpPrototypeGetSource,
  SetPrototypeGetSize,
  SharedArrayBufferCtor,
  SharedArrayBufferPrototypeGetByteLength,
  StringPrototypeValueOf,
} from './primordials';

/** The intrinsic prototypes, captured when the bundle loads (before user code). */
const intrinsics = {
  Boolean: Boolean.prototype,
  Number: Number.prototype,
  String: String.prototype,
  BigInt: BigInt.prototype,
  Date: Date.prototype,
  RegExp: RegExp.prototype,
  Map: Map.prototype,
  Set: Set.prototype,
  ArrayBuffer: ArrayBuffer.prototype,
  SharedArrayBuffer: SharedArrayBufferCtor?.prototype,
  Error: Error.prototype,
  Promise: Promise.prototype,
  WeakMap: WeakMap.prototype,
  WeakSet: WeakSet.prototype,
  WeakRef: (globalThis as { WeakRef?: { prototype: object } }).WeakRef?.prototype,
  FinalizationRegistry: (globalThis as { FinalizationRegistry?: { prototype: object } })
    .FinalizationRegistry?.prototype,
  Symbol: Symbol.prototype,
  Generator: ObjectGetPrototypeOf(function* () {}).prototype as object,
  AsyncGenerator: ObjectGetPrototypeOf(async function* () {}).prototype as object,
  ArrayIterator: ObjectGetPrototypeOf([][Symbol.iterator]()) as object,
  MapIterator: ObjectGetPrototypeOf(new Map()[Symbol.iterator]()) as object,
  SetIterator: ObjectGetPrototypeOf(new Set()[Symbol.iterator]()) as object,
  StringIterator: ObjectGetPrototypeOf(''[Symbol.iterator]()) as object,
};

/** What kind of built-in an object is, found through its prototype chain. */
export enum Kind {
  Boolean,
  Number,
  String,
  BigInt,
  Date,
  RegExp,
  Map,
  Set,
  ArrayBuffer,
  SharedArrayBuffer,
  Error,
  /** Built-ins that cannot be cloned (Promise, WeakMap, generators...). */
  Uncloneable,
  /** Platform objects Node refuses to clone (URL, URLSearchParams). */
  Platform,
}

let kindTable: Map<object, Kind> | undefined;
const uncloneableNames = new MapCtor<object, string>();
/** Platform prototypes marked before the kind table exists. */
const platformPrototypes = createList<object>();

/** Intrinsic prototype → kind, built on first clone (loading the bundle stays cheap). */
function kinds(): Map<object, Kind> {
  if (kindTable !== undefined) return kindTable;
  const table = new MapCtor<object, Kind>();
  const add = (prototype: unknown, kind: Kind) => {
    if (prototype !== null && typeof prototype === 'object')
      MapPrototypeSet(table, prototype, kind);
  };
  add(intrinsics.Boolean, Kind.Boolean);
  add(intrinsics.Number, Kind.Number);
  add(intrinsics.String, Kind.String);
  add(intrinsics.BigInt, Kind.BigInt);
  add(intrinsics.Date, Kind.Date);
  add(intrinsics.RegExp, Kind.RegExp);
  add(intrinsics.Map, Kind.Map);
  add(intrinsics.Set, Kind.Set);
  add(intrinsics.ArrayBuffer, Kind.ArrayBuffer);
  add(intrinsics.SharedArrayBuffer, Kind.SharedArrayBuffer);
  add(intrinsics.Error, Kind.Error);
  const uncloneable = (prototype: unknown, name: string) => {
    if (prototype === null || typeof prototype !== 'object') return;
    add(prototype, Kind.Uncloneable);
    MapPrototypeSet(uncloneableNames, prototype, name);
  };
  // How V8 names them in "... could not be cloned." messages.
  uncloneable(intrinsics.Promise, '#<Promise>');
  uncloneable(intrinsics.WeakMap, '#<WeakMap>');
  uncloneable(intrinsics.WeakSet, '#<WeakSet>');
  uncloneable(intrinsics.WeakRef, '#<WeakRef>');
  uncloneable(intrinsics.FinalizationRegistry, '#<FinalizationRegistry>');
  uncloneable(intrinsics.Symbol, '[object Symbol]');
  uncloneable(intrinsics.Generator, '#<Generator>');
  uncloneable(intrinsics.AsyncGenerator, '#<AsyncGenerator>');
  uncloneable(intrinsics.ArrayIterator, '#<Array Iterator>');
  uncloneable(intrinsics.MapIterator, '#<Map Iterator>');
  uncloneable(intrinsics.SetIterator, '#<Set Iterator>');
  uncloneable(intrinsics.StringIterator, '#<String Iterator>');
  for (let i = 0; i < platformPrototypes.length; i++) {
    MapPrototypeSet(table, platformPrototypes[i] as object, Kind.Platform);
  }
  kindTable = table;
  return table;
}

/**
 * Marks instances of a sandbox platform class as not cloneable: `structuredClone` throws
 * `DataCloneError` for them. Used for `URL` and `URLSearchParams`, as Node does; the other
 * classes (TextEncoder, AbortSignal...) clone to plain objects in Node and here.
 */
export function markNotCloneable(prototype: object): void {
  platformPrototypes[platformPrototypes.length] = prototype;
  if (kindTable !== undefined) MapPrototypeSet(kindTable, prototype, Kind.Platform);
}

/** How V8 names an uncloneable built-in in its DataCloneError message (`#<Promise>`). */
export function describeForError(value: object): string {
  let prototype = ObjectGetPrototypeOf(value);
  while (prototype !== null) {
    const name = MapPrototypeGet(uncloneableNames, prototype);
    if (name !== undefined) return name;
    prototype = ObjectGetPrototypeOf(prototype);
  }
  return '#<Object>';
}

/** Confirms a built-in kind with a brand check (a method that throws for impostors). */
function hasBrand(value: object, kind: Kind): boolean {
  try {
    switch (kind) {
      case Kind.Boolean:
        BooleanPrototypeValueOf(value as unknown as boolean);
        return true;
      case Kind.Number:
        NumberPrototypeValueOf(value as unknown as number);
        return true;
      case Kind.String:
        StringPrototypeValueOf(value as unknown as string);
        return true;
      case Kind.BigInt:
        BigIntPrototypeValueOf(value as unknown as bigint);
        return true;
      case Kind.Date:
        DatePrototypeGetTime(value as Date);
        return true;
      case Kind.RegExp:
        RegExpPrototypeGetSource(value as RegExp);
        return value !== intrinsics.RegExp;
      case Kind.Map:
        MapPrototypeGetSize(value as Map<unknown, unknown>);
        return true;
      case Kind.Set:
        SetPrototypeGetSize(value as Set<unknown>);
        return true;
      case Kind.ArrayBuffer:
        ArrayBufferPrototypeGetByteLength(value as ArrayBuffer);
        return true;
      case Kind.SharedArrayBuffer:
        (SharedArrayBufferPrototypeGetByteLength as (buffer: SharedArrayBuffer) => number)(
          value as SharedArrayBuffer,
        );
        return true;
      default:
        return true;
    }
  } catch {
    return false;
  }
}

/** The built-in kind of `value` from its prototype chain, or undefined for ordinary objects. */
export function kindOf(value: object): Kind | undefined {
  const table = kinds();
  let prototype = ObjectGetPrototypeOf(value);
  while (prototype !== null && prototype !== ObjectPrototype) {
    const kind = MapPrototypeGet(table, prototype);
    if (kind !== undefined) return hasBrand(value, kind) ? kind : undefined;
    prototype = ObjectGetPrototypeOf(prototype);
  }
  return undefined;
}
