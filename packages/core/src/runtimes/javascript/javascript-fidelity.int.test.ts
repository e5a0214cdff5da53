import { execFileSync } from 'node:child_process';
import { describe, expect } from 'vitest';
import { interpreterTest } from '../../../test/interpreter-fixture';

const test = interpreterTest({ languages: ['javascript', 'typescript'] });

/** What real Node prints for a program (same binary that runs the tests). */
function nodeStdout(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
}

/** Programs whose stdout must match Node's exactly. */
const programs: Array<[string, string]> = [
  ['primitives', "console.log(1, -0, 1n, 'str', true, null, undefined, NaN, Symbol('s'))"],
  [
    'format specifiers',
    "console.log('%s is %d years and %i, %f, %j %o %O %%', 'Bob', 42.5, 42.5, '1.5', {a:1}, [1], {b:{c:{}}})",
  ],
  [
    'arrays and objects',
    "console.log([1, 2, 3], { a: 1, b: 'two', c: [3] }, [[1, [2, [3, [4]]]]])",
  ],
  [
    'long number array groups into columns',
    'console.log(Array.from({ length: 40 }, (_, i) => i * 37))',
  ],
  [
    'wide object breaks lines',
    "console.log({ alpha: 'a'.repeat(20), beta: 'b'.repeat(20), gamma: 'c'.repeat(20), delta: [1,2,3] })",
  ],
  [
    'Map Set Date RegExp',
    "console.log(new Map([['a', { x: 1 }]]), new Set([1, 'b']), new Date(0), /ab+c/gi)",
  ],
  [
    'functions and classes',
    'class A {} class B extends A {} console.log(function f() {}, () => {}, A, B, async function g() {}, function* h() {})',
  ],
  [
    'class instances and null prototype',
    'class P { constructor() { this.x = 1 } } console.log(new P(), Object.create(null), Object.assign(Object.create(null), { k: 1 }))',
  ],
  [
    'typed arrays and buffers',
    'console.log(new Uint8Array([1, 2, 3]), new Float64Array(2), new ArrayBuffer(4))',
  ],
  ['nested depth', 'console.log({ a: { b: { c: { d: { e: 1 } } } } })'],
  ['circular', 'const o = { name: "o" }; o.self = o; o.list = [o]; console.log(o)'],
  ['strings with quotes', `console.log(["it's", 'say "hi"', \`both ' and "\`, 'line\\nbreak'])`],
  [
    'errors inside objects',
    "const e = new Error('inner'); e.stack = 'Error: inner\\n    at somewhere'; console.log({ e })",
  ],
  [
    'getters and symbols as keys',
    "console.log({ get a() { return 1 }, set b(v) {}, [Symbol('k')]: 2, 'needs-quote': 3 })",
  ],
  [
    'sparse arrays and extra keys',
    'const a = [1, , 3]; a.extra = true; console.log(a, new Array(5))',
  ],
  ['console.table', "console.table([{ a: 1, b: 'x' }, { a: 22 }]); console.table([1, 2])"],
  [
    'console.group and dir',
    "console.group('G'); console.log('in'); console.groupEnd(); console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 })",
  ],
  ['console.count and assert to stdout', "console.count(); console.count('a'); console.count()"],
  [
    'boxed primitives and big arrays',
    "console.log(new Number(3), new String('s'), Array.from({ length: 120 }, () => 'x'))",
  ],
  ['unicode and lone surrogates', "console.log('héllo 🌍', ['\\uD800'])"],
];

describe('console output matches Node', () => {
  test.for(programs)('%s', async ([, code], { run }) => {
    const result = await run('javascript', code);
    expect(result.success).toBe(true);
    expect(result.stdout).toBe(nodeStdout(code));
  });
});

describe('REPL values', () => {
  const values: Array<[string, string]> = [
    ['1 + 1', '2'],
    ["'text'", "'text'"],
    ['[1, 2, 3]', '[ 1, 2, 3 ]'],
    ['({ a: 1 })', '{ a: 1 }'],
    ['new Map([[1, 2]])', 'Map(1) { 1 => 2 }'],
    ['(function named() {})', '[Function: named]'],
    ['Promise.resolve(5)', 'Promise { 5 }'],
  ];
  test.for(values)('%s renders as %s', async ([code, shown], { run }) => {
    const result = await run('javascript', code);
    expect(result.value).toBe(shown);
  });

  test('undefined and statements give no value', async ({ run }) => {
    expect((await run('javascript', 'undefined')).value).toBeUndefined();
    expect((await run('javascript', 'let a = 1')).value).toBeUndefined();
  });
});

