import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SandboxTools } from './sandbox-tool';
import { defaultToolLimits } from './tool-limits';
import { ToolRunBroker } from './tool-run-broker';

const broker = (tools: SandboxTools, limits = {}, timeoutMs = 10_000) =>
  new ToolRunBroker(tools, { limits: { ...defaultToolLimits, ...limits }, timeoutMs });

const add: SandboxTools = {
  add: {
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: ({ a, b }: { a: number; b: number }) => ({ sum: a + b }),
  },
};

describe('ToolRunBroker', () => {
  it('checks the input, runs the tool, answers JSON and records the call', async () => {
    const calls = broker(add);
    expect(await calls.handle('add', '{"a":2,"b":3}')).toEqual({ ok: true, json: '{"sum":5}' });
    expect(await calls.handle('add', '{"a":"2"}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Invalid input for add: input\.a: expected number/),
    });
    expect(await calls.handle('nope', '{}')).toEqual({
      ok: false,
      message: "There is no tool named 'nope'.",
    });
    expect(await calls.handle('add', '{not json')).toEqual({
      ok: false,
      message: 'The input of add is not JSON.',
    });
    const records = calls.finish();
    expect(
      records.map((record) => [record.name, record.output, record.error?.slice(0, 13)]),
    ).toEqual([
      ['add', { sum: 5 }, undefined],
      ['add', undefined, 'Invalid input'],
      ['add', undefined, 'The input of '],
    ]);
    expect(records[0]).toMatchObject({ input: { a: 2, b: 3 }, outputBytes: 9 });
  });

  it('refuses calls past maxCalls, recording only the first refusal', async () => {
    const calls = broker(add, { maxCalls: 2 });
    for (let index = 0; index < 5; index++) await calls.handle('add', '{"a":1,"b":1}');
    expect(calls.callCount).toBe(5);
    const records = calls.finish();
    expect(records).toHaveLength(3);
    expect(records[2]?.error).toMatch(/already made 2 tool calls/);
  });

  it('runs at most maxConcurrent calls at once, the others in order', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const calls = broker(
      {
        slow: {
          inputSchema: { type: 'object' },
          execute: async ({ n }: { n: number }) => {
            running++;
            most = Math.max(most, running);
            await new Promise((resolve) => setTimeout(resolve, 5));
            order.push(n);
            running--;
            return n;
          },
        },
      },
      { maxConcurrent: 2 },
    );
    await Promise.all(
      Array.from({ length: 6 }, (_, n) => calls.handle('slow', JSON.stringify({ n }))),
    );
    expect(most).toBe(2);
    expect(order.slice(4).sort()).toEqual([4, 5]);
  });

  it('fails outputs that are not JSON or too large, and records large ones without the value', async () => {
    const calls = broker(
      {
        big: { inputSchema: { type: 'object' }, execute: () => 'x'.repeat(20_000) },
        bigger: { inputSchema: { type: 'object' }, execute: () => 'x'.repeat(200) },
        weird: { inputSchema: { type: 'object' }, execute: () => BigInt(1) },
        nothing: { inputSchema: { type: 'object' }, execute: () => undefined },
      },
      { maxOutputBytes: 100_000 },
    );
    expect((await calls.handle('big', '{}')).ok).toBe(true);
    expect(await calls.handle('weird', '{}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^weird returned a value that is not JSON/),
    });
    expect(await calls.handle('nothing', '{}')).toEqual({ ok: true, json: 'null' });
    const records = calls.finish();
    expect(records[0]).toMatchObject({ name: 'big', outputBytes: 20_002 });
    expect(records[0]).not.toHaveProperty('output');
    const small = broker(
      { big: { inputSchema: { type: 'object' }, execute: () => 'x'.repeat(200) } },
      { maxOutputBytes: 100 },
    );
    expect(await small.handle('big', '{}')).toMatchObject({
      ok: false,
      message: 'big returned 202 bytes of JSON, more than the 100 a call may return.',
    });
  });

  it('aborts calls in flight when the run ends, and refuses later ones', async () => {
    let signal: AbortSignal | undefined;
    const calls = broker({
      hang: {
        inputSchema: { type: 'object' },
        execute: (_input: unknown, options: { signal: AbortSignal }) => {
          signal = options.signal;
          return new Promise(() => {});
        },
      },
    });
    const pending = calls.handle('hang', '{}');
    await new Promise((resolve) => setTimeout(resolve, 5));
    calls.finish();
    expect(await pending).toEqual({
      ok: false,
      message: 'hang was cancelled: the run ended before it answered.',
    });
    expect(signal?.aborted).toBe(true);
    expect(await calls.handle('hang', '{}')).toEqual({
      ok: false,
      message: 'The run that made this tool call has ended.',
    });
  });

  it('aborts calls in flight a moment after the deadline even if the run has not ended', async () => {
    const calls = broker(
      { hang: { inputSchema: { type: 'object' }, execute: () => new Promise(() => {}) } },
      {},
      10,
    );
    const answer = await calls.handle('hang', '{}');
    expect(answer).toMatchObject({ ok: false, message: expect.stringMatching(/cancelled/) });
    calls.finish();
  });

  it('gives an own-property name only: no prototype member is a tool', async () => {
    const calls = broker(add);
    expect(await calls.handle('toString', '{}')).toEqual({
      ok: false,
      message: "There is no tool named 'toString'.",
    });
    expect(await calls.handle('__proto__', '{}')).toMatchObject({ ok: false });
  });
});
