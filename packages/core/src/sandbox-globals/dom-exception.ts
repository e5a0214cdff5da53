import { defineToStringTag, makeEnumerable } from './define-global';
import { createNodeError } from './node-errors';
import {
  ErrorCaptureStackTrace,
  ErrorPrototype,
  ObjectDefineProperties,
  ObjectDefineProperty,
  ObjectSetPrototypeOf,
  StringCtor,
  TypeErrorCtor,
} from './primordials';

const legacyCodes: Record<string, number> = {
  __proto__: null,
  IndexSizeError: 1,
  HierarchyRequestError: 3,
  WrongDocumentError: 4,
  InvalidCharacterError: 5,
  NoModificationAllowedError: 7,
  NotFoundError: 8,
  NotSupportedError: 9,
  InUseAttributeError: 10,
  InvalidStateError: 11,
  SyntaxError: 12,
  InvalidModificationError: 13,
  NamespaceError: 14,
  InvalidAccessError: 15,
  TypeMismatchError: 17,
  SecurityError: 18,
  NetworkError: 19,
  AbortError: 20,
  URLMismatchError: 21,
  QuotaExceededError: 22,
  TimeoutError: 23,
  InvalidNodeTypeError: 24,
  DataCloneError: 25,
} as unknown as Record<string, number>;

const constantNames = [
  'INDEX_SIZE_ERR',
  'DOMSTRING_SIZE_ERR',
  'HIERARCHY_REQUEST_ERR',
  'WRONG_DOCUMENT_ERR',
  'INVALID_CHARACTER_ERR',
  'NO_DATA_ALLOWED_ERR',
  'NO_MODIFICATION_ALLOWED_ERR',
  'NOT_FOUND_ERR',
  'NOT_SUPPORTED_ERR',
  'INUSE_ATTRIBUTE_ERR',
  'INVALID_STATE_ERR',
  'SYNTAX_ERR',
  'INVALID_MODIFICATION_ERR',
  'NAMESPACE_ERR',
  'INVALID_ACCESS_ERR',
  'VALIDATION_ERR',
  'TYPE_MISMATCH_ERR',
  'SECURITY_ERR',
  'NETWORK_ERR',
  'ABORT_ERR',
  'URL_MISMATCH_ERR',
  'QUOTA_EXCEEDED_ERR',
  'TIMEOUT_ERR',
  'INVALID_NODE_TYPE_ERR',
  'DATA_CLONE_ERR',
];

function invalidThis(): Error {
  return createNodeError(
    TypeErrorCtor,
    'ERR_INVALID_THIS',
    'Value of "this" must be of type DOMException',
  );
}

let isDOMExceptionImpl: (value: unknown) => boolean;
let nameOf: (exception: DOMException) => string;
let messageOf: (exception: DOMException) => string;

/**
 * The WebIDL `DOMException`, shaped like Node's: `new DOMException(message?, name? | { name, cause })`,
 * `name`/`message`/`code` getters on the prototype, the legacy `*_ERR` constants, an own `stack`,
 * and `Error.prototype` on its prototype chain (`instanceof Error` holds).
 */
export class DOMException {
  readonly #name: string;
  readonly #message: string;

  constructor(message: unknown = '', options: unknown = 'Error') {
    if (ErrorCaptureStackTrace) ErrorCaptureStackTrace(this);
    this.#message = StringCtor(message);
    if (options !== null && typeof options === 'object') {
      const name = (options as { name?: unknown }).name;
      this.#name = name === undefined ? 'Error' : StringCtor(name);
      if ('cause' in options) {
        ObjectDefineProperty(this, 'cause', {
          value: (options as { cause?: unknown }).cause,
          writable: true,
          enumerable: false,
          configurable: true,
        });
      }
    } else {
      this.#name = StringCtor(options);
    }
  }

  get name(): string {
    if (!(#name in this)) throw invalidThis();
    return this.#name;
  }

  get message(): string {
    if (!(#message in this)) throw invalidThis();
    return this.#message;
  }

  get code(): number {
    if (!(#name in this)) throw invalidThis();
    return legacyCodes[this.#name] ?? 0;
  }

  static {
    isDOMExceptionImpl = (value) => value !== null && typeof value === 'object' && #name in value;
    nameOf = (exception) => exception.#name;
    messageOf = (exception) => exception.#message;
  }
}

/** True when `value` was made by this DOMException class (a brand check, not `instanceof`). */
export function isDOMException(value: unknown): value is DOMException {
  return isDOMExceptionImpl(value);
}

ObjectSetPrototypeOf(DOMException.prototype, ErrorPrototype);
makeEnumerable(DOMException.prototype, ['name', 'message', 'code']);
defineToStringTag(DOMException.prototype, 'DOMException');
{
  const descriptors: PropertyDescriptorMap = {};
  for (let i = 0; i < constantNames.length; i++) {
    descriptors[constantNames[i] as string] = {
      value: i + 1,
      writable: false,
      enumerable: true,
      configurable: false,
    };
  }
  ObjectDefineProperties(DOMException, descriptors);
  ObjectDefineProperties(DOMException.prototype, descriptors);
}

/** The name of a DOMException, read from its internal slot (immune to prototype changes). */
export function domExceptionName(exception: DOMException): string {
  return nameOf(exception);
}

/** The message of a DOMException, read from its internal slot. */
export function domExceptionMessage(exception: DOMException): string {
  return messageOf(exception);
}
