import { describeForError, Kind, kindOf } from './builtin-kind';
import {
  DOMException,
  domExceptionMessage,
  domExceptionName,
  isDOMException,
} from './dom-exception';
import { createNodeError, missingArgsError } from './node-errors';
import {
  ArrayBufferCtor,
  ArrayBufferIsView,
  ArrayBufferPrototypeGetByteLength,
  ArrayBufferPrototypeGetDetached,
  ArrayBufferPrototypeGetMaxByteLength,
  ArrayBufferPrototypeGetResizable,
  ArrayBufferPrototypeSlice,
  ArrayBufferPrototypeTransfer,
  ArrayIsArray,
  BigIntPrototypeValueOf,
  BooleanPrototypeValueOf,
  createList,
  DataViewCtor,
  DataViewPrototypeGetBuffer,
  DataViewPrototypeGetByteLength,
  DataViewPrototypeGetByteOffset,
  DateCtor,
  DatePrototypeGetTime,
  ErrorCtor,
  EvalErrorCtor,
  FunctionPrototypeToString,
  MapCtor,
  MapPrototypeForEach,
  MapPrototypeGet,
  MapPrototypeHas,
  MapPrototypeSet,
  NumberPrototypeValueOf,
  ObjectCtor,
  ObjectDefineProperty,
  ObjectKeys,
  ObjectPrototypeHasOwnProperty,
  RangeErrorCtor,
  ReferenceErrorCtor,
  RegExpCtor,
  SetCtor,
  SetPrototypeAdd,
  SetPrototypeForEach,
  SetPrototypeHas,
  StringCtor,
  StringPrototypeValueOf,
  SymbolIterator,
  SymbolPrototypeToString,
  SyntaxErrorCtor,
  TypedArrayConstructors,
  TypedArrayPrototypeGetBuffer,
  TypedArrayPrototypeGetByteOffset,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag,
  TypedArrayPrototypeSet,
  TypeErrorCtor,
  Uint8ArrayCtor,
  URIErrorCtor,
} from './primordials';

/** Error constructors a clone may get, by the original's `name` (others become `Error`). */
const errorConstructors: Record<string, ErrorConstructor> = {
  __proto__: null,
  Error: ErrorCtor,
  EvalError: EvalErrorCtor,
  RangeError: RangeErrorCtor,
  ReferenceError: ReferenceErrorCtor,
  SyntaxError: SyntaxErrorCtor,
  TypeError: TypeErrorCtor,
  URIError: URIErrorCtor,
} as unknown as Record<string, ErrorConstructor>;

function dataCloneError(message: string): DOMException {
  return new DOMException(message, 'DataCloneError');
}

function defineData(target: object, key: string | number, value: unknown, enumerable = true): void {
  ObjectDefineProperty(target, key, { value, writable: true, enumerable, configurable: true });
}

class Cloner {
  readonly #memory = new MapCtor<object, unknown>();

