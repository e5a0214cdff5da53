import type { SandboxTool, StandardSchemaLike } from '@code-interpreter/core';
import { type JSONSchema7, jsonSchema, type ModelMessage, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toSandboxTools } from './to-sandbox-tools';

const getInventory = tool({
  description: 'Units in stock of one product.',
  inputSchema: z.object({ productId: z.string().describe('The product id') }),
  outputSchema: z.object({ productId: z.string(), units: z.number() }),
  execute: async ({ productId }) => ({ productId, units: productId.length }),
});

/** Calls a sandbox tool as core does: the input checked by its schema, then execute. */
async function call(sandboxTool: SandboxTool | undefined, input: unknown, toolCallId = 'call-1') {
  const schema = sandboxTool?.inputSchema as StandardSchemaLike;
  const checked = await schema['~standard'].validate(input);
  if (checked.issues) return { issues: checked.issues };
  const signal = new AbortController().signal;
  return { output: await sandboxTool?.execute(checked.value, { signal, toolCallId }) };
}

describe('toSandboxTools', () => {
  it("keeps a tool's description, checks input with its schema and runs its execute", async () => {
    const { getInventory: converted } = toSandboxTools({ getInventory });
    expect(converted?.description).toBe('Units in stock of one product.');
    expect(await call(converted, { productId: 'abc' })).toEqual({
      output: { productId: 'abc', units: 3 },
    });
    const refused = await call(converted, { productId: 42 });
    expect(refused.issues).toEqual([
      expect.objectContaining({ path: ['productId'], message: expect.stringContaining('string') }),
    ]);
  });

  it('gives core the JSON Schema the AI SDK sends the model, for input and output', () => {
    const { getInventory: converted } = toSandboxTools({ getInventory });
    const jsonSchemaOf = (schema: unknown) =>
      (schema as StandardSchemaLike)['~standard'].jsonSchema?.input({ target: 'draft-07' }) ?? {};
    const input = jsonSchemaOf(converted?.inputSchema);
    expect(input).toMatchObject({
      type: 'object',
      properties: { productId: { type: 'string', description: 'The product id' } },
      required: ['productId'],
      additionalProperties: false,
    });
    const output = jsonSchemaOf(converted?.outputSchema);
    expect(output).toMatchObject({ properties: { units: { type: 'number' } } });
  });

  it("hands execute the call's id and signal, and the messages and context of the code's call", async () => {
    const seen: unknown[] = [];
    const probe = tool({
      inputSchema: z.object({}),
      execute: (_input, options) => {
        seen.push(options);
        return 'ok';
      },
    });
    const messages: ModelMessage[] = [{ role: 'user', content: 'count the stock' }];
    const { probe: converted } = toSandboxTools({ probe }, { messages, context: { tenant: 't1' } });
    await call(converted, {}, 'sandbox-call-7');
    expect(seen).toEqual([
      {
        toolCallId: 'sandbox-call-7',
        messages,
        abortSignal: expect.any(AbortSignal),
        context: { tenant: 't1' },
      },
    ]);
  });

  it('answers with the last value of a streaming tool', async () => {
    const progress = tool({
      inputSchema: z.object({}),
      async *execute() {
        yield { status: 'loading' };
        yield { status: 'done', rows: 3 };
      },
    });
    const { progress: converted } = toSandboxTools({ progress });
    expect(await call(converted, {})).toEqual({ output: { status: 'done', rows: 3 } });
  });

  it('hands a jsonSchema() without validate to core as its plain JSON Schema', () => {
    const schema: JSONSchema7 = {
      type: 'object',
      properties: { n: { type: 'integer' } },
      required: ['n'],
    };
    const plain = tool({ inputSchema: jsonSchema(schema), execute: async () => 1 });
    expect(toSandboxTools({ plain }).plain?.inputSchema).toEqual(schema);
  });

  it("reports a Standard Schema's issues (not only Zod's) with their paths", async () => {
    const standard: StandardSchemaLike = {
      '~standard': {
        version: 1,
        vendor: 'hand-written',
        validate: (value) =>
          typeof value === 'object' && value !== null && 'q' in value
            ? { value }
            : { issues: [{ message: 'q is required', path: ['q'] }] },
        jsonSchema: { input: () => ({ type: 'object', properties: { q: { type: 'string' } } }) },
      },
    };
    const search = tool({ inputSchema: standard as never, execute: async () => [] });
    const result = await call(toSandboxTools({ search }).search, {});
    expect(result.issues).toEqual([{ message: 'q is required', path: ['q'] }]);
  });

  it('resolves a description function with the forwarded context', () => {
    const described = tool({
      description: ({ context }) => `Stock in ${(context as { region: string }).region}.`,
      inputSchema: z.object({}),
      execute: async () => 0,
    });
    const converted = toSandboxTools({ described }, { context: { region: 'EU' } });
    expect(converted.described?.description).toBe('Stock in EU.');
  });

  it('refuses tools without execute (client-side, provider-executed) and tools that always need approval, naming each', () => {
    const askUser = tool({ inputSchema: z.object({}), outputSchema: z.string() });
    const deleteAll = tool({ inputSchema: z.object({}), needsApproval: true, execute: () => 1 });
    expect(() => toSandboxTools({ getInventory, askUser, deleteAll })).toThrow(
      /cannot call these tools: 'askUser' has no execute \(a client-side or provider-executed tool\); 'deleteAll' always needs approval\. Let the model call them directly/,
    );
  });

  it('fails a call whose needsApproval function says yes, without running execute', async () => {
    let ran = false;
    const transfer = tool({
      inputSchema: z.object({ amount: z.number() }),
      needsApproval: ({ amount }) => amount > 100,
      execute: async ({ amount }) => {
        ran = true;
        return amount;
      },
    });
    const { transfer: converted } = toSandboxTools({ transfer });
    expect(await call(converted, { amount: 5 })).toEqual({ output: 5 });
    ran = false;
    await expect(call(converted, { amount: 500 })).rejects.toThrow(
      'transfer needs approval for this call, and a call from code cannot wait for it',
    );
    expect(ran).toBe(false);
  });
});
