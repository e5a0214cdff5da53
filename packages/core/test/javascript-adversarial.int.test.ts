import { createServer } from 'node:net';
import { describe, expect } from 'vitest';
import { interpreterTest } from './interpreter-fixture';

/**
 * Hostile JavaScript, kept in the suite forever. Every case must leave the host process alive,
 * reach nothing of the host, and leave the interpreter answering the next run.
 */
const test = interpreterTest({ maxOutputChars: 10_000 });

const hostEscapes: Array<[string, string]> = [
  ['Function constructor', "Function('return typeof process + typeof require')()"],
  [
    'this.constructor.constructor',
    "this.constructor.constructor('return typeof process + typeof require')()",
  ],
  [
    'constructor of a function value',
    "(() => {}).constructor('return typeof process + typeof require')()",
  ],
  [
    'console method constructor',
    "console.log.constructor('return typeof process + typeof require')()",
  ],
  ['setTimeout constructor', "setTimeout.constructor('return typeof process + typeof require')()"],
  [
    'Error.prepareStackTrace and CallSite.getThis',
    `Error.prepareStackTrace = (_e, frames) => frames.map((f) => { const t = f.getThis(); return t && (typeof t.process + typeof t.require) }).join(',');
     function probe() { return new Error().stack } [probe(), typeof process + typeof require].join('|')`,
  ],
  [
    'CallSite.getFunction on runtime frames',
    `Error.prepareStackTrace = (_e, frames) => frames.map((f) => { try { const fn = f.getFunction(); return fn ? typeof fn.constructor('return this')().process : 'none' } catch (e) { return 'err' } }).join(',');
     const s = []; queueMicrotask(() => {}); [new Error().stack, typeof process + typeof require].join('|')`,
  ],
];