describe('async programs', () => {
  test('timers, promises and microtasks run in Node order', async ({ run }) => {
    const code = `
      const order = [];
      setTimeout(() => { order.push('timeout 1'); Promise.resolve().then(() => order.push('micro in timeout 1')) }, 0);
      setTimeout(() => order.push('timeout 2'), 0);
      queueMicrotask(() => order.push('microtask'));
      Promise.resolve().then(() => order.push('promise'));
      order.push('sync');
      await new Promise((resolve) => setTimeout(resolve, 20));
      console.log(order.join(', '));`;
    const result = await run('javascript', code);
    expect(result.stdout).toBe(nodeStdout(code));
  });

  test('setInterval runs until cleared and the run waits for pending timers', async ({ run }) => {
    // 'late' is set by the third tick, so the order does not depend on how fast the machine is;
    // an interval still running after clearInterval would tick again within its 60 ms.
    const code = `let n = 0; const id = setInterval(() => {
         n++; console.log('tick', n);
         if (n === 3) { clearInterval(id); setTimeout(() => console.log('late'), 60) }
       }, 10);`;
    const result = await run('javascript', code);
    expect(result.stdout).toBe('tick 1\ntick 2\ntick 3\nlate\n');
    expect(result.stdout).toBe(nodeStdout(code));
  });

  test('real time passes for timers', async ({ run }) => {
    const result = await run(
      'javascript',
      'const t = Date.now(); await new Promise((r) => setTimeout(r, 200)); Date.now() - t >= 195',
    );
    expect(result.value).toBe('true');
    expect(result.executionTime).toBeGreaterThanOrEqual(195);
  });

  test('an unhandled rejection fails the run like Node', async ({ run }) => {
    const result = await run(
      'javascript',
      'async function main() { throw new Error("in main") }\nmain();\nconsole.log("after")',
    );
    expect(result.success).toBe(false);
    expect(result.errorInfo).toMatchObject({ name: 'Error', message: 'in main', line: 1 });
  });

  test('an error thrown in a timer fails the run with its line', async ({ run }) => {
    const result = await run('javascript', 'setTimeout(() => {\n  null.x\n}, 5)');
    expect(result.errorInfo).toMatchObject({ name: 'TypeError', line: 2 });
  });
});

describe('web globals', () => {
  test('the globals model-written code reaches for exist and work', async ({ run }) => {
    const result = await run(
      'javascript',
      `const url = new URL('https://example.com/a/b?x=1&y=two#h');
       url.searchParams.append('z', '3');
       [
         new TextDecoder().decode(new TextEncoder().encode('héllo')),
         url.href,
         new URLSearchParams('a=1&b=2').get('b'),
         atob(btoa('hi')),
         structuredClone(new Map([[1, { d: new Date(0) }]])).get(1).d.getTime(),
         /^[0-9a-f-]{36}$/.test(crypto.randomUUID()),
         crypto.getRandomValues(new Uint8Array(8)).length,
         typeof performance.now(),
       ]`,
    );
    expect(result.value).toBe(
      "[\n  'héllo',\n  'https://example.com/a/b?x=1&y=two&z=3#h',\n  '2',\n  'hi',\n  0,\n  true,\n  8,\n  'number'\n]",
    );
  });
});

describe('TypeScript', () => {
  test('types, interfaces, generics, enums and casts are stripped', async ({ run }) => {
    const result = await run(
      'typescript',
      `enum Color { Red, Green }
       interface Box<T> { value: T }
       type Pair = [number, string];
       function unwrap<T>(box: Box<T>): T { return box.value }
       const pair: Pair = [1, 'one'];
       const n = unwrap<number>({ value: 41 }) as number;
       console.log(Color.Green, pair);
       n + 1`,
    );
    expect(result.success).toBe(true);
    expect(result.stdout).toBe("1 [ 1, 'one' ]\n");
    expect(result.value).toBe('42');
  });
});
