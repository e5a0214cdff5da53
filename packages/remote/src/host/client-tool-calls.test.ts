import { describe, expect, it } from 'vitest';
import { decodeMessage, type JobMessage, type JobRequest } from '../protocol/messages';
import { ClientToolCalls } from './client-tool-calls';

const request = (tools: unknown): JobRequest =>
  ({
    v: 1,
    runId: 'run-1',
    inbox: '_INBOX.client.job',
    heartbeatMs: 1000,
    kind: 'run',
    input: { language: 'javascript', code: '' },
    tools,
  }) as JobRequest;

function harness() {
  const sent: JobMessage[] = [];
  let failWith: Error | undefined;
  const calls = new ClientToolCalls((subject, data) => {
    expect(subject).toBe('_INBOX.client.job');
    if (failWith) throw failWith;
    sent.push(decodeMessage<JobMessage>(data));
  });
  return { calls, sent, fail: (error: Error) => (failWith = error) };
}

const execute = (
  tools: ReturnType<ClientToolCalls['toolsFor']>,
  name: string,
  signal = new AbortController().signal,
) => tools?.[name]?.execute({ a: 1 }, { signal, toolCallId: `call-${name}` });

describe('ClientToolCalls (the host side of code mode over NATS)', () => {
  it('makes one stand-in tool per name, `__proto__` included as an own name', () => {
    const { calls } = harness();
    const tools = calls.toolsFor(request(['a', '__proto__']));
    expect(Object.keys(tools ?? {})).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(tools)).toBe(Object.prototype);
    expect(calls.toolsFor(request(undefined))).toBeUndefined();
    expect(calls.toolsFor(request([]))).toBeUndefined();
  });

  it('refuses tools that are not a list of names', () => {
    const { calls } = harness();
    expect(() => calls.toolsFor(request('a'))).toThrow(/list of at most 256 tool names/);
    expect(() => calls.toolsFor(request([1]))).toThrow(TypeError);
    expect(() => calls.toolsFor(request(Array.from({ length: 257 }, (_, i) => `t${i}`)))).toThrow(
      TypeError,
    );
  });

  it("sends the call to the job's inbox and settles it with the client's answer", async () => {
    const { calls, sent } = harness();
    const tools = calls.toolsFor(request(['lookUp']));
    const output = execute(tools, 'lookUp');
    expect(sent).toEqual([
      {
        t: 'tool-call',
        runId: 'run-1',
        toolCallId: 'call-lookUp',
        name: 'lookUp',
        input: { a: 1 },
      },
    ]);
    calls.answer({ v: 1, runId: 'run-1', toolCallId: 'call-lookUp', ok: true, json: '{"n":2}' });
    await expect(output).resolves.toEqual({ n: 2 });
  });

  it("fails the call with the client's message", async () => {
    const { calls } = harness();
    const output = execute(calls.toolsFor(request(['lookUp'])), 'lookUp');
    calls.answer({
      v: 1,
      runId: 'run-1',
      toolCallId: 'call-lookUp',
      ok: false,
      message: 'no stock',
    });
    await expect(output).rejects.toThrow('no stock');
  });

  it('ignores an answer for another run, an unknown call, or one already answered', async () => {
    const { calls } = harness();
    const output = execute(calls.toolsFor(request(['lookUp'])), 'lookUp');
    calls.answer({ v: 1, runId: 'run-2', toolCallId: 'call-lookUp', ok: true, json: '"forged"' });
    calls.answer({ v: 1, runId: 'run-1', toolCallId: 'call-other', ok: true, json: '"forged"' });
    calls.answer({ v: 1, runId: 'run-1', toolCallId: 'call-lookUp', ok: true, json: '"real"' });
    calls.answer({ v: 1, runId: 'run-1', toolCallId: 'call-lookUp', ok: true, json: '"late"' });
    await expect(output).resolves.toBe('real');
  });

  it('an answer that is not JSON fails the call', async () => {
    const { calls } = harness();
    const output = execute(calls.toolsFor(request(['lookUp'])), 'lookUp');
    calls.answer({ v: 1, runId: 'run-1', toolCallId: 'call-lookUp', ok: true, json: '{' });
    await expect(output).rejects.toThrow(/not JSON/);
  });

  it('an aborted call tells the client to cancel it, and a later answer is dropped', async () => {
    const { calls, sent } = harness();
    const controller = new AbortController();
    const output = execute(calls.toolsFor(request(['lookUp'])), 'lookUp', controller.signal);
    controller.abort(new Error('The run ended.'));
    await expect(output).rejects.toThrow('The run ended.');
    expect(sent.at(-1)).toEqual({ t: 'tool-cancel', runId: 'run-1', toolCallId: 'call-lookUp' });
    calls.answer({ v: 1, runId: 'run-1', toolCallId: 'call-lookUp', ok: true, json: '1' });
  });

  it("endJob fails the job's calls still waiting, and only that job's", async () => {
    const { calls } = harness();
    const first = execute(calls.toolsFor(request(['a'])), 'a');
    const other = calls
      .toolsFor({ ...request(['b']), runId: 'run-2' })
      ?.b?.execute({}, { signal: new AbortController().signal, toolCallId: 'call-b' });
    calls.endJob('run-1');
    await expect(first).rejects.toThrow('The run ended.');
    calls.answer({ v: 1, runId: 'run-2', toolCallId: 'call-b', ok: true, json: '2' });
    await expect(other).resolves.toBe(2);
  });

  it('a call that cannot be published (larger than max_payload) fails at once, saying why', async () => {
    const { calls, fail } = harness();
    fail(new Error("'payload' max_payload size exceeded"));
    await expect(execute(calls.toolsFor(request(['a'])), 'a')).rejects.toThrow(
      /could not be sent to the application over NATS \('payload' max_payload size exceeded\)/,
    );
  });
});
