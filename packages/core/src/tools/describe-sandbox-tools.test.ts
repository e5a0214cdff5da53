import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeSandboxTools } from './describe-sandbox-tools';
import type { SandboxTools } from './sandbox-tool';

const tools: SandboxTools = {
  getInventory: {
    description: 'Returns the stock level of a product.',
    inputSchema: z.object({ sku: z.string(), warehouse: z.enum(['east', 'west']).optional() }),
    outputSchema: z.object({ count: z.number().int() }),
    execute: () => ({ count: 1 }),
  },
  'weather.get-forecast': {
    inputSchema: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' } },
      required: ['city'],
    },
    execute: () => 'sunny',
  },
};

describe('describeSandboxTools', () => {
  it('tells how to call the tools from each language offered, then declares them', () => {
    expect(describeSandboxTools(tools, { languages: ['javascript', 'typescript', 'python'] })).toBe(
      `Call the application's tools from your code: \`const r = await tools.getInventory({ ... })\` in JavaScript/TypeScript; \`r = await tools.get_inventory(...)\` (or \`tools.get_inventory.sync(...)\`) in Python. Arguments and results are JSON. A failed call throws ToolError with the tool's message. Prefer one program that makes many calls (loops, Promise.all / asyncio.gather) over many separate runs.

\`\`\`ts
/** The application's tools. A failed call rejects with an Error named 'ToolError' (its message is the tool's). */
declare const tools: {
  /** Returns the stock level of a product. */
  getInventory(input: { sku: string; warehouse?: "east" | "west" }): Promise<{ count: number }>;
  "weather.get-forecast"(input: {
    /** City name */
    city: string;
  }): Promise<unknown>;
};
\`\`\`

\`\`\`python
from typing import Any, Literal

class ToolError(Exception):
    """A tool call failed: str(error) is the tool's message."""

class tools:
    """The application's tools. Call with keyword arguments: \`await tools.name(...)\`, or the
    blocking form \`tools.name.sync(...)\`. A failed call raises ToolError."""

    async def get_inventory(*, sku: str, warehouse: Literal["east", "west"] | None = None) -> dict:
        """Returns the stock level of a product.
        Returns: {"count": int}"""
    async def weather_get_forecast(*, city: str) -> Any:
        """city: City name"""
\`\`\``,
    );
  });

  it('shows only what the languages offered need', () => {
    const python = describeSandboxTools(tools, { languages: ['python'] });
    expect(python).toContain('`r = await tools.get_inventory(...)`');
    expect(python).toContain('(loops, asyncio.gather)');
    expect(python).not.toContain('```ts');
    expect(python).not.toContain('JavaScript');

    const typescript = describeSandboxTools(
      { 'weather.get-forecast': tools['weather.get-forecast'] as SandboxTools[string] },
      { languages: ['typescript'] },
    );
    expect(typescript).toContain(
      '`const r = await tools["weather.get-forecast"]({ ... })` in TypeScript.',
    );
    expect(typescript).toContain('(loops, Promise.all)');
    expect(typescript).not.toContain('```python');
  });

  it('is empty without tools or languages', () => {
    expect(describeSandboxTools({}, { languages: ['javascript'] })).toBe('');
    expect(describeSandboxTools(tools, { languages: [] })).toBe('');
  });

  it('is the same text every time', () => {
    const languages = ['javascript', 'python'] as const;
    expect(describeSandboxTools(tools, { languages })).toBe(
      describeSandboxTools(tools, { languages }),
    );
  });

  it('keeps a description with backticks inside its code block', () => {
    const text = describeSandboxTools(
      { run: { description: 'Use ```sql blocks```', inputSchema: {}, execute: () => null } },
      { languages: ['javascript'] },
    );
    expect(text).toContain('````ts\n');
    expect(text.endsWith('\n````')).toBe(true);
  });

  it('refuses a tool whose schema is neither a Standard Schema nor a JSON Schema', () => {
    expect(() =>
      describeSandboxTools(
        { bad: { inputSchema: new Map() as never, execute: () => null } },
        { languages: ['javascript'] },
      ),
    ).toThrow(TypeError);
  });
});
