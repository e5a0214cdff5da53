import {
  FunctionPrototypeToString,
  JSONStringify,
  ObjectDefineProperty,
  ObjectIs,
  StringCtor,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  SymbolPrototypeToString,
  TypeErrorCtor,
} from './primordials';

type ErrorConstructorLike = new (message?: string) => Error;

/**
 * An error shaped like Node's internal errors: the built-in class (`TypeError`...), an own `code`
 * (`'ERR_INVALID_ARG_TYPE'`), and a stack whose first line reads `TypeError [CODE]: message`
 * (or `TypeError: message` with `codeInStack` false, as Node's URL and decoding errors do).
 * Sandboxed code that checks `error.code` then behaves as it would under Node.
 */
export function createNodeError(
  ErrorClass: ErrorConstructorLike,
  code: string,
  message: string,
  codeInStack = true,
): Error & { code: string } {
  const error = new ErrorClass(message) as Error & { code: string };
  ObjectDefineProperty(error, 'code', {
    value: code,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  // Some Node errors (ERR_INVALID_URL, ERR_ENCODING_INVALID_ENCODED_DATA) keep a plain header.
  if (!codeInStack) return error;
  // V8 formats `stack` on first access: format it now under Node's `Name [CODE]` header.
  const name = error.name;
  ObjectDefineProperty(error, 'name', {
    value: `${name} [${code}]`,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  try {
    void error.stack;
  } catch {
    // A user-installed Error.prepareStackTrace threw: keep the error without the header.
  }
  delete (error as { name?: string }).name;
  return error;
}

/**
 * Describes a received value the way Node's `ERR_INVALID_ARG_TYPE` messages do:
 * `undefined`, `type string ('x')`, `type number (5)`, `an instance of Object`, `function f`.
 */
export function describeReceived(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'bigint':
      return `type bigint (${StringCtor(value)}n)`;
    case 'number':
      return `type number (${ObjectIs(value, -0) ? '-0' : StringCtor(value)})`;
    case 'boolean':
      return `type boolean (${value ? 'true' : 'false'})`;
    case 'symbol':
      return `type symbol (${SymbolPrototypeToString(value)})`;
    case 'function': {
      const name = (value as { name?: unknown }).name;
      return typeof name === 'string' && name !== ''
        ? `function ${name}`
        : `function ${StringPrototypeSlice(FunctionPrototypeToString(value as () => void), 0, 40)}`;
    }
    case 'string': {
      const shown = value.length > 28 ? `${StringPrototypeSlice(value, 0, 25)}...` : value;
      return StringPrototypeIndexOf(shown, "'") === -1
        ? `type string ('${shown}')`
        : `type string (${JSONStringify(shown)})`;
    }
    default: {
      let constructorName: unknown;
      try {
        constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
      } catch {
        constructorName = undefined;
      }
      return typeof constructorName === 'string' && constructorName !== ''
        ? `an instance of ${constructorName}`
        : '[Object: null prototype] {}';
    }
  }
}

/** Node's `ERR_INVALID_ARG_TYPE`: `The "name" argument must be <expected>. Received <value>`. */
export function invalidArgTypeError(name: string, expected: string, received: unknown): Error {
  return createNodeError(
    TypeErrorCtor,
    'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be ${expected}. Received ${describeReceived(received)}`,
  );
}

/** Throws Node's `ERR_INVALID_ARG_TYPE` unless `value` is a function. */
export function validateFunction(
  value: unknown,
  name: string,
): asserts value is (...args: unknown[]) => unknown {
  if (typeof value !== 'function') throw invalidArgTypeError(name, 'of type function', value);
}

/** Node's `ERR_MISSING_ARGS`: `The "name" argument must be specified`. */
export function missingArgsError(name: string): Error {
  return createNodeError(
    TypeErrorCtor,
    'ERR_MISSING_ARGS',
    `The "${name}" argument must be specified`,
  );
}
