import * as nodeUtil from 'node:util';
import { describe, expect, it } from 'vitest';
import { format, inspect } from './inspect';

const custom = Symbol.for('nodejs.util.inspect.custom');

const throwingHandler: ProxyHandler<object> = {
  get() {
    throw new Error('get trap');
  },
  has() {
    throw new Error('has trap');
  },
  ownKeys() {
    throw new Error('ownKeys trap');
  },
  getOwnPropertyDescriptor() {
    throw new Error('getOwnPropertyDescriptor trap');
  },
  getPrototypeOf() {
    throw new Error('getPrototypeOf trap');
  },
};

interface HostileCase {
  name: string;
  make: () => unknown;
  /** What our output must match. */
  expected: RegExp | string;
  /** Node prints the same (it does not throw for this value). */
  sameAsNode?: boolean;
}

const hostileCases: HostileCase[] = [
  {
    name: 'getter that throws is not called',
    make: () => ({
      get bad() {
        throw new Error('never');
      },
    }),
    expected: '{ bad: [Getter] }',
    sameAsNode: true,
  },
  {
    name: 'array index getter that throws',
    make: () =>
      Object.defineProperty([1, 2], 0, {
        get() {
          throw new Error('never');
        },
      }),
    expected: '[ [Getter], 2 ]',
    sameAsNode: true,
  },
  {
    name: 'Proxy whose traps all throw',
    make: () => new Proxy({ a: 1 }, throwingHandler),
    expected: /^<Inspection threw \(Error: \w+ trap\)>$/,
  },
  {
    name: 'Proxy whose ownKeys trap throws',
    make: () =>
      new Proxy(
        { a: 1 },
        {
          ownKeys() {
            throw new Error('no keys');
          },
        },
      ),
    expected: '<Inspection threw (Error: no keys)>',
  },
  {
    name: 'Proxy whose getPrototypeOf trap throws',
    make: () =>
      new Proxy(
        {},
        {
          getPrototypeOf() {
            throw new TypeError('no proto');
          },
        },
      ),
    expected: '<Inspection threw (TypeError: no proto)>',
  },
  {
    name: 'Proxy nested in an object',
    make: () => ({ ok: 1, bad: new Proxy({}, throwingHandler), after: [2] }),
    expected: /^\{ ok: 1, bad: <Inspection threw \(Error: \w+ trap\)>, after: \[ 2 \] \}$/,
  },
  {
    name: 'transparent Proxy',
    make: () => new Proxy({ a: [1, 2] }, {}),
    expected: '{ a: [ 1, 2 ] }',
    sameAsNode: true,
  },
  {
    name: 'revoked Proxy',
    make: () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return { proxy };
    },
    expected: /^\{\s+proxy: <Inspection threw \(TypeError: .*revoked\)>\s+\}$/,
  },
  {
    name: 'constructor getter that throws',
    make: () => {
      const proto = {};
      Object.defineProperty(proto, 'constructor', {
        get() {
          throw new Error('constructor getter');
        },
      });
      return Object.assign(Object.create(proto), { a: 1 });
    },
    expected: '{ a: 1 }',
    sameAsNode: true,
  },
  {
    name: 'class whose static name getter throws',
    make: () =>
      // biome-ignore lint/complexity/noStaticOnlyClass: the static getter is the point.
      new (class Named {
        static get name(): string {
          throw new Error('name getter');
        }
      })(),
    expected: '<Inspection threw (Error: name getter)>',
  },
  {
    name: 'function whose name getter throws',
    make: () =>
      Object.defineProperty(function f() {}, 'name', {
        get() {
          throw new Error('fn name');
        },
      }),
    expected: '<Inspection threw (Error: fn name)>',
  },
  {
    name: 'Symbol.toStringTag getter that throws',
    make: () => ({
      a: 1,
      get [Symbol.toStringTag]() {
        throw new Error('tag');
      },
    }),
    expected: '{ a: 1, Symbol(Symbol.toStringTag): [Getter] }',
    sameAsNode: true,
  },
  {
    name: 'Symbol.hasInstance that throws',
    make: () => {
      // biome-ignore lint/complexity/noStaticOnlyClass: the static hook is the point.
      class Weird {
        static [Symbol.hasInstance](): boolean {
          throw new Error('hasInstance');
        }
      }
      return Object.create(Weird.prototype);
    },
    expected: '{}',
    sameAsNode: true,
  },
  {
    name: 'custom inspect that throws',
    make: () => ({
      [custom]() {
        throw new Error('custom boom');
      },
    }),
    expected: '<Inspection threw (Error: custom boom)>',
  },
  {
    name: 'custom inspect that throws a primitive',
    make: () => ({
      [custom]() {
        throw 'just a string';
      },
    }),
    expected: "<Inspection threw ('just a string')>",
  },
  {
    name: 'custom inspect that throws a hostile proxy',
    make: () => ({
      [custom]() {
        throw new Proxy({}, throwingHandler);
      },
    }),
    expected: '<Inspection threw (unknown error)>',
  },
  {
    name: 'custom inspect returning a number',
    make: () => ({ [custom]: () => 42 }),
    expected: '42',
    sameAsNode: true,
  },
  {
    name: 'custom inspect returning null',
    make: () => ({ [custom]: () => null }),
    expected: 'null',
    sameAsNode: true,
  },
  {
    name: 'custom inspect returning undefined',
    make: () => ({ [custom]: () => undefined }),
    expected: 'undefined',
    sameAsNode: true,
  },
  {
    name: 'custom inspect returning a symbol',
    make: () => ({ [custom]: () => Symbol('s') }),
    expected: 'Symbol(s)',
    sameAsNode: true,
  },
  {
    name: 'custom inspect recursing forever',
    make: () => {
      const make = (): object => ({ [custom]: () => make() });
      return make();
    },
    expected: /Maximum call stack size exceeded/,
  },
  {
    name: 'custom inspect getter that throws',
    make: () => ({
      get [custom]() {
        throw new Error('custom getter');
      },
    }),
    expected: '<Inspection threw (Error: custom getter)>',
  },
  {
    name: 'error whose stack, message and name getters throw',
    make: () => {
      const error = new Error('x');
      for (const key of ['stack', 'message', 'name']) {
        Object.defineProperty(error, key, {
          get() {
            throw new Error(key);
          },
        });
      }
      return error;
    },
    expected: /^\[object Error\]|Error/,
  },
  {
    name: 'error whose cause getter throws',
    make: () => {
      const error = new Error('with cause');
      error.stack = 'Error: with cause\n    at here (file.js:1:1)';
      Object.defineProperty(error, 'cause', {
        get() {
          throw new Error('cause');
        },
      });
      return error;
    },
    expected: /^Error: with cause\n {4}at here \(file\.js:1:1\) \{\n {2}\[cause\]: \[Getter\]\n\}$/,
    sameAsNode: true,
  },
  {
    name: 'Map subclass whose size getter throws',
    make: () =>
      new (class BadMap extends Map<unknown, unknown> {
        override get size(): number {
          throw new Error('size');
        }
      })([[1, 2]]),
    expected: '<Inspection threw (Error: size)>',
  },
  {
    name: 'Set subclass whose iterator throws',
    make: () =>
      new (class BadSet extends Set {
        override [Symbol.iterator](): SetIterator<unknown> {
          throw new Error('iterator');
        }
      })([1]),
    expected: '<Inspection threw (Error: iterator)>',
  },
  {
    name: 'RegExp whose flags getter throws',
    make: () =>
      Object.defineProperty(/x/g, 'flags', {
        get() {
          throw new Error('flags');
        },
      }),
    expected: '<Inspection threw (Error: flags)>',
  },
  {
    name: 'typed array subclass whose length getter throws',
    make: () =>
      new (class BadBytes extends Uint8Array {
        override get length(): number {
          throw new Error('length');
        }
      })(2),
    expected: '<Inspection threw (Error: length)>',
  },
  {
    name: 'cycle through Map keys and Set values',
    make: () => {
      const m = new Map<unknown, unknown>();
      const s = new Set<unknown>([m]);
      m.set(m, s);
      return m;
    },
    expected: '<ref *1> Map(1) { [Circular *1] => Set(1) { [Circular *1] } }',
    sameAsNode: true,
  },
  {
    name: 'huge dense array',
    make: () => new Array(3_000_000).fill(7),
    expected: /\.\.\. 2999900 more items\n\]$/,
    sameAsNode: true,
  },
  {
    name: 'huge sparse array',
    make: () => {
      const a: number[] = [];
      a[4_000_000_000] = 1;
      return a;
    },
    expected: '[ <4000000000 empty items>, 1 ]',
    sameAsNode: true,
  },
  {
    name: 'huge array with an early hole',
    make: () => {
      const a = new Array(2_000_000).fill(1);
      delete a[3];
      return a;
    },
    expected: /^\[\n {2}1, 1, 1, <1 empty item>, 1/,
    sameAsNode: true,
  },
  {
    name: 'huge typed array',
    make: () => new Uint8Array(5_000_000),
    expected: /^Uint8Array\(5000000\) \[[\s\S]*\.\.\. 4999900 more items\n\]$/,
    sameAsNode: true,
  },
  {
    name: 'huge boxed string',
    make: () => new String('s'.repeat(300_000)),
    expected: /^\[String: 's{10000}'\.\.\. 290000 more characters\]$/,
    sameAsNode: true,
  },
  {
    name: 'object with many keys',
    make: () => Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])),
    expected: /^\{\n {2}k0: 0,\n[\s\S]*k49999: 49999\n\}$/,
    sameAsNode: true,
  },
];

