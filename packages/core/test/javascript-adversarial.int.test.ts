import { describe, expect } from 'vitest';
import { isolatedVmPackageName } from '../src/runtimes/isolated-vm-package';
import { interpreterTest } from './interpreter-fixture';
import { startLoopbackServer } from './loopback-server';

/**
 * Hostile JavaScript, kept in the suite forever. Every case must leave the host process alive,
 * reach nothing of the host, and leave the interpreter answering the next run.
 */
const test = interpreterTest({ maxOutputChars: 10_000 });

/**
 * [attack, program, the exact value it returns: `typeof process + typeof require` in the isolate].
 * `require` is the sandbox's own (it offers only fs, fs/promises and path over the workspace).
 */
const hostEscapes: Array<[string, string, string]> = [
  [
    'Function constructor',
    "Function('return typeof process + typeof require')()",
    "'undefinedfunction'",
  ],
  [
    'this.constructor.constructor',
    "this.constructor.constructor('return typeof process + typeof require')()",
    "'undefinedfunction'",
  ],
  [
    'constructor of a function value',
    "(() => {}).constructor('return typeof process + typeof require')()",
    "'undefinedfunction'",
  ],
  [
    'console method constructor',
    "console.log.constructor('return typeof process + typeof require')()",
    "'undefinedfunction'",
  ],
  [
    'setTimeout constructor',
    "setTimeout.constructor('return typeof process + typeof require')()",
    "'undefinedfunction'",
  ],
  [
    'Error.prepareStackTrace and CallSite.getThis',
    `Error.prepareStackTrace = (_e, frames) => frames.map((f) => { const t = f.getThis(); return t && (typeof t.process + typeof t.require) }).join(',');
     function probe() { return new Error().stack } [probe(), typeof process + typeof require].join('|')`,
    "'undefinedfunction,undefinedfunction,,|undefinedfunction'",
  ],
  [
    'CallSite.getFunction on runtime frames',
    `Error.prepareStackTrace = (_e, frames) => frames.map((f) => { try { const fn = f.getFunction(); return fn ? typeof fn.constructor('return this')().process : 'none' } catch (e) { return 'err' } }).join(',');
     const s = []; queueMicrotask(() => {}); [new Error().stack, typeof process + typeof require].join('|')`,
    "'undefined,none,none|undefinedfunction'",
  ],
];

