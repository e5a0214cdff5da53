import { readFileSync } from 'node:fs';
import type { SandboxTools } from '@code-interpreter/core';
import { describe, expect, it } from 'vitest';
import { decodeMessage, type JobMessage, type ToolAnswerMessage } from '../protocol/messages';
import { subjectsFor } from '../protocol/subjects';
import { answerToolCalls } from './answer-tool-calls';
import type { RemoteContext } from './remote-context';

/** A Standard Schema that trims `sku` and fills `n`, as a Zod schema with transforms would. */
const skuSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'test',
    validate: (value: unknown) => {
      const { sku, n } = value as { sku?: unknown; n?: number };
      return typeof sku === 'string'
        ? { value: { sku: sku.trim(), n: n ?? 1 } }
        : { issues: [{ message: 'expected string', path: ['sku'] }] };
    },
  },
};

function harness(tools: SandboxTools, maxPayload = 1024 * 1024) {
  const answers: ToolAnswerMessage[] = [];
  const context = {
    subjects: subjectsFor(),
    nc: {
      isClosed: () => false,
      info: { max_payload: maxPayload },
      publish(subject: string, data: Uint8Array) {
        expect(subject).toBe('code-interpreter.host.H1.tool-answer');
        answers.push(decodeMessage<ToolAnswerMessage>(data));
      },
    },
  } as unknown as RemoteContext;
  const calls = answerToolCalls(context, { hostId: 'H1', runId: 'run-1', tools });
  const call = (name: string, input: unknown, toolCallId = `id-${name}`) =>
    calls.handle({ t: 'tool-call', runId: 'run-1', toolCallId, name, input } as Extract<
      JobMessage,
      { t: 'tool-call' }
    >);
  const settled = () => new Promise((resolve) => setTimeout(resolve, 10));
  return { calls, call, answers, settled };
}

describe("answerToolCalls (the client's side of code mode over NATS)", () => {
  it("checks the input with the tool's own schema, transforms included, and answers its output as JSON", async () => {
    const seen: unknown[] = [];
    const { call, answers, settled } = harness({
      price: {
        inputSchema: skuSchema,
        execute: (input: unknown, { toolCallId }) => {
          seen.push({ input, toolCallId });
          return { total: 3 };
        },
      },
    });
    call('price', { sku: ' A ' });
    call('price', { sku: 1 }, 'id-bad');
    await settled();
    expect(seen).toEqual([{ input: { sku: 'A', n: 1 }, toolCallId: 'id-price' }]);
    expect(answers).toContainEqual({
      v: 1,
      runId: 'run-1',
      toolCallId: 'id-price',
      ok: true,
      json: '{"total":3}',
    });
    const bad = answers.find((answer) => answer.toolCallId === 'id-bad');
    expect(bad).toMatchObject({ ok: false });
    expect(bad && !bad.ok && bad.message).toMatch(
      /^Invalid input for price: input\.sku: expected string/,
    );
  });

  it('answers an unknown name, a value that is not JSON and a thrown system error without host detail', async () => {
    const { call, answers, settled } = harness({
      cyclic: {
        inputSchema: {},
        execute: () => {
          const value: Record<string, unknown> = {};
          value.self = value;
          return value;
        },
      },
      explode: { inputSchema: {}, execute: () => readFileSync('/no/such/host/secret.pem') },
    });
    call('missing', {});
    call('cyclic', {});
    call('explode', {});
    call('__proto__', {});
    await settled();
    const message = (id: string) => {
      const answer = answers.find((entry) => entry.toolCallId === id);
      return answer && !answer.ok ? answer.message : undefined;
    };
    expect(message('id-missing')).toBe("There is no tool named 'missing'.");
    expect(message('id-__proto__')).toBe("There is no tool named '__proto__'.");
    expect(message('id-cyclic')).toMatch(/^cyclic returned a value that is not JSON/);
    expect(message('id-explode')).toBe('the tool failed with a system error (ENOENT)');
  });

  it("refuses an output larger than the NATS server's max_payload", async () => {
    const { call, answers, settled } = harness(
      { big: { inputSchema: {}, execute: () => 'x'.repeat(4000) } },
      2048,
    );
    call('big', {});
    await settled();
    expect(answers[0]).toMatchObject({ ok: false });
    expect(JSON.stringify(answers[0])).toMatch(
      /big returned 4002 bytes of JSON, more than the NATS server's max_payload \(2048 bytes\)/,
    );
  });

  it("aborts a call on the host's cancel, and when the job ends, answering neither", async () => {
    const signals: AbortSignal[] = [];
    const { calls, call, answers, settled } = harness({
      wait: {
        inputSchema: {},
        execute: (_input: unknown, { signal }) => {
          signals.push(signal);
          return new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          );
        },
      },
    });
    call('wait', {}, 'one');
    call('wait', {}, 'two');
    call('wait', {}, 'two');
    await settled();
    expect(signals).toHaveLength(2);
    calls.handle({ t: 'tool-cancel', runId: 'run-1', toolCallId: 'one' });
    calls.handle({ t: 'tool-cancel', runId: 'run-2', toolCallId: 'two' });
    expect(signals.map((signal) => signal.aborted)).toEqual([true, false]);
    calls.finish();
    expect(signals[1]?.aborted).toBe(true);
    await settled();
    expect(answers).toEqual([]);
  });

  it('ignores calls of another run', async () => {
    let ran = false;
    const { calls, answers, settled } = harness({
      t: {
        inputSchema: {},
        execute: () => {
          ran = true;
        },
      },
    });
    calls.handle({ t: 'tool-call', runId: 'run-2', toolCallId: 'x', name: 't', input: {} });
    await settled();
    expect({ ran, answers }).toEqual({ ran: false, answers: [] });
  });
});