describe('inspect on hostile values', () => {
  for (const { name, make, expected, sameAsNode } of hostileCases) {
    it(name, () => {
      const value = make();
      let text = '';
      expect(() => {
        text = inspect(value);
      }).not.toThrow();
      if (typeof expected === 'string') expect(text).toBe(expected);
      else expect(text).toMatch(expected);
      if (sameAsNode) expect(text).toBe(nodeUtil.inspect(value));
    });
  }

  it('stays bounded on a very deep value without a depth limit', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 30_000; i++) value = [value];
    const text = inspect(value, { depth: Number.POSITIVE_INFINITY });
    // Node prints the same marker at the level where the stack ran out.
    expect(text).toMatch(
      /\[Array: Inspection interrupted prematurely\. Maximum call stack size exceeded\.\]/,
    );
    expect(text).not.toContain('Inspection threw');
  });

  it('does not call getters, traps or toJSON for console.log of plain values', () => {
    let calls = 0;
    const value = {
      get g() {
        calls++;
        return 1;
      },
      toJSON() {
        calls++;
        return {};
      },
      toString() {
        calls++;
        return '';
      },
    };
    inspect(value);
    format('value:', value);
    expect(calls).toBe(0);
  });
});

describe('format on hostile values', () => {
  it('%s with a toString that throws', () => {
    const value = {
      toString() {
        throw new Error('toString boom');
      },
    };
    expect(() => nodeUtil.format('%s', value)).toThrow('toString boom');
    expect(format('%s!', value)).toBe('<Inspection threw (Error: toString boom)>!');
  });

  it('%j with a toJSON that throws, and of a bigint', () => {
    const value = {
      toJSON() {
        throw new TypeError('toJSON boom');
      },
    };
    expect(format('a %j b', value)).toBe('a <Inspection threw (TypeError: toJSON boom)> b');
    expect(format('%j', 1n)).toMatch(/^<Inspection threw \(TypeError: .*BigInt.*\)>$/);
  });

  it('%d and %i with valueOf and toString that throw', () => {
    const value = {
      valueOf() {
        throw new Error('valueOf boom');
      },
      toString() {
        throw new Error('toString boom');
      },
    };
    expect(format('%d|%i|%f', value, value, value)).toBe(
      '<Inspection threw (Error: valueOf boom)>|<Inspection threw (Error: toString boom)>|<Inspection threw (Error: toString boom)>',
    );
  });

  it('%s of a Proxy whose traps throw', () => {
    expect(format('%s', new Proxy({}, throwingHandler))).toMatch(
      /^<Inspection threw \(Error: \w+ trap\)>$/,
    );
  });

  it('an options object whose getter throws', () => {
    const options = {
      get depth(): number {
        throw new Error('options getter');
      },
    };
    expect(inspect({ a: 1 }, options)).toBe('<Inspection threw (Error: options getter)>');
  });
});

