/** A stand-in for V8's `GetConstructorName`, which Node reads through an internal binding. */
import {
  ArrayIsArray,
  type Loose,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  SymbolToStringTag,
  TypedArrayPrototypeGetSymbolToStringTag,
} from './primordials';
import {
  isAnyArrayBuffer,
  isBooleanObject,
  isDataView,
  isDate,
  isMap,
  isNumberObject,
  isRegExp,
  isSet,
  isStringObject,
  isWeakMap,
  isWeakSet,
} from './type-checks';

/** The class of a built-in object, which V8 records in the object's map. */
function builtInTypeName(value: object): string | undefined {
  if (typeof value === 'function') return 'Function';
  if (ArrayIsArray(value)) return 'Array';
  const typedArrayName = TypedArrayPrototypeGetSymbolToStringTag(value);
  if (typedArrayName !== undefined) return typedArrayName;
  if (isMap(value)) return 'Map';
  if (isSet(value)) return 'Set';
  if (isWeakMap(value)) return 'WeakMap';
  if (isWeakSet(value)) return 'WeakSet';
  if (isDate(value)) return 'Date';
  if (isRegExp(value)) return 'RegExp';
  if (isDataView(value)) return 'DataView';
  if (isAnyArrayBuffer(value)) return 'ArrayBuffer';
  if (isNumberObject(value)) return 'Number';
  if (isStringObject(value)) return 'String';
  if (isBooleanObject(value)) return 'Boolean';
  return undefined;
}

function dataPropertyValue(object: object, key: PropertyKey): unknown {
  const descriptor = ObjectGetOwnPropertyDescriptor(object, key);
  return descriptor === undefined
    ? undefined
    : ObjectGetOwnPropertyDescriptor(descriptor, 'value')?.value;
}

/**
 * V8's `JSReceiver::GetConstructorName`: (1) the constructor recorded in the object's map, then
 * (2) along the prototype chain a string `Symbol.toStringTag` data property, or (above the object
 * itself) a named `constructor` data property other than `Object`; else the object's class name.
 * Step 1 is not observable from JavaScript except for built-in types: instances of user classes
 * whose prototype has since been replaced are named `Object` here where V8 knows the class.
 */
export function internalGetConstructorName(value: object): string {
  const builtIn = builtInTypeName(value);
  if (builtIn !== undefined) return builtIn;
  let current: Loose = value;
  for (let steps = 0; current !== null && steps < 10_000; steps++) {
    const tag = dataPropertyValue(current, SymbolToStringTag);
    if (typeof tag === 'string') return tag;
    if (current !== value) {
      const ctorName = dataPropertyValue(current, 'constructor');
      if (typeof ctorName === 'function') {
        const name = dataPropertyValue(ctorName, 'name');
        if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
      }
    }
    current = ObjectGetPrototypeOf(current);
  }
  return 'Object';
}
