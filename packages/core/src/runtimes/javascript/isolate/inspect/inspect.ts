/**
 * A port of Node 24's `util.inspect` (lib/internal/util/inspect.js) for a bare V8 context: only
 * ECMAScript built-ins, no Node bindings. Output matches Node's for the same value and options,
 * except where the isolate cannot know what V8 tells Node (listed in `index.ts`).
 */
import { describeThrown, formatValue } from './format-value';
import {
  createInspectContext,
  type InspectOptions,
  inspectDefaultOptions,
} from './inspect-options';
import {
  ObjectDefineProperty,
  ObjectKeys,
  ObjectPrototypeHasOwnProperty,
  SymbolFor,
} from './primordials';
import { inspectColors, inspectStyles, stylizeWithColor } from './stylize';

export { format, formatWithOptions } from './format-with-options';
export {
  type PromiseState,
  type PromiseStateInspector,
  type ProxyDetails,
  type ProxyInspector,
  setPromiseStateInspector,
  setProxyInspector,
} from './host-hooks';
export type { InspectOptions } from './inspect-options';

/** `util.inspect.custom`: objects may define `[customInspectSymbol](depth, options, inspect)`. */
export const customInspectSymbol: unique symbol = SymbolFor('nodejs.util.inspect.custom') as never;

export interface Inspect {
  (value: unknown, options?: InspectOptions): string;
  /** Legacy signature: `inspect(value, showHidden, depth, colors)`. */
  (value: unknown, showHidden?: boolean, depth?: number | null, colors?: boolean): string;
  readonly custom: typeof customInspectSymbol;
  readonly colors: typeof inspectColors;
  readonly styles: typeof inspectStyles;
  readonly defaultOptions: typeof inspectDefaultOptions;
}

function inspectImplementation(value: unknown, ...rest: unknown[]): string {
  const opts = rest[0] as InspectOptions | boolean | undefined;
  const ctx = createInspectContext();
  const context = ctx as unknown as Record<string, unknown>;
  try {
    if (rest.length > 0) {
      // Legacy: value, showHidden, depth, colors.
      if (rest.length > 1) {
        if (rest[1] !== undefined) ctx.depth = rest[1] as number | null;
        if (rest.length > 2 && rest[2] !== undefined) ctx.colors = rest[2] as boolean;
      }
      if (typeof opts === 'boolean') {
        ctx.showHidden = opts;
      } else if (opts) {
        const optKeys = ObjectKeys(opts);
        for (let i = 0; i < optKeys.length; ++i) {
          const key = optKeys[i] as string;
          if (ObjectPrototypeHasOwnProperty(inspectDefaultOptions, key) || key === 'stylize') {
            context[key] = opts[key];
          } else if (ctx.userOptions === undefined) {
            // This is required to pass through the actual user input.
            ctx.userOptions = opts;
          }
        }
      }
    }
    if (ctx.colors) ctx.stylize = stylizeWithColor;
    if (ctx.maxArrayLength === null) ctx.maxArrayLength = Number.POSITIVE_INFINITY;
    if (ctx.maxStringLength === null) ctx.maxStringLength = Number.POSITIVE_INFINITY;
    return formatValue(ctx, value, 0);
  } catch (err) {
    // Reached only when the options themselves throw (getters) or the output outgrows V8's
    // string limit; formatValue handles throws from the value being inspected.
    return `<Inspection threw (${describeThrown(err)})>`;
  }
}

/**
 * Formats any value the way Node's `util.inspect` does.
 *
 * @example inspect({ a: [1, 2, { b: new Map([['k', 1]]) }] }) // "{ a: [ 1, 2, { b: [Map] } ] }"
 */
export const inspect = inspectImplementation as unknown as Inspect;

const readOnly = (key: string, value: unknown) =>
  ObjectDefineProperty(inspect, key, {
    __proto__: null,
    value,
    writable: false,
    enumerable: true,
    configurable: false,
  } as PropertyDescriptor);
readOnly('custom', customInspectSymbol);
readOnly('colors', inspectColors);
readOnly('styles', inspectStyles);
readOnly('defaultOptions', inspectDefaultOptions);
