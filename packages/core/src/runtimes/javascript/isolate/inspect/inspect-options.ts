/** Options and per-call state of `inspect`, mirroring Node's `util.inspect` options. */
import type { Loose } from './primordials';
import { stylizeNoColor } from './stylize';

/** Options of `inspect` / `formatWithOptions`; the same names, meanings and defaults as Node's. */
export interface InspectOptions {
  /** Show non-enumerable properties, symbols and prototype properties. @default false */
  showHidden?: boolean;
  /** Levels to recurse into; `null` or `Infinity` for all. @default 2 */
  depth?: number | null;
  /** Style the output with ANSI colors. @default false */
  colors?: boolean;
  /** Call `[Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect)` methods. @default true */
  customInspect?: boolean;
  /** Print `Proxy [ target, handler ]` (needs a proxy inspector, see `setProxyInspector`). @default false */
  showProxy?: boolean;
  /** Most array, Set, Map and typed array items to show; `null` for all. @default 100 */
  maxArrayLength?: number | null;
  /** Most characters of a string to show; `null` for all. @default 10000 */
  maxStringLength?: number | null;
  /** Line length at which entries split onto separate lines. @default 80 */
  breakLength?: number;
  /** `false` for one entry a line, `true` for old-style compact, or the number of inner levels to join. @default 3 */
  compact?: boolean | number;
  /** Sort keys; `true` or a comparator. @default false */
  sorted?: boolean | ((a: string, b: string) => number);
  /** Call getters: `true`, `'get'` (only getters without setter) or `'set'`. @default false */
  getters?: boolean | 'get' | 'set';
  /** Separate every three digits of numbers and bigints with `_`. @default false */
  numericSeparator?: boolean;
  /** Custom styler (used by custom inspect functions). */
  stylize?: (text: string, styleType: string) => string;
  [key: string]: unknown;
}

export type Stylize = (text: string, styleType: string) => string;

/** The mutable state one `inspect` call threads through the formatter (Node's `ctx`). */
export interface InspectContext {
  budget: Record<number, number>;
  indentationLvl: number;
  seen: unknown[];
  currentDepth: number;
  stylize: Stylize;
  showHidden: boolean;
  depth: number | null;
  colors: boolean;
  customInspect: boolean;
  showProxy: boolean;
  maxArrayLength: number;
  maxStringLength: number;
  breakLength: number;
  compact: boolean | number;
  sorted: boolean | ((a: string, b: string) => number);
  getters: boolean | 'get' | 'set';
  numericSeparator: boolean;
  circular?: Map<unknown, number>;
  userOptions?: Loose;
}

export const inspectDefaultOptions = {
  __proto__: null,
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
} as unknown as Required<
  Pick<
    InspectOptions,
    | 'showHidden'
    | 'depth'
    | 'colors'
    | 'customInspect'
    | 'showProxy'
    | 'maxArrayLength'
    | 'maxStringLength'
    | 'breakLength'
    | 'compact'
    | 'sorted'
    | 'getters'
    | 'numericSeparator'
  >
>;

export const kObjectType = 0;
export const kArrayType = 1;
export const kArrayExtrasType = 2;

/**
 * A class rather than an object literal: every field is an own property from the start (so
 * assignments never reach setters user code may have put on `Object.prototype`), and V8 keeps
 * the object in fast mode (a `__proto__: null` literal would be a slow dictionary).
 */
class Context implements InspectContext {
  budget: Record<number, number> = [];
  indentationLvl = 0;
  seen: unknown[] = [];
  currentDepth = 0;
  stylize: Stylize = stylizeNoColor;
  showHidden = inspectDefaultOptions.showHidden;
  depth = inspectDefaultOptions.depth;
  colors = inspectDefaultOptions.colors;
  customInspect = inspectDefaultOptions.customInspect;
  showProxy = inspectDefaultOptions.showProxy;
  maxArrayLength = inspectDefaultOptions.maxArrayLength as number;
  maxStringLength = inspectDefaultOptions.maxStringLength as number;
  breakLength = inspectDefaultOptions.breakLength;
  compact = inspectDefaultOptions.compact;
  sorted = inspectDefaultOptions.sorted;
  getters = inspectDefaultOptions.getters;
  numericSeparator = inspectDefaultOptions.numericSeparator;
  circular: Map<unknown, number> | undefined = undefined;
  userOptions: Loose = undefined;
}

export function createInspectContext(): InspectContext {
  return new Context();
}