describe('JavaScript sandbox: no path to the host', () => {
  test.for(hostEscapes)('%s reaches only the isolate', async ([, code, value], { run }) => {
    const result = await run('javascript', code);
    expect(result).toMatchObject({ success: true, value });
  });

  test('no Node or network globals exist, and fetch has no network without a policy', async ({
    run,
  }) => {
    const result = await run(
      'javascript',
      "['process','module','exports','Buffer','XMLHttpRequest','WebSocket','__dirname','global','WebAssembly','ivm','_ivm'].filter((name) => typeof globalThis[name] !== 'undefined')",
    );
    expect(result.value).toBe('[]');
    // fetch exists (the web API), and hands requests to the host only under a network policy.
    const refused = await run(
      'javascript',
      "await fetch('http://127.0.0.1:1/').then(() => 'reached', (error) => error.name + ': ' + error.message + ' (' + error.cause?.message + ')')",
    );
    expect(refused.value).toBe(
      "'TypeError: fetch failed (this sandbox has no network: the application did not allow any host)'",
    );
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

  test('import() and import declarations reach only the sandbox modules', async ({ run }) => {
    const result = await run(
      'javascript',
      "try { await import('node:child_process'); 'imported' } catch (e) { e.code }",
    );
    expect(result).toMatchObject({ success: true, value: "'ERR_MODULE_NOT_FOUND'" });
    const uncaught = await run('javascript', "await import('node:os')");
    expect(uncaught.success).toBe(false);
    expect(uncaught.errorInfo).toMatchObject({ name: 'Error', line: 1 });
    expect(uncaught.errorInfo?.message).toContain("Cannot find module 'node:os'");
    const outside = await run('javascript', "import fs from 'fs';\nfs.readFileSync('/etc/passwd')");
    expect(outside.success).toBe(false);
    expect(outside.errorInfo).toMatchObject({
      name: 'Error',
      message:
        "EACCES: only files under /workspace are reachable in this sandbox, open '/etc/passwd'",
      line: 2,
    });
  });

  test.for(['javascript', 'typescript'] as const)(
    'every way a %s program might connect to a loopback server the test starts fails with its exact error, and the server sees no connection',
    async (language, { run }) => {
      const server = await startLoopbackServer();
      try {
        // The counter can fail: a connection from the host is counted.
        await server.connectFromHost();
        expect(server.connections()).toBe(1);
        const url = `http://127.0.0.1:${server.port}/`;
        const result = await run(
          language,
          `const attempts = {
             fetch: () => fetch(${JSON.stringify(url)}),
             'globalThis.fetch': () => globalThis.fetch(${JSON.stringify(url)}),
             XMLHttpRequest: () => { const x = new XMLHttpRequest(); x.open('GET', ${JSON.stringify(url)}); x.send() },
             WebSocket: () => new WebSocket('ws://127.0.0.1:${server.port}/'),
             EventSource: () => new EventSource(${JSON.stringify(url)}),
             'navigator.sendBeacon': () => navigator.sendBeacon(${JSON.stringify(url)}, 'x'),
             Worker: () => new Worker(${JSON.stringify(url)}),
             importScripts: () => importScripts(${JSON.stringify(url)}),
             "require('net')": () => require('net').connect(${server.port}, '127.0.0.1'),
             "require('node:net')": () => require('node:net').connect(${server.port}, '127.0.0.1'),
             "require('http')": () => require('http').get(${JSON.stringify(url)}),
             "process.binding('tcp_wrap')": () => process.binding('tcp_wrap'),
             "import('node:net')": () => import('node:net'),
             "import('net')": () => import('net'),
             "import('node:http')": () => import('node:http'),
             'import(url)': () => import(${JSON.stringify(url)}),
             "import('data:')": () => import('data:text/javascript,export default 1'),
             "Function('return process')()": () => Function('return process')().binding('tcp_wrap'),
             "this.constructor.constructor('return require')()": () => this.constructor.constructor('return require')()('net'),
             'Deno.connect': () => Deno.connect({ port: ${server.port} }),
             'Bun.connect': () => Bun.connect({ hostname: '127.0.0.1', port: ${server.port} }),
           };
           const outcomes${language === 'typescript' ? ': Record<string, string>' : ''} = {};
           for (const [name, attempt] of Object.entries(attempts)) {
             try { await attempt(); outcomes[name] = 'no error' } catch (e) { outcomes[name] = e.name + ': ' + e.message }
           }
           console.log(JSON.stringify(outcomes))`,
        );
        expect(result.success).toBe(true);
        /** The sandbox's `require` and `import()` refuse every module but fs, fs/promises and path. */
        const notFound = (name: string) =>
          `Error: Cannot find module '${name}': this sandbox offers only the modules fs, fs/promises and path (also as node:fs, node:fs/promises and node:path). Other Node modules and packages are not available here.`;
        expect(JSON.parse(result.stdout)).toEqual({
          // fetch exists; without a network policy it never reaches the host's network.
          fetch: 'TypeError: fetch failed',
          'globalThis.fetch': 'TypeError: fetch failed',
          XMLHttpRequest: 'ReferenceError: XMLHttpRequest is not defined',
          WebSocket: 'ReferenceError: WebSocket is not defined',
          EventSource: 'ReferenceError: EventSource is not defined',
          'navigator.sendBeacon': 'ReferenceError: navigator is not defined',
          Worker: 'ReferenceError: Worker is not defined',
          importScripts: 'ReferenceError: importScripts is not defined',
          "require('net')": notFound('net'),
          "require('node:net')": notFound('node:net'),
          "require('http')": notFound('http'),
          "process.binding('tcp_wrap')": 'ReferenceError: process is not defined',
          "import('node:net')": notFound('node:net'),
          "import('net')": notFound('net'),
          "import('node:http')": notFound('node:http'),
          'import(url)': notFound(url),
          "import('data:')": notFound('data:text/javascript,export default 1'),
          "Function('return process')()": 'ReferenceError: process is not defined',
          "this.constructor.constructor('return require')()": notFound('net'),
          'Deno.connect': 'ReferenceError: Deno is not defined',
          'Bun.connect': 'ReferenceError: Bun is not defined',
        });
        // A second host connection, counted after any the sandbox might have started.
        await server.connectFromHost();
        expect(server.connections()).toBe(2);
      } finally {
        await server.close();
      }
    },
  );

  test('Symbol.species on promises cannot break out or wedge the interpreter', async ({ run }) => {
    const result = await run(
      'javascript',
      `class Evil extends Promise { static get [Symbol.species]() { return function () { throw new Error('species') } } }
       Promise.prototype.constructor = Evil;
       Object.defineProperty(Promise, Symbol.species, { get() { throw new Error('species 2') } });
       Promise.prototype.then = function () { throw new Error('then replaced') };
       42`,
    );
    // The program's own replaced Promise machinery throws inside the sandbox, at its own line.
    expect(result.success).toBe(false);
    expect(result.errorInfo).toMatchObject({ name: 'Error', message: 'species', line: 1 });
    const next = await run('javascript', '1 + 1');
    expect(next.value).toBe('2');
  });

  test('a Proxy with throwing traps as the thrown value', async ({ run }) => {
    const result = await run(
      'javascript',
      `throw new Proxy(new Error('boom'), { get(t, k) { throw new Error('trap ' + String(k)) }, getPrototypeOf() { throw 1 }, ownKeys() { throw 2 } })`,
    );
    // Every trap throws, so the value is described without them: its own stack, shown as thrown.
    expect(result.success).toBe(false);
    expect(result.errorInfo?.name).toBe('Uncaught');
    expect(result.error).toMatch(/^Uncaught: Error: boom\n {4}at cell\.js:1:32\n/);
  });

  test('an error whose name is a throwing getter or a Proxy', async ({ run }) => {
    const result = await run(
      'javascript',
      `const e = new Error('named'); Object.defineProperty(e, 'name', { get() { throw new Error('no name') } }); throw e`,
    );
    expect(result.success).toBe(false);
    expect(result.errorInfo).toMatchObject({ name: 'Error', message: 'named', line: 1 });
    const proxied = await run(
      'javascript',
      `const e = new TypeError('proxied'); e.name = new Proxy({}, { get() { throw 1 } }); throw e`,
    );
    expect(proxied.success).toBe(false);
    expect(proxied.errorInfo).toMatchObject({ name: 'Error', message: 'proxied', line: 1 });
  });

  test('an error whose name getter loops forever is stopped by the deadline', async ({ run }) => {
    const result = await run(
      'javascript',
      `const e = new Error('x'); Object.defineProperty(e, 'name', { get() { for (;;) {} } }); throw e`,
      { timeout: 500 },
    );
    expect(result.success).toBe(false);
    expect(result.timedOut).toBe(true);
    expect(result.errorInfo?.name).toBe('TimeoutError');
  });

  test('nodejs.util.inspect.custom runs inside the sandbox only', async ({ run }) => {
    const result = await run(
      'javascript',
      `({ [Symbol.for('nodejs.util.inspect.custom')]() { return 'custom:' + typeof process + typeof require } })`,
    );
    expect(result).toMatchObject({ success: true, value: 'custom:undefinedfunction' });
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
    expect(result.errorInfo).toEqual({
      name: 'Error',
      message:
        'The program awaits a promise that can never settle: nothing is left that could resolve it (no timer is pending).',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  const memoryLimitStop = {
    name: 'MemoryLimitError',
    message:
      'Memory limit exceeded: the program needed more than 64 MB and was stopped. Use smaller data or process it in pieces.',
  };
  /** [bomb, program, the exact error it ends with under a 64 MB limit]. */
  const memoryBombs: Array<[string, string, object]> = [
    [
      'spread of a 1e9-char string (past the longest string V8 makes)',
      "[...'.'.repeat(1e9)]",
      { name: 'RangeError', message: 'Invalid string length', line: 1 },
    ],
    [
      'growing array',
      'const a = []; for (;;) a.push({ n: a.length, s: "x".repeat(64) })',
      memoryLimitStop,
    ],
    [
      'huge ArrayBuffer',
      'new ArrayBuffer(2 ** 32)',
      { name: 'RangeError', message: 'Array buffer allocation failed', line: 1 },
    ],
    [
      'many ArrayBuffers',
      'const keep = []; for (;;) keep.push(new Uint8Array(16 * 1024 * 1024).fill(1))',
      { name: 'RangeError', message: 'Array buffer allocation failed', line: 1 },
    ],
    [
      'string doubling',
      'let s = "x"; for (;;) s += s',
      { name: 'RangeError', message: 'Invalid string length', line: 1 },
    ],
  ];
  test.for(memoryBombs)(
    '%s fails with its exact error and the next run works',
    async ([, code, errorInfo], { run }) => {
      const result = await run('javascript', code, { timeout: 10_000, memoryLimit: 64 });
      expect(result).toMatchObject({ success: false, timedOut: false, errorInfo });
      expect((await run('javascript', '[1, 2, 3].length')).value).toBe('3');
    },
  );

  test('Array(1e9).fill(0), which grows past the memory limit inside one builtin, ends at the limit, not at its deadline', async ({
    run,
  }) => {
    // isolated-vm disposes the isolate at the limit but the builtin keeps running (and
    // allocating) on its thread: the run ends as MemoryLimitError soon after, and its worker is
    // retired (it used to run on to the deadline, the worker growing by ~100 MB/s).
    // Under isolated-vm 6 (Node 22) V8 aborts the whole worker process at the limit instead.
    const started = performance.now();
    const result = await run('javascript', 'Array(1e9).fill(0)', {
      timeout: 20_000,
      memoryLimit: 64,
    });
    expect(result).toMatchObject({ success: false, timedOut: false });
    expect(result.errorInfo).toEqual(
      isolatedVmPackageName() === 'isolated-vm'
        ? {
            name: 'MemoryLimitError',
            message:
              'Memory limit exceeded: the program needed more than 64 MB and was stopped. Use smaller data or process it in pieces.',
          }
        : {
            name: 'SandboxCrashedError',
            message:
              'The sandbox process stopped (exit code 134) while running the program, usually because the program exhausted memory or was killed. Its state was lost.',
          },
    );
    expect(performance.now() - started).toBeLessThan(10_000);
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
    // Node's inspect does not call a Proxy's traps: the value is the target's.
    expect(proxy).toMatchObject({ success: true, value: '{}' });
    const logged = await run(
      'javascript',
      'console.log(new Proxy([], { get() { for (;;) {} } }))',
      { timeout: 500 },
    );
    expect(logged).toMatchObject({ success: true, stdout: '[]\n' });
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