describe('JavaScript sandbox: no path to the host', () => {
  test.for(hostEscapes)('%s reaches only the isolate', async ([, code], { run }) => {
    const result = await run('javascript', code);
    expect(result.success).toBe(true);
    expect(result.value).not.toMatch(/object|function/);
    expect(result.value).toMatch(/undefinedundefined/);
  });

  test('no Node or network globals exist', async ({ run }) => {
    const result = await run(
      'javascript',
      "['process','require','module','exports','Buffer','fetch','XMLHttpRequest','WebSocket','__dirname','global','WebAssembly','ivm','_ivm'].filter((name) => typeof globalThis[name] !== 'undefined')",
    );
    expect(result.value).toBe('[]');
  });

  test('the runtime leaves no hook on the global object (contexts come from a snapshot)', async ({
    run,
  }) => {
    const result = await run(
      'javascript',
      'Reflect.ownKeys(globalThis).filter((key) => /codeInterpreter|install|bind/i.test(String(key)))',
    );
    expect(result.value).toBe('[]');
  });

  test('each stateless run gets its own randomness, though every context comes from one snapshot', async ({
    run,
  }) => {
    const runs = await Promise.all(
      Array.from({ length: 12 }, () =>
        run(
          'javascript',
          '[crypto.randomUUID(), Math.random(), crypto.getRandomValues(new Uint32Array(2)).join()].join()',
        ),
      ),
    );
    const values = runs.map((result) => result.value);
    expect(values.every((value) => typeof value === 'string')).toBe(true);
    expect(new Set(values).size).toBe(values.length);
  });

  test('dynamic import() is refused', async ({ run }) => {
    const result = await run(
      'javascript',
      "try { await import('node:fs'); 'imported' } catch (e) { String(e) }",
    );
    expect(result.success).toBe(true);
    expect(result.value).not.toBe("'imported'");
  });

  test('a static import is a clear SyntaxError', async ({ run }) => {
    const result = await run('javascript', "import fs from 'fs';\nfs.readFileSync('/etc/passwd')");
    expect(result.success).toBe(false);
    expect(result.errorInfo?.name).toBe('SyntaxError');
    expect(result.error).toMatch(/import/);
  });

  test('cannot open a TCP connection to a loopback server the test starts', async ({ run }) => {
    let connections = 0;
    const server = createServer(() => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const result = await run(
        'javascript',
        `const tries = [];
         for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'navigator']) tries.push(typeof globalThis[name]);
         tries.join(',') + ' ${port}'`,
      );
      expect(result.value).toBe(`'undefined,undefined,undefined,undefined,undefined ${port}'`);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  test('Symbol.species on promises cannot break out or wedge the interpreter', async ({ run }) => {
    const result = await run(
      'javascript',
      `class Evil extends Promise { static get [Symbol.species]() { return function () { throw new Error('species') } } }
       Promise.prototype.constructor = Evil;
       Object.defineProperty(Promise, Symbol.species, { get() { throw new Error('species 2') } });
       Promise.prototype.then = function () { throw new Error('then replaced') };
       42`,
    );
    expect(typeof result.success).toBe('boolean');
    const next = await run('javascript', '1 + 1');
    expect(next.value).toBe('2');
  });

  test('a Proxy with throwing traps as the thrown value', async ({ run }) => {
    const result = await run(
      'javascript',
      `throw new Proxy(new Error('boom'), { get(t, k) { throw new Error('trap ' + String(k)) }, getPrototypeOf() { throw 1 }, ownKeys() { throw 2 } })`,
    );
    expect(result.success).toBe(false);
    expect(result.error).toBeTypeOf('string');
  });

  test('an error whose name is a throwing getter or a Proxy', async ({ run }) => {
    const result = await run(
      'javascript',
      `const e = new Error('named'); Object.defineProperty(e, 'name', { get() { throw new Error('no name') } }); throw e`,
    );
    expect(result.success).toBe(false);
    expect(result.errorInfo?.message).toBe('named');
    const proxied = await run(
      'javascript',
      `const e = new TypeError('proxied'); e.name = new Proxy({}, { get() { throw 1 } }); throw e`,
    );
    expect(proxied.success).toBe(false);
    expect(proxied.errorInfo?.message).toBe('proxied');
  });

  test('an error whose name getter loops forever is stopped by the deadline', async ({ run }) => {
    const result = await run(
      'javascript',
      `const e = new Error('x'); Object.defineProperty(e, 'name', { get() { for (;;) {} } }); throw e`,
      { timeout: 500 },
    );
    expect(result.success).toBe(false);
    expect(result.timedOut).toBe(true);
  });

  test('nodejs.util.inspect.custom runs inside the sandbox only', async ({ run }) => {
    const result = await run(
      'javascript',
      `({ [Symbol.for('nodejs.util.inspect.custom')]() { return 'custom:' + typeof process + typeof require } })`,
    );
    expect(result.success).toBe(true);
    expect(result.value).not.toMatch(/object|function/);
  });
});

describe('JavaScript sandbox: runaway programs cost a clean error', () => {
  const loops: Array<[string, string]> = [
    ['sync loop', 'while (true) {}'],
    ['async loop', 'for (;;) { await null }'],
    ['microtask loop', 'Promise.resolve().then(function f() { Promise.resolve().then(f) }); 1'],
    ['queueMicrotask loop', 'queueMicrotask(function f() { queueMicrotask(f) })'],
    ['loop inside a timer', 'setTimeout(() => { for (;;) {} }, 1)'],
    ['interval that never stops', 'setInterval(() => {}, 1)'],
    ['timer chain', 'setTimeout(function f() { setTimeout(f, 0) }, 0)'],
    ['catch-and-retry', 'for (;;) { try { for (;;) {} } catch { } }'],
    ['Atomics.wait', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)'],
  ];
  test.for(loops)('%s stops at the deadline', async ([, code], { run }) => {
    const started = Date.now();
    const result = await run('javascript', code, { timeout: 400 });
    expect(result.success).toBe(false);
    expect(result.timedOut).toBe(true);
    expect(result.errorInfo?.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await run('javascript', '"still answering"')).value).toBe("'still answering'");
  });

  test('a never-resolving await ends at once with a clear error, not at the deadline', async ({
    run,
  }) => {
    const started = Date.now();
    const result = await run('javascript', 'await new Promise(() => {})', { timeout: 10_000 });
    expect(result.success).toBe(false);
    expect(result.timedOut).toBe(false);
    expect(result.error).toMatch(/never settle/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  const memoryBombs: Array<[string, string]> = [
    ['spread of a 1e9-char string', "[...'.'.repeat(1e9)]"],
    ['Array(1e9).fill(0)', 'Array(1e9).fill(0)'],
    ['growing array', 'const a = []; for (;;) a.push({ n: a.length, s: "x".repeat(64) })'],
    ['huge ArrayBuffer', 'new ArrayBuffer(2 ** 32)'],
    [
      'many ArrayBuffers',
      'const keep = []; for (;;) keep.push(new Uint8Array(16 * 1024 * 1024).fill(1))',
    ],
    ['string doubling', 'let s = "x"; for (;;) s += s'],
  ];
  test.for(memoryBombs)('%s fails cleanly and the next run works', async ([, code], { run }) => {
    const result = await run('javascript', code, { timeout: 10_000, memoryLimit: 64 });
    expect(result.success).toBe(false);
    expect(result.error).toMatch(/Memory|RangeError|Invalid|allocation|stopped|timed out/i);
    expect((await run('javascript', '[1, 2, 3].length')).value).toBe('3');
  });

  test('a builtin that ignores termination is stopped by killing its worker; a run sharing that worker runs again', async ({
    interpreter,
  }) => {
    const [culprit, bystander] = await Promise.all([
      interpreter.run({ language: 'javascript', code: 'Array(1e9).flat().length', timeout: 300 }),
      interpreter.run({
        language: 'javascript',
        code: 'await new Promise((r) => setTimeout(r, 1000)); "bystander finished"',
      }),
    ]);
    expect(culprit.success).toBe(false);
    expect(culprit.timedOut).toBe(true);
    expect(culprit.errorInfo?.name).toBe('TimeoutError');
    expect(bystander.value).toBe("'bystander finished'");
  });

  test('resizable and growable buffers, whose reservations bypass the memory limit, are refused on every path', async ({
    run,
  }) => {
    const refused = await run(
      'javascript',
      `const attempts = [
         () => new ArrayBuffer(8, { maxByteLength: 2 ** 32 }),
         () => new SharedArrayBuffer(8, { maxByteLength: 2 ** 32 }),
         () => new (new ArrayBuffer(8).constructor)(8, { maxByteLength: 2 ** 32 }),
         () => new (new Uint8Array(8).buffer.constructor)(8, { maxByteLength: 2 ** 32 }),
         () => { class Big extends ArrayBuffer {} return new Big(8, { maxByteLength: 2 ** 32 }) },
         () => Reflect.construct(ArrayBuffer, [8, { maxByteLength: 2 ** 32 }]),
         () => { let n = 0; return new ArrayBuffer(8, { get maxByteLength() { return n++ ? 2 ** 32 : undefined } }).resizable },
       ];
       attempts.map((attempt) => { try { const b = attempt(); return b === false ? 'fixed' : 'made' } catch (e) { return e.name } }).join(',')`,
    );
    expect(refused.value).toBe(
      "'RangeError,RangeError,RangeError,RangeError,RangeError,RangeError,fixed'",
    );
    const ordinary = await run(
      'javascript',
      'const b = new ArrayBuffer(8); [b instanceof ArrayBuffer, b.constructor === ArrayBuffer, structuredClone(b).byteLength, new Uint8Array(b.slice(0, 4)).length].join(",")',
    );
    expect(ordinary.value).toBe("'true,true,8,4'");
  });

  test('stack overflow is a RangeError with a line', async ({ run }) => {
    const result = await run('javascript', 'function f() { return f() + 1 }\nf()');
    expect(result.success).toBe(false);
    expect(result.errorInfo?.name).toBe('RangeError');
    expect(result.errorInfo?.message).toMatch(/call stack/);
    expect(result.errorInfo?.line).toBe(1);
  });
});

describe('JavaScript sandbox: output and values are bounded', () => {
  test('an endless output flood is cut, keeping head and tail, and stops at the deadline', async ({
    run,
  }) => {
    const result = await run('javascript', 'let i = 0; for (;;) console.log("line", i++)', {
      timeout: 500,
    });
    expect(result.timedOut).toBe(true);
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBeLessThan(11_000);
    expect(result.stdout.startsWith('line 0\nline 1\n')).toBe(true);
    expect(result.stdout).toMatch(/characters of output omitted/);
  });

  test('a finite flood keeps the first and the last lines', async ({ run }) => {
    const result = await run('javascript', 'for (let i = 0; i < 200000; i++) console.log(i)');
    expect(result.success).toBe(true);
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith('0\n1\n2\n')).toBe(true);
    expect(result.stdout.endsWith('199998\n199999\n')).toBe(true);
  });

  test('a single 50 MB line is cut without flooding the host', async ({ run }) => {
    const result = await run('javascript', "console.log('x'.repeat(50 * 1024 * 1024)); 'done'");
    expect(result.success).toBe(true);
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBeLessThan(11_000);
    expect(result.value).toBe("'done'");
  });

  test('getters, toJSON and Proxies in values are not run or are bounded', async ({ run }) => {
    const getter = await run(
      'javascript',
      '({ get a() { for (;;) {} }, toJSON() { for (;;) {} } })',
      { timeout: 1_000 },
    );
    expect(getter.success).toBe(true);
    expect(getter.value).toMatch(/\[Getter\]/);
    const proxy = await run(
      'javascript',
      'new Proxy({}, { ownKeys() { for (;;) {} }, get() { for (;;) {} } })',
      { timeout: 500 },
    );
    expect(proxy.success === true || proxy.timedOut).toBe(true);
    const logged = await run(
      'javascript',
      'console.log(new Proxy([], { get() { for (;;) {} } }))',
      { timeout: 500 },
    );
    expect(logged.success === true || logged.timedOut).toBe(true);
    expect((await run('javascript', '"ok"')).value).toBe("'ok'");
  });

  test('cyclic and very deep values print like Node', async ({ run }) => {
    const cyclic = await run('javascript', 'const a = { name: "a" }; a.self = a; a');
    expect(cyclic.value).toBe("<ref *1> { name: 'a', self: [Circular *1] }");
    const deep = await run(
      'javascript',
      'let o = {}; for (let i = 0; i < 100000; i++) o = { o }; o',
    );
    expect(deep.value).toBe('{ o: { o: { o: [Object] } } }');
  });

  test('lone surrogates survive the trip', async ({ run }) => {
    const result = await run('javascript', "console.log('a\\uD800b'); 'c\\uDC00d'");
    expect(result.stdout).toBe('a\uD800b\n');
    expect(result.value).toBe("'c\\udc00d'");
  });

  test('thrown null, undefined, strings and Symbols are reported', async ({ run }) => {
    for (const [thrown, shown] of [
      ['null', 'null'],
      ['undefined', 'undefined'],
      ["'text'", "'text'"],
      ["Symbol('s')", 'Symbol(s)'],
      ['{ a: 1 }', '{ a: 1 }'],
    ]) {
      const result = await run('javascript', `throw ${thrown}`);
      expect(result.success).toBe(false);
      expect(result.error).toBe(`Uncaught: ${shown}`);
    }
  });
});