  clone(value: unknown): unknown {
    if (value === null) return value;
    const type = typeof value;
    if (type === 'symbol')
      throw dataCloneError(`${SymbolPrototypeToString(value as symbol)} could not be cloned.`);
    if (type === 'function') {
      throw dataCloneError(
        `${FunctionPrototypeToString(value as () => void)} could not be cloned.`,
      );
    }
    if (type !== 'object') return value;
    const object = value as object;
    if (MapPrototypeHas(this.#memory, object)) return MapPrototypeGet(this.#memory, object);

    if (ArrayIsArray(object))
      return this.#cloneProperties(object, this.#remember(object, newArray(object)));
    if (ArrayBufferIsView(object)) return this.#cloneView(object);
    if (isDOMException(object)) return this.#cloneDOMException(object);

    switch (kindOf(object)) {
      case undefined:
        return this.#cloneProperties(object, this.#remember(object, {}));
      case Kind.Boolean:
        return this.#remember(
          object,
          ObjectCtor(BooleanPrototypeValueOf(object as unknown as boolean)),
        );
      case Kind.Number:
        return this.#remember(
          object,
          ObjectCtor(NumberPrototypeValueOf(object as unknown as number)),
        );
      case Kind.String:
        return this.#remember(
          object,
          ObjectCtor(StringPrototypeValueOf(object as unknown as string)),
        );
      case Kind.BigInt:
        return this.#remember(
          object,
          ObjectCtor(BigIntPrototypeValueOf(object as unknown as bigint)),
        );
      case Kind.Date:
        return this.#remember(object, new DateCtor(DatePrototypeGetTime(object as Date)));
      case Kind.RegExp:
        // `new RegExp(regexp)` reads the original source and flags from internal slots.
        return this.#remember(object, new RegExpCtor(object as RegExp));
      case Kind.Map:
        return this.#cloneMap(object as Map<unknown, unknown>);
      case Kind.Set:
        return this.#cloneSet(object as Set<unknown>);
      case Kind.ArrayBuffer:
        return this.#remember(object, this.#copyBuffer(object as ArrayBuffer));
      case Kind.SharedArrayBuffer:
        // Shared memory stays shared; the same object is returned (a new wrapper cannot be made in JS).
        return this.#remember(object, object);
      case Kind.Error:
        return this.#cloneError(object as Error);
      case Kind.Platform:
        throw dataCloneError('Cannot clone object of unsupported type.');
      default:
        throw dataCloneError(`${describeForError(object)} could not be cloned.`);
    }
  }

  #remember<T>(original: object, copy: T): T {
    MapPrototypeSet(this.#memory, original, copy);
    return copy;
  }

  /** Copies own enumerable string-keyed properties (getters are invoked), as the standard does. */
  #cloneProperties(source: object, target: object): object {
    const keys = ObjectKeys(source);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (!ObjectPrototypeHasOwnProperty(source, key)) continue;
      const value = (source as Record<string, unknown>)[key];
      defineData(target, key, this.clone(value));
    }
    return target;
  }

  #cloneMap(source: Map<unknown, unknown>): Map<unknown, unknown> {
    const copy = this.#remember(source, new MapCtor<unknown, unknown>());
    const entries = createList<unknown>();
    MapPrototypeForEach(source, (value, key) => {
      entries[entries.length] = key;
      entries[entries.length] = value;
    });
    for (let i = 0; i < entries.length; i += 2) {
      MapPrototypeSet(copy, this.clone(entries[i]), this.clone(entries[i + 1]));
    }
    return copy;
  }

  #cloneSet(source: Set<unknown>): Set<unknown> {
    const copy = this.#remember(source, new SetCtor<unknown>());
    const values = createList<unknown>();
    SetPrototypeForEach(source, (value) => {
      values[values.length] = value;
    });
    for (let i = 0; i < values.length; i++) SetPrototypeAdd(copy, this.clone(values[i]));
    return copy;
  }

  #copyBuffer(buffer: ArrayBuffer): ArrayBuffer {
    if (ArrayBufferPrototypeGetDetached(buffer)) {
      throw dataCloneError('An ArrayBuffer is detached and could not be cloned.');
    }
    if (!ArrayBufferPrototypeGetResizable(buffer)) return ArrayBufferPrototypeSlice(buffer, 0);
    const length = ArrayBufferPrototypeGetByteLength(buffer);
    const ResizableArrayBuffer = ArrayBufferCtor as unknown as new (
      length: number,
      options: { maxByteLength: number },
    ) => ArrayBuffer;
    const copy = new ResizableArrayBuffer(length, {
      maxByteLength: ArrayBufferPrototypeGetMaxByteLength(buffer),
    });
    TypedArrayPrototypeSet(new Uint8ArrayCtor(copy), new Uint8ArrayCtor(buffer));
    return copy;
  }

  #cloneView(view: ArrayBufferView): ArrayBufferView {
    const kind = TypedArrayPrototypeGetSymbolToStringTag(view);
    if (kind === undefined) {
      const dataView = view as DataView;
      const offset = DataViewPrototypeGetByteOffset(dataView);
      const length = DataViewPrototypeGetByteLength(dataView);
      const buffer = this.clone(DataViewPrototypeGetBuffer(dataView)) as ArrayBuffer;
      return this.#remember(view, new DataViewCtor(buffer, offset, length));
    }
    const offset = TypedArrayPrototypeGetByteOffset(view);
    const length = TypedArrayPrototypeGetLength(view);
    const buffer = this.clone(TypedArrayPrototypeGetBuffer(view)) as ArrayBuffer;
    const Constructor = TypedArrayConstructors[kind] as unknown as new (
      buffer: ArrayBufferLike,
      byteOffset: number,
      length: number,
    ) => ArrayBufferView;
    return this.#remember(view, new Constructor(buffer, offset, length));
  }

  #cloneError(error: Error): Error {
    let name: unknown;
    try {
      name = error.name;
    } catch {
      name = undefined;
    }
    const Constructor =
      (typeof name === 'string' ? errorConstructors[name] : undefined) ?? ErrorCtor;
    const copy = this.#remember(error, new Constructor());
    // The new error's own stack describes this clone call: replace it with the original's.
    delete (copy as { stack?: unknown }).stack;
    const stackDescriptor = ObjectPrototypeHasOwnProperty(error, 'stack') ? error.stack : undefined;
    if (typeof stackDescriptor === 'string') defineData(copy, 'stack', stackDescriptor, false);
    if (ObjectPrototypeHasOwnProperty(error, 'message')) {
      defineData(copy, 'message', StringCtor(error.message), false);
    }
    if (ObjectPrototypeHasOwnProperty(error, 'cause')) {
      defineData(copy, 'cause', this.clone((error as { cause?: unknown }).cause), false);
    }
    return copy;
  }

  #cloneDOMException(exception: DOMException): DOMException {
    const copy = this.#remember(
      exception,
      new DOMException(domExceptionMessage(exception), domExceptionName(exception)),
    );
    const stack = ObjectPrototypeHasOwnProperty(exception, 'stack')
      ? (exception as { stack?: unknown }).stack
      : undefined;
    if (typeof stack === 'string') defineData(copy, 'stack', stack, false);
    return copy;
  }
}

