import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SandboxToolSchema, StandardSchemaLike } from './sandbox-tool';
import { resolveToolSchema } from './tool-schema';

describe('resolveToolSchema', () => {
  describe('with a Zod 4 schema', () => {
    const schema = resolveToolSchema(
      z.object({
        sku: z.string().describe('The product code'),
        quantity: z.number().int().min(1).default(1),
        tags: z.array(z.string()).optional(),
      }),
    );

    it("reads the library's JSON Schema (draft 2020-12) of the input", () => {
      expect(schema.jsonSchema).toMatchObject({
        type: 'object',
        properties: {
          sku: { type: 'string', description: 'The product code' },
          quantity: { type: 'integer', minimum: 1, default: 1 },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['sku'],
      });
    });

    it("answers the library's value, with its defaults filled in", async () => {
      expect(await schema.validate({ sku: 'A1' })).toEqual({
        ok: true,
        value: { sku: 'A1', quantity: 1 },
      });
    });

    it('says which fields are wrong and how, a few at most', async () => {
      const result = await schema.validate({ sku: 7, quantity: 0, tags: [1, 2, 3, 4] });
      expect(result).toEqual({
        ok: false,
        message:
          'input.sku: expected string, received number; input.quantity: Too small: expected number to be >=1; input.tags[0]: expected string, received number (and 3 more)',
      });
    });

    it('does not echo a huge value back', async () => {
      const result = await resolveToolSchema(z.object({ mode: z.enum(['a', 'b']) })).validate({
        mode: 'x'.repeat(100_000),
      });
      expect(result.ok).toBe(false);
      expect(result.ok === false && result.message.length).toBeLessThan(300);
    });

    it('uses the transformed value, and {} as the JSON Schema of what JSON Schema cannot express', async () => {
      const trimmed = resolveToolSchema(z.object({ name: z.string().transform((s) => s.trim()) }));
      expect(await trimmed.validate({ name: '  ada ' })).toEqual({
        ok: true,
        value: { name: 'ada' },
      });
      const custom = resolveToolSchema(z.custom<Date>((value) => value instanceof Date));
      expect(custom.jsonSchema).toEqual({});
    });
  });

  describe('with another Standard Schema', () => {
    it('awaits an async validate, and takes {} as the JSON Schema when it offers none', async () => {
      const schema: StandardSchemaLike = {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: async (value) =>
            typeof value === 'string'
              ? { value: value.toUpperCase() }
              : { issues: [{ message: 'expected a string', path: [{ key: 'a' }, 0] }] },
        },
      };
      const resolved = resolveToolSchema(schema);
      expect(resolved.jsonSchema).toEqual({});
      expect(await resolved.validate('x')).toEqual({ ok: true, value: 'X' });
      expect(await resolved.validate(1)).toEqual({
        ok: false,
        message: 'input.a[0]: expected a string',
      });
    });

    it('accepts a callable schema (ArkType types are functions)', async () => {
      const callable = Object.assign(() => undefined, {
        '~standard': {
          version: 1 as const,
          vendor: 'arktype',
          validate: (value: unknown) => ({ value }),
        },
      });
      expect(await resolveToolSchema(callable).validate(1)).toEqual({ ok: true, value: 1 });
    });

    it('falls back to {} when reading the JSON Schema throws', () => {
      const schema: StandardSchemaLike = {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: (value) => ({ value }),
          jsonSchema: {
            input: () => {
              throw new Error('unsupported');
            },
          },
        },
      };
      expect(resolveToolSchema(schema).jsonSchema).toEqual({});
    });

    it('turns a throwing validate into a failed check that does not repeat the error', async () => {
      const schema: StandardSchemaLike = {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: () => {
            throw new Error('/home/app/secret/path.ts: boom');
          },
        },
      };
      expect(await resolveToolSchema(schema).validate({})).toEqual({
        ok: false,
        message: 'input: could not be checked (the test schema threw an error)',
      });
    });
  });

  describe('with a plain JSON Schema (as MCP servers publish)', () => {
    const jsonSchema = {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File to read' },
        encoding: { type: 'string', enum: ['utf8', 'base64'] },
        lines: { type: 'array', items: { type: 'integer' } },
      },
      required: ['path'],
      additionalProperties: false,
    };

    it("is its own JSON Schema and checks values with core's validator, unchanged", async () => {
      const schema = resolveToolSchema(jsonSchema);
      expect(schema.jsonSchema).toBe(jsonSchema);
      const value = { path: 'a.txt' };
      const result = await schema.validate(value);
      expect(result).toEqual({ ok: true, value });
      expect(result.ok && result.value).toBe(value);
    });

    it('reports at most three issues', async () => {
      expect(
        await resolveToolSchema(jsonSchema).validate({
          encoding: 'latin1',
          lines: ['1', '2'],
          x: 1,
        }),
      ).toEqual({
        ok: false,
        message:
          'input.path: required, missing; input.encoding: expected one of "utf8", "base64", got "latin1"; input.lines[0]: expected integer, got string (and more)',
      });
    });

    it('accepts an object without a prototype', async () => {
      const schema = Object.assign(Object.create(null), { type: 'string' });
      expect(await resolveToolSchema(schema).validate(1)).toEqual({
        ok: false,
        message: 'input: expected string, got number',
      });
    });
  });

  describe('refuses what is neither, naming what to pass', () => {
    it.each([
      ['null', null],
      ['a string', 'string'],
      ['an array', [{ type: 'string' }]],
      ['an instance of Map', new Map()],
      ['a function', () => undefined],
    ])('%s', (description, schema) => {
      expect(() => resolveToolSchema(schema as unknown as SandboxToolSchema)).toThrow(
        new TypeError(
          `A tool schema must be a Standard Schema (Zod 4, Valibot, ArkType...) or a plain JSON Schema object; got ${description}.`,
        ),
      );
    });

    it('an AI SDK Schema wrapper (which would otherwise check nothing)', () => {
      const wrapper = {
        [Symbol.for('vercel.ai.schema')]: true,
        jsonSchema: { type: 'object' },
        validate: undefined,
      };
      expect(() => resolveToolSchema(wrapper)).toThrow(/AI SDK Schema.*pass the Zod schema itself/);
    });

    it('a "~standard" without validate', () => {
      expect(() => resolveToolSchema({ '~standard': {} })).toThrow(/without a validate function/);
    });
  });
});
