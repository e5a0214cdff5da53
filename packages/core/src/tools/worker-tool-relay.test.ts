import { describe, expect, it } from 'vitest';
import type { WorkerToHostMessage } from '../worker/worker-protocol';
import { WorkerToolRelay } from './worker-tool-relay';

describe('WorkerToolRelay', () => {
  const setup = (limits = { maxInputBytes: 100, maxCalls: 2 }) => {
    const sent: WorkerToHostMessage[] = [];
    const relay = new WorkerToolRelay((message) => sent.push(message));
    const bridge = relay.bridgeFor(7, { names: ['a', 'b'], ...limits });
    return { sent, relay, bridge };
  };

  it('sends a call to the supervisor and settles it with the answer', async () => {
    const { sent, relay, bridge } = setup();
    const answer = bridge.call('a', '{"x":1}');
    expect(sent).toEqual([{ kind: 'tool-call', runId: 7, callId: 1, name: 'a', input: '{"x":1}' }]);
    relay.answer(1, { ok: true, json: '2' });
    expect(await answer).toEqual({ ok: true, json: '2' });
  });

  it('refuses unknown tools, oversized input and calls past maxCalls+1 without a message', async () => {
    const { sent, bridge } = setup();
    expect(await bridge.call('zz', '{}')).toMatchObject({
      ok: false,
      message: "There is no tool named 'zz'. Tools: a, b.",
    });
    expect(await bridge.call('a', JSON.stringify('é'.repeat(60)))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/is 122 bytes as JSON, more than the 100 allowed/),
    });
    void bridge.call('a', '{}');
    const refused = await bridge.call('a', '{}');
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringMatching(/already made 2 tool calls/),
    });
    expect(sent).toHaveLength(1);
  });

  it("settles a run's waiting calls when the run ends, and drops late answers", async () => {
    const { relay, bridge } = setup();
    const waiting = bridge.call('b', '{}');
    relay.endRun(7);
    expect(await waiting).toEqual({
      ok: false,
      message: 'The run that made this tool call has ended.',
    });
    expect(() => relay.answer(1, { ok: true, json: '1' })).not.toThrow();
  });
});