describe('inspect after user code patched built-ins', () => {
  it('prints the same as before', () => {
    const value = {
      list: Array.from({ length: 30 }, (_, i) => i),
      text: "it's\nlong ".repeat(12),
      map: new Map([['k', new Set([1])]]),
      nested: { deeper: { deepest: { gone: 1 } } },
      error: Object.assign(new Error('e'), { stack: 'Error: e\n    at x (y.js:1:1)' }),
      [Symbol('s')]: /re/g,
    };
    const before = inspect(value);
    const formattedBefore = format('%s %d %j %o', 'a', 1, { b: 2 }, [3]);
    const patches: [object, PropertyKey][] = [
      [Array.prototype, 'join'],
      [Array.prototype, 'push'],
      [Array.prototype, 'includes'],
      [Array.prototype, 'slice'],
      [Array.prototype, 'splice'],
      [Array.prototype, 'indexOf'],
      [Array.prototype, Symbol.iterator],
      [String.prototype, 'slice'],
      [String.prototype, 'split'],
      [String.prototype, 'replace'],
      [String.prototype, 'replaceAll'],
      [String.prototype, 'repeat'],
      [String.prototype, 'padStart'],
      [String.prototype, 'includes'],
      [String.prototype, 'indexOf'],
      [String.prototype, 'charCodeAt'],
      [RegExp.prototype, 'exec'],
      [RegExp.prototype, Symbol.replace],
      [RegExp.prototype, Symbol.split],
      [Map.prototype, 'get'],
      [Map.prototype, 'set'],
      [Set.prototype, 'has'],
      [Set.prototype, 'add'],
      [Object, 'keys'],
      [Object, 'getOwnPropertyDescriptor'],
      [Reflect, 'ownKeys'],
      [Function.prototype, 'call'],
      [Function.prototype, 'bind'],
    ];
    const saved = patches.map((patch) => Object.getOwnPropertyDescriptor(patch[0], patch[1]));
    const defineProperty = Object.defineProperty;
    // No array destructuring below: the array iterator is one of the patched methods.
    function restore() {
      for (let i = 0; i < patches.length; i++) {
        const patch = patches[i] as [object, PropertyKey];
        defineProperty(patch[0], patch[1], saved[i] as PropertyDescriptor);
      }
    }
    try {
      for (let i = 0; i < patches.length; i++) {
        const patch = patches[i] as [object, PropertyKey];
        const key = patch[1];
        defineProperty(patch[0], key, {
          value() {
            throw new Error(`patched ${typeof key === 'symbol' ? 'symbol' : key}`);
          },
          configurable: true,
          writable: true,
        });
      }
      const after = inspect(value);
      const formattedAfter = format('%s %d %j %o', 'a', 1, { b: 2 }, [3]);
      restore();
      expect(after).toBe(before);
      expect(formattedAfter).toBe(formattedBefore);
    } finally {
      restore();
    }
  });
});
