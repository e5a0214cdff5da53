import { describe, expect, it } from 'vitest';
import { validateJsonSchema } from './validate-json-schema';

const order = {
  type: 'object',
  properties: {
    customer: { type: 'string', minLength: 1 },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string', pattern: '^[A-Z]\\d+$' },
          quantity: { type: 'integer', minimum: 1, maximum: 99 },
        },
        required: ['sku', 'quantity'],
        additionalProperties: false,
      },
    },
    priority: { enum: ['low', 'high'] },
    note: { type: ['string', 'null'] },
  },
  required: ['customer', 'items'],
};

describe('validateJsonSchema', () => {
  it('accepts a valid value', () => {
    expect(
      validateJsonSchema(order, {
        customer: 'ada',
        items: [{ sku: 'A1', quantity: 2 }],
        priority: 'high',
        note: null,
      }),
    ).toEqual([]);
  });

  it('names the path and the problem of each issue', () => {
    expect(
      validateJsonSchema(order, {
        customer: '',
        items: [
          { sku: 'A1', quantity: 2 },
          { sku: 'b', quantity: 1.5 },
          { sku: 7, extra: true },
        ],
        priority: 'urgent',
        note: 3,
      }),
    ).toEqual([
      'input.customer: expected at least 1 characters, got 0',
      'input.items[1].sku: expected to match /^[A-Z]\\d+$/, got "b"',
      'input.items[1].quantity: expected integer, got number',
      'input.items[2].quantity: required, missing',
      'input.items[2].sku: expected string, got number',
      'input.items[2].extra: unexpected property (allowed: sku, quantity)',
      'input.priority: expected one of "low", "high", got "urgent"',
      'input.note: expected string or null, got number',
    ]);
  });

  it('reports a missing required property and the wrong root type', () => {
    expect(validateJsonSchema(order, { items: [] })).toEqual([
      'input.customer: required, missing',
      'input.items: expected at least 1 item, got 0',
    ]);
    expect(validateJsonSchema(order, [1])).toEqual(['input: expected object, got array']);
    expect(validateJsonSchema(order, 'x', { rootName: 'output' })).toEqual([
      'output: expected object, got string',
    ]);
  });

  it('checks numbers: bounds (2020-12 and draft 4 exclusives) and multipleOf', () => {
    expect(validateJsonSchema({ type: 'number', exclusiveMinimum: 0 }, 0)).toEqual([
      'input: expected > 0, got 0',
    ]);
    expect(validateJsonSchema({ minimum: 0, exclusiveMinimum: true }, 0)).toEqual([
      'input: expected > 0, got 0',
    ]);
    expect(validateJsonSchema({ maximum: 10, exclusiveMaximum: 10 }, 10)).toEqual([
      'input: expected < 10, got 10',
    ]);
    expect(validateJsonSchema({ multipleOf: 0.5 }, 1.25)).toEqual([
      'input: expected a multiple of 0.5, got 1.25',
    ]);
    expect(validateJsonSchema({ multipleOf: 0.1 }, 0.3)).toEqual([]);
  });

  it('counts string length in code points', () => {
    expect(validateJsonSchema({ maxLength: 2 }, '😀😀')).toEqual([]);
    expect(validateJsonSchema({ maxLength: 1 }, '😀😀')).toEqual([
      'input: expected at most 1 characters, got 2',
    ]);
  });

  it('checks records (additionalProperties as a schema) and patternProperties', () => {
    const schema = {
      type: 'object',
      properties: { id: { type: 'string' } },
      patternProperties: { '^x-': { type: 'boolean' } },
      additionalProperties: { type: 'number' },
    };
    expect(validateJsonSchema(schema, { id: 'a', 'x-flag': true, count: 2 })).toEqual([]);
    expect(validateJsonSchema(schema, { 'x-flag': 1, count: 'two', 'user id': 'x' })).toEqual([
      'input["x-flag"]: expected boolean, got number',
      'input.count: expected number, got string',
      'input["user id"]: expected number, got string',
    ]);
    expect(validateJsonSchema({ type: 'object', additionalProperties: false }, { a: 1 })).toEqual([
      'input.a: unexpected property (none are allowed)',
    ]);
  });

  it('checks tuples (prefixItems, and draft 7 items arrays) and uniqueItems', () => {
    const pair = {
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'number' }],
      items: false,
    };
    expect(validateJsonSchema(pair, ['a', 1])).toEqual([]);
    expect(validateJsonSchema(pair, [1, 'a', 3])).toEqual([
      'input[0]: expected string, got number',
      'input[1]: expected number, got string',
      'input: expected at most 2 items, got 3',
    ]);
    const draft7 = { items: [{ type: 'string' }], additionalItems: { type: 'boolean' } };
    expect(validateJsonSchema(draft7, ['a', true, 2])).toEqual([
      'input[2]: expected boolean, got number',
    ]);
    expect(validateJsonSchema({ uniqueItems: true }, [{ a: 1, b: 2 }, 3, { b: 2, a: 1 }])).toEqual([
      'input: expected unique items, got a repeat at [2] of [0]',
    ]);
  });

  it('checks const, nullable (OpenAPI) and boolean schemas', () => {
    expect(validateJsonSchema({ const: 'v1' }, 'v2')).toEqual(['input: expected "v1", got "v2"']);
    expect(validateJsonSchema({ const: { a: [1] } }, { a: [1] })).toEqual([]);
    expect(validateJsonSchema({ type: 'string', nullable: true }, null)).toEqual([]);
    expect(validateJsonSchema({ type: 'string', nullable: true }, 1)).toEqual([
      'input: expected string or null, got number',
    ]);
    expect(validateJsonSchema({ properties: { a: false } }, { a: 1 })).toEqual([
      'input.a: no value is allowed here',
    ]);
  });

  it('reports a failed anyOf by the branch that fits the value, or by the types allowed', () => {
    const shape = {
      anyOf: [
        {
          type: 'object',
          properties: { kind: { const: 'circle' }, r: { type: 'number' } },
          required: ['kind', 'r'],
        },
        { type: 'string' },
        { type: 'null' },
      ],
    };
    expect(validateJsonSchema(shape, { kind: 'circle', r: 'big' })).toEqual([
      'input.r: expected number, got string',
    ]);
    expect(validateJsonSchema(shape, 3)).toEqual([
      'input: expected object or string or null, got 3',
    ]);
    expect(validateJsonSchema({ anyOf: [{ const: 'a' }, { const: 'b' }] }, 'c')).toEqual([
      'input: expected "a" or "b", got "c"',
    ]);
  });

  it('checks oneOf (exactly one), allOf (all) and not', () => {
    const oneOf = { oneOf: [{ type: 'integer' }, { type: 'number' }] };
    expect(validateJsonSchema(oneOf, 1.5)).toEqual([]);
    expect(validateJsonSchema(oneOf, 1)).toEqual([
      'input: matches 2 of the allowed shapes, expected exactly one (oneOf)',
    ]);
    const allOf = { allOf: [{ required: ['a'] }, { required: ['b'] }] };
    expect(validateJsonSchema(allOf, { a: 1 })).toEqual(['input.b: required, missing']);
    expect(validateJsonSchema({ not: { type: 'null' } }, null)).toEqual([
      'input: matches a shape that is not allowed here (not)',
    ]);
  });

  it('follows $ref to $defs, definitions and the root, fails closed on one it cannot resolve', () => {
    const tree = {
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } },
      required: ['name'],
    };
    expect(
      validateJsonSchema(tree, { name: 'a', children: [{ name: 'b', children: [{ name: 3 }] }] }),
    ).toEqual(['input.children[0].children[0].name: expected string, got number']);
    const defs = {
      $defs: { sku: { type: 'string' } },
      definitions: { 'a/b': { type: 'number' } },
      properties: { sku: { $ref: '#/$defs/sku' }, n: { $ref: '#/definitions/a~1b' } },
    };
    expect(validateJsonSchema(defs, { sku: 1, n: 'x' })).toEqual([
      'input.sku: expected string, got number',
      'input.n: expected number, got string',
    ]);
    expect(validateJsonSchema({ $ref: '#/$defs/missing' }, 1)).toEqual([
      `input: the schema's $ref "#/$defs/missing" cannot be resolved`,
    ]);
    expect(validateJsonSchema({ $ref: 'https://example.com/s.json' }, 1)).toHaveLength(1);
  });

  it('ignores format and unknown keywords', () => {
    expect(
      validateJsonSchema({ type: 'string', format: 'email', 'x-vendor': 1, if: false }, 'nope'),
    ).toEqual([]);
  });

  describe('with hostile values and schemas', () => {
    it('stops a $ref cycle that never reaches a value at the depth bound', () => {
      const cyclic = {
        $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } },
        $ref: '#/$defs/a',
      };
      expect(validateJsonSchema(cyclic, 1)).toEqual([
        'input: nested too deeply to check (more than 128 levels)',
      ]);
    });

    it('stops at the depth bound on a deeply nested value, without overflowing the stack', () => {
      let value: unknown = 'leaf';
      for (let i = 0; i < 100_000; i++) value = [value];
      const nested = {
        $defs: {
          n: { anyOf: [{ type: 'string' }, { type: 'array', items: { $ref: '#/$defs/n' } }] },
        },
        $ref: '#/$defs/n',
      };
      const issues = validateJsonSchema(nested, value);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(
        /^input(\[0\])+: nested too deeply to check \(more than 128 levels\)$/,
      );
    });

    it('lists at most maxIssues issues, then says there are more', () => {
      const issues = validateJsonSchema(
        { type: 'array', items: { type: 'string' } },
        Array.from({ length: 10_000 }, (_, i) => i),
      );
      expect(issues).toHaveLength(21);
      expect(issues[19]).toBe('input[19]: expected string, got number');
      expect(issues[20]).toBe('(more issues not listed)');
    });

    it('bounds the work of unions over a large value', () => {
      // Each level offers two branches that both descend: 2^depth checks without a bound.
      const schema = {
        $defs: {
          n: {
            anyOf: [
              { type: 'array', items: { $ref: '#/$defs/n' }, minItems: 3 },
              { type: 'array', items: { $ref: '#/$defs/n' }, maxItems: 0 },
            ],
          },
        },
        $ref: '#/$defs/n',
      };
      let value: unknown = [];
      for (let i = 0; i < 40; i++) value = [value];
      const started = performance.now();
      const issues = validateJsonSchema(schema, value, { maxSteps: 100_000 });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(issues).toContain('input: too large to check against its schema');
    });

    it('quotes at most a short prefix of a long string', () => {
      const [issue] = validateJsonSchema({ enum: ['a'] }, 'x'.repeat(1_000_000));
      expect(issue).toBe(
        `input: expected one of "a", got "${'x'.repeat(40)}"... (1000000 characters)`,
      );
    });

    it('lists a few of a huge enum', () => {
      const values = Array.from({ length: 5_000 }, (_, i) => `v${i}`);
      const [issue] = validateJsonSchema({ enum: values }, 'nope');
      expect(issue).toBe(
        'input: expected one of "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7" (and 4992 more), got "nope"',
      );
    });

    it('does not treat inherited properties as present', () => {
      expect(validateJsonSchema({ required: ['toString'] }, {})).toEqual([
        'input.toString: required, missing',
      ]);
      const schema = JSON.parse('{"properties": {"__proto__": {"type": "string"}}}');
      expect(validateJsonSchema(schema, JSON.parse('{"__proto__": 1}'))).toEqual([
        'input.__proto__: expected string, got number',
      ]);
    });
  });
});
