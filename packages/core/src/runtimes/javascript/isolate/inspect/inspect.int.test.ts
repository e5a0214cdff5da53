/**
 * Runs the formatter where it ships: bundled into a classic script inside a bare isolated-vm
 * context (ECMAScript built-ins only), and compares with Node's `util.inspect` of the same
 * source evaluated in Node.
 */
import { createRequire } from 'node:module';
import * as nodeUtil from 'node:util';
import ivm from 'isolated-vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// esbuild comes with tsup (a workspace dev dependency); it is not a dependency of core.
const requireFromHere = createRequire(import.meta.url);
interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}
const esbuild = createRequire(requireFromHere.resolve('tsup'))('esbuild') as EsbuildApi;

const expressions = [
  `{ a: 1, b: 'two', c: [1, 2, { d: new Map([['k', new Set([1n])]]) }] }`,
  `Array.from({ length: 40 }, (_, i) => i * 37)`,
  `Array.from({ length: 12 }, (_, i) => '中文😀'.slice(0, 1 + (i % 4)))`,
  `"it's \\"quoted\\" \\n\\u0000 \\ud800"`,
  `{ 'a-b': 1, [Symbol('s')]: 2, get g() { return 1 }, set s(v) {} }`,
  `(() => { const o = { name: 'cycle' }; o.self = o; o.list = [o]; return o; })()`,
  `[1, , 3, , , 6]`,
  `new Uint8Array([1, 2, 3]).buffer`,
  `new DataView(new ArrayBuffer(4), 1, 2)`,
  `[new Float64Array([1.5, -0]), new BigInt64Array([1n])]`,
  `[new Date(0), new Date(NaN), /re+/gi, new Number(-0), new String('ab'), Object(Symbol('b'))]`,
  `[function f() {}, () => {}, async function af() {}, function* g() {}, class A {}, class B extends Array {}]`,
  `(() => { class Foo { constructor() { this.x = 1; } } return [new Foo(), Object.create(null), Object.create(Foo.prototype)]; })()`,
  `new WeakMap()`,
  `{ a: { b: { c: { d: { e: 1 } } } } }`,
  `Object.fromEntries(Array.from({ length: 30 }, (_, i) => ['key' + i, 'value'.repeat(i % 4)]))`,
  `(() => { const e = new TypeError('bad', { cause: 'why' }); e.stack = 'TypeError: bad\\n    at f (x.js:1:1)'; e.code = 'E'; return e; })()`,
  `{ [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) { return 'custom ' + depth + ' ' + inspect([1], options); } }`,
  `'long line '.repeat(20) + '\\nend'`,
  `{ text: 'first\\nsecond\\n'.repeat(5) }`,
  `[Math, JSON, globalThis.Intl ? new Intl.NumberFormat('en') : null]`,
  `(function () { return arguments; })(1, 'a')`,
];

const formatCalls = [
  `['%s is %d years and %i days, %f%%', 'Ada', 36.5, 12.9, '0.5']`,
  `['%o and %O and %j', { a: [1] }, { b: { c: {} } }, { d: 1 }]`,
  `[{ first: 'object' }, 'then', 'strings', 42]`,
];

describe('inspect inside a bare isolated-vm context', () => {
  let isolate: ivm.Isolate;
  let context: ivm.Context;

  beforeAll(async () => {
    const bundle = await esbuild.build({
      entryPoints: [requireFromHere.resolve('./index.ts')],
      bundle: true,
      format: 'iife',
      globalName: '__inspectModule',
      platform: 'neutral',
      target: 'es2023',
      write: false,
    });
    const source = bundle.outputFiles[0]?.text ?? '';
    isolate = new ivm.Isolate({ memoryLimit: 64 });
    context = await isolate.createContext();
    // A bare context: no process, require, Buffer or util (V8's own no-op console exists).
    expect(await context.eval('typeof process + typeof require + typeof Buffer')).toBe(
      'undefinedundefinedundefined',
    );
    await context.eval(source, { timeout: 5_000 });
  });

  afterAll(() => {
    isolate?.dispose();
  });

  it('needs nothing but ECMAScript built-ins to load', async () => {
    expect(await context.eval('typeof __inspectModule.inspect')).toBe('function');
  });

  for (const expression of expressions) {
    it(`inspect(${expression.slice(0, 60)})`, async () => {
      const inIsolate = await context.eval(`__inspectModule.inspect(${expression})`, {
        timeout: 5_000,
      });
      const inNode = nodeUtil.inspect(new Function(`return (${expression});`)());
      expect(inIsolate).toBe(inNode);
    });
  }

  for (const call of formatCalls) {
    it(`format(...${call.slice(0, 60)})`, async () => {
      const inIsolate = await context.eval(`__inspectModule.format(...${call})`, {
        timeout: 5_000,
      });
      const inNode = nodeUtil.format(...(new Function(`return (${call});`)() as unknown[]));
      expect(inIsolate).toBe(inNode);
    });
  }

  it('prints Node-style errors with the stack V8 gives inside the isolate', async () => {
    const text = await context.eval(
      `(function thrower() { try { null.x } catch (e) { return __inspectModule.inspect({ e }); } })()`,
      { timeout: 5_000 },
    );
    expect(text).toMatch(
      /^\{\n {2}e: TypeError: Cannot read properties of null \(reading 'x'\)\n {6}at thrower/,
    );
  });

  it('sees through proxies without running traps once tracking is installed', async () => {
    const text = await context.eval(
      `(() => {
        const tracker = __inspectModule.createProxyTracker(Proxy);
        __inspectModule.setProxyInspector(tracker.inspect);
        const trap = () => { throw new Error('trap ran'); };
        const proxy = new tracker.Proxy({ hidden: [1, 2] }, { get: trap, ownKeys: trap, getPrototypeOf: trap });
        const out = __inspectModule.inspect({ proxy }) + ' | ' + __inspectModule.inspect(proxy, { showProxy: true });
        __inspectModule.setProxyInspector(undefined);
        return out;
      })()`,
      { timeout: 5_000 },
    );
    // What Node prints for the same proxy.
    expect(text).toBe(
      '{ proxy: { hidden: [ 1, 2 ] } } | Proxy [\n  { hidden: [ 1, 2 ] },\n  {\n    get: [Function: trap],\n' +
        '    ownKeys: [Function: trap],\n    getPrototypeOf: [Function: trap]\n  }\n]',
    );
  });

  it('returns a marker for hostile values instead of throwing', async () => {
    const text = await context.eval(
      `__inspectModule.inspect([new Proxy({}, { ownKeys() { throw new Error('keys'); } }), { [Symbol.for('nodejs.util.inspect.custom')]() { throw 1; } }])`,
      { timeout: 5_000 },
    );
    expect(text).toBe('[ <Inspection threw (Error: keys)>, <Inspection threw (1)> ]');
  });
});
