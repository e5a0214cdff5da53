import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  pythonToolName,
  pythonToolStubs,
  type ToolDeclarationSource,
  typeScriptToolDeclarations,
} from './tool-declarations';
import { resolveToolSchema } from './tool-schema';

const jsonSchemaOf = (schema: z.ZodType) => resolveToolSchema(schema).jsonSchema;

const inventory: ToolDeclarationSource = {
  name: 'getInventory',
  description: 'Returns the stock level of a product.',
  inputJsonSchema: jsonSchemaOf(
    z.object({
      sku: z.string().describe("The product's SKU."),
      warehouse: z.enum(['east', 'west']).optional(),
    }),
  ),
  outputJsonSchema: jsonSchemaOf(z.object({ count: z.number().int() })),
};

// As an MCP server publishes it: a dashed name, a property that is a Python keyword.
const mcpTool: ToolDeclarationSource = {
  name: 'fs.read-file',
  description: 'Reads a file.\nPaths are relative to the workspace.',
  inputJsonSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'File to read' },
      from: { type: 'integer', description: 'First line' },
    },
    required: ['path'],
    additionalProperties: false,
    $schema: 'http://json-schema.org/draft-07/schema#',
  },
};

const order: ToolDeclarationSource = {
  name: 'placeOrder',
  inputJsonSchema: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        items: { $ref: '#/$defs/line' },
      },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      note: { type: 'string', nullable: true },
      shipping: { anyOf: [{ const: 'pickup' }, { $ref: '#/definitions/address' }] },
      position: {
        type: 'array',
        prefixItems: [{ type: 'number' }, { type: 'number' }],
        items: false,
      },
    },
    required: ['items', 'shipping'],
    $defs: {
      line: {
        type: 'object',
        properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
        required: ['sku', 'qty'],
      },
    },
    definitions: {
      address: {
        type: 'object',
        properties: { street: { type: 'string' }, zip: { type: ['string', 'null'] } },
        required: ['street'],
      },
    },
  },
  outputJsonSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
};

describe('typeScriptToolDeclarations', () => {
  it('declares each tool as a method of `tools` with its input and output types and descriptions', () => {
    expect(typeScriptToolDeclarations([inventory, mcpTool, order])).toBe(
      `/** The application's tools. A failed call rejects with an Error named 'ToolError' (its message is the tool's). */
declare const tools: {
  /** Returns the stock level of a product. */
  getInventory(input: {
    /** The product's SKU. */
    sku: string;
    warehouse?: "east" | "west";
  }): Promise<{ count: number }>;
  /**
   * Reads a file.
   * Paths are relative to the workspace.
   */
  "fs.read-file"(input: {
    /** File to read */
    path: string;
    /** First line */
    from?: number;
  }): Promise<unknown>;
  placeOrder(input: {
    items: { sku: string; qty: number }[];
    labels?: Record<string, string>;
    note?: string | null;
    shipping: "pickup" | { street: string; zip?: string | null };
    position?: [number, number];
  }): Promise<{ id: string }>;
};`,
    );
  });

  it('shows a recursive type once, its recursion as unknown', () => {
    const Node: z.ZodType = z.object({
      name: z.string(),
      get children() {
        return z.array(Node);
      },
    });
    const declarations = typeScriptToolDeclarations([
      { name: 'saveTree', inputJsonSchema: jsonSchemaOf(z.object({ root: Node })) },
    ]);
    expect(declarations).toContain(
      'saveTree(input: { root: { name: string; children: unknown[] } }): Promise<unknown>;',
    );
  });

  it('survives a cyclic $ref that never reaches a shape', () => {
    const declarations = typeScriptToolDeclarations([
      {
        name: 'loop',
        inputJsonSchema: {
          $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } },
          $ref: '#/$defs/a',
        },
      },
    ]);
    expect(declarations).toContain('loop(input: unknown): Promise<unknown>;');
  });

  it('cuts deep nesting, huge enums and huge objects short', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 1_000; i++)
      deep = { type: 'object', properties: { a: deep }, required: ['a'] };
    const hugeEnum = { enum: Array.from({ length: 10_000 }, (_, i) => `value-${i}`) };
    const wide = {
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 500 }, (_, i) => [`p${i}`, { type: 'number' }]),
      ),
    };
    const declarations = typeScriptToolDeclarations([
      { name: 'deep', inputJsonSchema: deep },
      { name: 'pick', inputJsonSchema: { type: 'object', properties: { choice: hugeEnum } } },
      { name: 'wide', inputJsonSchema: wide },
    ]);
    expect(declarations.length).toBeLessThan(5_000);
    expect(declarations).toContain(`${'{ a: '.repeat(13)}unknown${' }'.repeat(13)}`);
    expect(declarations).toContain('"value-23" /* | ... 9976 more */');
    expect(declarations).toContain('p63?: number;\n    /* ... 436 more properties */');
  });

  it('escapes a description that would close its comment', () => {
    const declarations = typeScriptToolDeclarations([
      { name: 'x', description: 'ends */ here', inputJsonSchema: {} },
    ]);
    expect(declarations).toContain('/** ends *\\/ here */');
  });
});

