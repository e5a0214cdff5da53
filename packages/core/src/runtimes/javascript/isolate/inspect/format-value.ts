/**
 * Node's `formatValue`: primitives, proxies, custom inspectors and circular references, then
 * `formatRaw` for everything else. Unlike Node, a throw from user code met while formatting one
 * value (a Proxy trap, a custom inspector, a getter Node reads such as a constructor's `name`)
 * does not escape: that value prints as `<Inspection threw (Error: message)>`.
 */
import { formatPrimitive } from './format-primitive';
import { formatRaw } from './format-raw';
import { getProxyDetails } from './host-hooks';
import { customInspectSymbol, inspect } from './inspect';
import { type InspectContext, kArrayExtrasType } from './inspect-options';
import {
  ArrayPrototypeIncludes,
  FunctionPrototypeCall,
  FunctionPrototypeSymbolHasInstance,
  type Loose,
  MapCtor,
  MapPrototypeGet,
  MapPrototypeGetSize,
  MapPrototypeSet,
  ObjectCtor,
  ObjectGetOwnPropertyDescriptor,
  ObjectKeys,
  ObjectPrototypeToString,
  ObjectSetPrototypeOf,
  StringPrototypeSlice,
} from './primordials';
import { reduceToSingleString } from './reduce-to-single-string';
import { indentNewlines } from './string-utils';
import { stylizeNoColor } from './stylize';
import { isStackOverflowError } from './type-checks';

export function formatValue(
  ctx: InspectContext,
  value: unknown,
  recurseTimes: number,
  typedArray?: boolean,
): string {
  // Primitive types cannot have properties.
  if (typeof value !== 'object' && typeof value !== 'function') {
    return formatPrimitive(ctx.stylize, value, ctx);
  }
  if (value === null) return ctx.stylize('null', 'null');
  const seenLength = ctx.seen.length;
  const indentationLvl = ctx.indentationLvl;
  try {
    return formatObject(ctx, value, recurseTimes, typedArray);
  } catch (err) {
    ctx.seen.length = seenLength;
    ctx.indentationLvl = indentationLvl;
    // Like Node, the nearest enclosing formatRaw turns a stack overflow into its marker.
    if (isStackOverflowError(err)) throw err;
    return ctx.stylize(`<Inspection threw (${describeThrown(err)})>`, 'special');
  }
}

const describeContext = {
  maxStringLength: 200,
  compact: true,
  breakLength: Number.POSITIVE_INFINITY,
  indentationLvl: 0,
  numericSeparator: false,
};

/** A one-line description of a thrown value that runs as little user code as possible. */
export function describeThrown(err: unknown): string {
  try {
    if (err === null || (typeof err !== 'object' && typeof err !== 'function')) {
      return formatPrimitive(stylizeNoColor, err, describeContext);
    }
    let name: unknown;
    let message: unknown;
    try {
      name = (err as Loose).name;
    } catch {}
    try {
      message = (err as Loose).message;
    } catch {}
    let text: string;
    if (typeof name === 'string' && typeof message === 'string') {
      text = message === '' ? name : `${name}: ${message}`;
    } else if (typeof message === 'string') {
      text = message;
    } else {
      text = ObjectPrototypeToString(err);
    }
    return text.length > 200 ? `${StringPrototypeSlice(text, 0, 200)}...` : text;
  } catch {
    return 'unknown error';
  }
}

function formatProxy(ctx: InspectContext, proxy: Loose[], recurseTimes: number): string {
  if (ctx.depth !== null && recurseTimes > ctx.depth) {
    return ctx.stylize('Proxy [Array]', 'special');
  }
  const next = recurseTimes + 1;
  ctx.indentationLvl += 2;
  const res = [formatValue(ctx, proxy[0], next), formatValue(ctx, proxy[1], next)];
  ctx.indentationLvl -= 2;
  return reduceToSingleString(ctx, res, '', ['Proxy [', ']'], kArrayExtrasType, next);
}

/** The options object a custom inspector receives (Node's `getUserOptions`). */
function getUserOptions(ctx: InspectContext, isCrossContext: boolean): Loose {
  const ret: Loose = {
    stylize: ctx.stylize,
    showHidden: ctx.showHidden,
    depth: ctx.depth,
    colors: ctx.colors,
    customInspect: ctx.customInspect,
    showProxy: ctx.showProxy,
    maxArrayLength: ctx.maxArrayLength,
    maxStringLength: ctx.maxStringLength,
    breakLength: ctx.breakLength,
    compact: ctx.compact,
    sorted: ctx.sorted,
    getters: ctx.getters,
    numericSeparator: ctx.numericSeparator,
    ...ctx.userOptions,
  };
  if (isCrossContext) {
    ObjectSetPrototypeOf(ret, null);
    const keys = ObjectKeys(ret);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if ((typeof ret[key] === 'object' || typeof ret[key] === 'function') && ret[key] !== null) {
        delete ret[key];
      }
    }
    ret.stylize = ObjectSetPrototypeOf((value: string, flavour: string) => {
      let stylized: unknown;
      try {
        stylized = `${ctx.stylize(value, flavour)}`;
      } catch {
        // Continue regardless of error.
      }
      if (typeof stylized !== 'string') return value;
      return stylized;
    }, null);
  }
  return ret;
}

function formatObject(
  ctx: InspectContext,
  input: object,
  recurseTimes: number,
  typedArray: boolean | undefined,
): string {
  let value: Loose = input;
  // Memorize the context for custom inspection on proxies.
  const context = value;
  // Proxies are replaced by their target (when the host can tell), so no trap runs.
  const proxy = getProxyDetails(value, !!ctx.showProxy) as Loose;
  if (proxy !== undefined) {
    if (proxy === null || proxy[0] === null) {
      return ctx.stylize('<Revoked Proxy>', 'special');
    }
    if (ctx.showProxy) return formatProxy(ctx, proxy, recurseTimes);
    value = proxy;
  }

  // Provide a hook for user-specified inspect functions.
  if (ctx.customInspect) {
    const maybeCustom = value[customInspectSymbol];
    if (
      typeof maybeCustom === 'function' &&
      // Filter out the util module, its inspect function is special.
      maybeCustom !== inspect &&
      // Also filter out any prototype objects using the circular check.
      ObjectGetOwnPropertyDescriptor(value, 'constructor')?.value?.prototype !== value
    ) {
      // This makes sure the recurseTimes are reported as before while using a counter internally.
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
      const isCrossContext =
        proxy !== undefined || !FunctionPrototypeSymbolHasInstance(ObjectCtor, context);
      const ret = FunctionPrototypeCall(
        maybeCustom,
        context,
        depth,
        getUserOptions(ctx, isCrossContext),
        inspect,
      );
      // If the custom inspection method returned `this`, don't go into infinite recursion.
      if (ret !== context) {
        if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
        return indentNewlines(ret, ctx.indentationLvl);
      }
    }
  }

  // `seen` only holds the current path, so a linear search stays cheap.
  if (ArrayPrototypeIncludes(ctx.seen, value)) {
    let index = 1;
    if (ctx.circular === undefined) {
      ctx.circular = new MapCtor();
      MapPrototypeSet(ctx.circular, value, index);
    } else {
      const known = MapPrototypeGet(ctx.circular, value);
      if (known === undefined) {
        index = MapPrototypeGetSize(ctx.circular) + 1;
        MapPrototypeSet(ctx.circular, value, index);
      } else {
        index = known;
      }
    }
    return ctx.stylize(`[Circular *${index}]`, 'special');
  }
  return formatRaw(ctx, value, recurseTimes, typedArray);
}