function newArray(source: unknown[]): unknown[] {
  const copy: unknown[] = [];
  copy.length = source.length;
  return copy;
}

function readTransferList(options: unknown): Set<ArrayBuffer> {
  const transfer = new SetCtor<ArrayBuffer>();
  if (options === undefined || options === null) return transfer;
  if (typeof options !== 'object' && typeof options !== 'function') {
    throw createNodeError(
      TypeErrorCtor,
      'ERR_INVALID_ARG_TYPE',
      'The "options" argument must be of type object.',
    );
  }
  const list = (options as { transfer?: unknown }).transfer;
  if (list === undefined) return transfer;
  if (
    list === null ||
    typeof list !== 'object' ||
    typeof (list as Iterable<unknown>)[SymbolIterator] !== 'function'
  ) {
    throw createNodeError(
      TypeErrorCtor,
      'ERR_INVALID_ARG_TYPE',
      "Failed to execute 'structuredClone': transfer is not iterable.",
    );
  }
  let index = 0;
  for (const item of list as Iterable<unknown>) {
    if (item === null || (typeof item !== 'object' && typeof item !== 'function')) {
      throw createNodeError(
        TypeErrorCtor,
        'ERR_INVALID_ARG_TYPE',
        `Failed to execute 'structuredClone': transfer in Options[${index}] is not an object.`,
      );
    }
    if (kindOf(item as object) !== Kind.ArrayBuffer) throw dataCloneError('Value not transferable');
    if (SetPrototypeHas(transfer, item as ArrayBuffer)) {
      throw dataCloneError(
        `ArrayBuffer at index ${index} is a duplicate of an earlier ArrayBuffer.`,
      );
    }
    if (ArrayBufferPrototypeGetDetached(item as ArrayBuffer)) {
      throw dataCloneError(`ArrayBuffer at index ${index} is already detached.`);
    }
    SetPrototypeAdd(transfer, item as ArrayBuffer);
    index++;
  }
  return transfer;
}

/**
 * The HTML `structuredClone(value, { transfer })`: primitives, wrappers, Date, RegExp, Map, Set,
 * ArrayBuffer (resizable too), typed arrays, DataView, errors (by name, with message, stack and
 * cause), DOMException, arrays (holes kept) and plain objects, preserving cycles and shared
 * references. Other objects become plain objects of their own enumerable properties (their
 * prototype is dropped). Functions, symbols, promises, weak collections and the sandbox's
 * `URL`/`URLSearchParams` throw a DOMException `DataCloneError`, as in Node.
 *
 * Known limits: a Proxy is cloned through its traps (JavaScript cannot detect proxies); a
 * SharedArrayBuffer is returned as the same object; transferred ArrayBuffers are copied, then
 * detached.
 */
export function structuredClone(value: unknown, options: unknown = undefined): unknown {
  // biome-ignore lint/complexity/noArguments: the platform counts the arguments actually passed.
  if (arguments.length === 0) throw missingArgsError('value');
  const transfer = readTransferList(options);
  const copy = new Cloner().clone(value);
  const detach = ArrayBufferPrototypeTransfer;
  if (detach !== undefined) SetPrototypeForEach(transfer, (buffer) => void detach(buffer));
  return copy;
}