describe('pythonToolName', () => {
  it.each([
    ['getInventory', 'get_inventory'],
    ['get_inventory', 'get_inventory'],
    ['fs.read-file', 'fs_read_file'],
    ['getHTTPResponse', 'get_http_response'],
    ['3d-print', '_3d_print'],
    ['import', 'import_'],
    ['None', 'none'],
    ['class', 'class_'],
    ['héllo wörld', 'h_llo_w_rld'],
    ['', '_'],
  ])('%s -> %s', (name, expected) => {
    expect(pythonToolName(name)).toBe(expected);
  });
});

describe('pythonToolStubs', () => {
  it('writes an async def per tool with keyword arguments, descriptions and shapes in its docstring', () => {
    expect(pythonToolStubs([inventory, order])).toBe(
      `from typing import Literal

class ToolError(Exception):
    """A tool call failed: str(error) is the tool's message."""

class tools:
    """The application's tools. Call with keyword arguments: \`await tools.name(...)\`, or the
    blocking form \`tools.name.sync(...)\`. A failed call raises ToolError."""

    async def get_inventory(*, sku: str, warehouse: Literal["east", "west"] | None = None) -> dict:
        """Returns the stock level of a product.
        sku: The product's SKU.
        Returns: {"count": int}"""
    async def place_order(*, items: list[dict], labels: dict[str, str] | None = None, note: str | None = None, shipping: Literal["pickup"] | dict, position: tuple[float, float] | None = None) -> dict:
        """items (list[{"sku": str, "qty": int}])
        shipping (Literal["pickup"] | {"street": str, "zip"?: str | None})
        Returns: {"id": str}"""`,
    );
  });

  it('takes **input when a property is not a Python identifier, spelling the keys out', () => {
    expect(pythonToolStubs([mcpTool])).toContain(
      `    async def fs_read_file(**input: Any) -> Any:
        """Reads a file.
        Paths are relative to the workspace.
        input: {"path": str, "from"?: int}"""`,
    );
  });

  it('takes no arguments, or any, as the input schema says', () => {
    const stubs = pythonToolStubs([
      {
        name: 'ping',
        inputJsonSchema: { type: 'object', properties: {}, additionalProperties: false },
      },
      { name: 'anything', inputJsonSchema: {} },
      {
        name: 'tags',
        inputJsonSchema: { type: 'object', additionalProperties: { type: 'integer' } },
      },
    ]);
    expect(stubs).toContain('    async def ping() -> Any: ...');
    expect(stubs).toContain('    async def anything(**input: Any) -> Any: ...');
    expect(stubs).toContain('    async def tags(**input: int) -> Any: ...');
  });

  it('says which tool Python cannot reach when two names map to one', () => {
    const stubs = pythonToolStubs([
      { name: 'get-item', inputJsonSchema: {} },
      { name: 'getItem', inputJsonSchema: {} },
    ]);
    expect(stubs).toContain('    async def get_item(**input: Any) -> Any: ...');
    expect(stubs).toContain(
      `    # "getItem" is not callable from Python: its name maps to get_item, as "get-item"'s does`,
    );
    expect(stubs.match(/def get_item/g)).toHaveLength(1);
  });

  it('escapes a description that would close its docstring, and bounds a huge enum', () => {
    const stubs = pythonToolStubs([
      {
        name: 'pick',
        description: 'Say """hi""" \\ bye',
        inputJsonSchema: {
          type: 'object',
          properties: { choice: { enum: Array.from({ length: 1_000 }, (_, i) => i) } },
          required: ['choice'],
        },
      },
    ]);
    expect(stubs).toContain('"""Say \\"\\"\\"hi\\"\\"\\" \\\\ bye"""');
    expect(stubs).toContain(
      `choice: Literal[${Array.from({ length: 24 }, (_, i) => i).join(', ')}, ...]`,
    );
  });
});
