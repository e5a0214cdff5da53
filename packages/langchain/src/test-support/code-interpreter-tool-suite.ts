import { type CodeInterpreter, RunAbortedError } from '@code-interpreter/core';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { ToolNode } from '@langchain/langgraph/prebuilt';
import { createAgent } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInterpreterRuns } from '../../../../test/support/record-interpreter-runs';
import { CodeInterpreterTool, createCodeInterpreterTool } from '../code-interpreter-tool';

function toolMessages(messages: unknown[]): ToolMessage[] {
  return messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
}

/**
 * The LangChain tool's tests over the interpreter `create` makes (local, or remote over NATS):
 * the same agent loops, results, sessions, aborts and events against either.
 */
export function codeInterpreterToolSuite(
  name: string,
  create: () => CodeInterpreter | Promise<CodeInterpreter>,
): void {
  let interpreter: CodeInterpreter;
  beforeAll(async () => {
    interpreter = await create();
  });
  afterAll(async () => {
    await interpreter?.close();
  });

  describe(`CodeInterpreterTool with createAgent (${name} interpreter)`, () => {
    it('puts the real output in the ToolMessage and the full result in its artifact', async () => {
      const runCode = createCodeInterpreterTool({ interpreter });
      const model = fakeModel()
        .respondWithTools([
          {
            name: 'run_code',
            id: 'call-1',
            args: {
              language: 'typescript',
              code: "const n: number = 6;\nconsole.log('n =', n);\nn * 7",
            },
          },
        ])
        .respond(new AIMessage('The answer is 42.'));
      const agent = createAgent({ model, tools: [runCode] });

      const state = await agent.invoke({ messages: [{ role: 'user', content: 'What is 6 * 7?' }] });

      const [message] = toolMessages(state.messages);
      expect(message?.tool_call_id).toBe('call-1');
      expect(message?.content).toEqual([{ type: 'text', text: 'n = 6\n42' }]);
      expect(message?.artifact).toMatchObject({
        success: true,
        language: 'typescript',
        stdout: 'n = 6\n',
        value: '42',
        timedOut: false,
        images: [],
      });
      expect(message?.artifact.executionTime).toBeGreaterThan(0);
      // The model's second call received the real output.
      const sentBack = toolMessages(model.calls[1]?.messages ?? []);
      expect(sentBack[0]?.content).toEqual([{ type: 'text', text: 'n = 6\n42' }]);
      expect(state.messages.at(-1)?.content).toBe('The answer is 42.');
    });

    it('has a schema narrowed to the languages and caps it offers', async () => {
      const tool = new CodeInterpreterTool({
        languages: ['python'],
        maxTimeoutMs: 10_000,
        maxMemoryLimitMb: 256,
        workers: 1,
      });
      try {
        expect(tool.schema.safeParse({ language: 'python', code: 'print(1)' }).success).toBe(true);
        expect(tool.schema.safeParse({ language: 'javascript', code: '1' }).success).toBe(false);
        const overCap = tool.schema.safeParse({ language: 'python', code: '1', timeout: 20_000 });
        expect(overCap.error?.message).toContain('at most 10000 ms');
      } finally {
        await tool.close();
      }
    });

    it('returns a fault in the code as content the model can fix', async () => {
      const runCode = new CodeInterpreterTool({ interpreter });
      const model = fakeModel()
        .respondWithTools([
          { name: 'run_code', id: 'call-1', args: { language: 'javascript', code: 'null.x' } },
        ])
        .respondWithTools([
          {
            name: 'run_code',
            id: 'call-2',
            args: { language: 'javascript', code: 'while (true) {}', timeout: 200 },
          },
        ])
        .respond(new AIMessage('I will stop here.'));
      const agent = createAgent({ model, tools: [runCode] });

      const state = await agent.invoke({ messages: [{ role: 'user', content: 'go' }] });

      const [typeError, timeout] = toolMessages(state.messages);
      expect(typeError?.content).toEqual([
        { type: 'text', text: expect.stringMatching(/^Error: TypeError: .*null.* \(line 1\)/) },
      ]);
      expect(typeError?.artifact.success).toBe(false);
      expect(timeout?.content).toEqual([
        { type: 'text', text: expect.stringMatching(/^Timed out after 200 ms/) },
      ]);
      expect(timeout?.artifact.timedOut).toBe(true);
      expect(state.messages.at(-1)?.content).toBe('I will stop here.');
    });

    it('keeps state across calls when session is on', async () => {
      const runCode = createCodeInterpreterTool({ interpreter, session: true });
      const model = fakeModel()
        .respondWithTools([
          {
            name: 'run_code',
            id: 'call-1',
            args: { language: 'javascript', code: 'let total = 40' },
          },
        ])
        .respondWithTools([
          { name: 'run_code', id: 'call-2', args: { language: 'javascript', code: 'total + 2' } },
        ])
        .respond(new AIMessage('42'));
      const agent = createAgent({ model, tools: [runCode] });
      const state = await agent.invoke({ messages: [{ role: 'user', content: 'go' }] });
      expect(toolMessages(state.messages)[1]?.artifact.value).toBe('42');
      await runCode.close();
    });

    it('stops the run when config.signal aborts, and the interpreter keeps answering', async () => {
      const runCode = createCodeInterpreterTool({ interpreter });
      const model = fakeModel()
        .respondWithTools([
          {
            name: 'run_code',
            id: 'call-1',
            args: { language: 'javascript', code: 'while (true) {}' },
          },
        ])
        .respond(new AIMessage('unreachable'));
      const agent = createAgent({ model, tools: [runCode] });
      const started = Date.now();
      await expect(
        agent.invoke(
          { messages: [{ role: 'user', content: 'spin' }] },
          { signal: AbortSignal.timeout(300) },
        ),
      ).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await interpreter.run({ language: 'javascript', code: '2 + 2' })).value).toBe('4');
    });
  });

  describe(`CodeInterpreterTool misuse under createAgent (${name} interpreter)`, () => {
    it('comes back to the model as an error ToolMessage, and the loop goes on', async () => {
      const runCode = createCodeInterpreterTool({ interpreter, languages: ['javascript'] });
      const model = fakeModel()
        .respondWithTools([
          { name: 'run_code', id: 'call-1', args: { language: 'python', code: 'print(1)' } },
        ])
        .respondWithTools([
          { name: 'run_code', id: 'call-2', args: { language: 'javascript', code: ' ' } },
        ])
        .respond(new AIMessage('ok'));
      const agent = createAgent({ model, tools: [runCode] });
      const state = await agent.invoke({ messages: [{ role: 'user', content: 'go' }] });
      const [language, empty] = toolMessages(state.messages);
      expect(language?.status).toBe('error');
      expect(String(language?.content)).toContain("'python' is not offered here: use 'javascript'");
      expect(empty?.status).toBe('error');
      expect(String(empty?.content)).toContain('code is empty');
      expect(state.messages.at(-1)?.content).toBe('ok');
    });
  });

  describe(`CodeInterpreterTool with LangGraph (${name} interpreter)`, () => {
    it('runs from a ToolNode', async () => {
      const node = new ToolNode([createCodeInterpreterTool({ interpreter })]);
      const output = await node.invoke({
        messages: [
          new AIMessage({
            content: '',
            tool_calls: [
              {
                name: 'run_code',
                id: 'call-9',
                args: { language: 'javascript', code: '[1, 2, 3].length' },
              },
            ],
          }),
        ],
      });
      const [message] = toolMessages(output.messages);
      expect(message?.content).toEqual([{ type: 'text', text: '3' }]);
      expect(message?.artifact.value).toBe('3');
    });
  });

  describe(`CodeInterpreterTool (${name} interpreter)`, () => {
    it('dispatches output as custom events, each chunk on its own stream', async () => {
      const runCode = createCodeInterpreterTool({ interpreter });
      const chunks: unknown[] = [];
      const events = runCode.streamEvents(
        { language: 'javascript', code: "console.log('one'); console.error('two')" },
        { version: 'v2' },
      );
      for await (const event of events) {
        if (event.event === 'on_custom_event' && event.name === 'code_interpreter_output') {
          chunks.push(event.data);
        }
      }
      expect(chunks).toEqual([
        { stream: 'stdout', text: 'one\n' },
        { stream: 'stderr', text: 'two\n' },
      ]);
    });

    it('dispatches output while the code still runs: the run is stopped upon the first event', async () => {
      // The program prints, then never ends on its own. The test aborts the call when the first
      // output event arrives, so the run can only end aborted if that event came while the program
      // was running; output held until the end would come only after the deadline.
      const recorded = recordInterpreterRuns(interpreter);
      const runCode = createCodeInterpreterTool({ interpreter: recorded.interpreter });
      const controller = new AbortController();
      const chunks: unknown[] = [];
      const events = runCode.streamEvents(
        { language: 'javascript', code: "console.log('one'); for (;;) {}", timeout: 10_000 },
        { version: 'v2', signal: controller.signal },
      );
      const consumed = (async () => {
        for await (const event of events) {
          if (event.event === 'on_custom_event' && event.name === 'code_interpreter_output') {
            chunks.push(event.data);
            controller.abort();
          }
        }
      })();
      await expect(consumed).rejects.toThrow(/abort/i);
      expect(chunks[0]).toEqual({ stream: 'stdout', text: 'one\n' });
      expect(recorded.runs).toHaveLength(1);
      const end = await recorded.runs[0];
      expect(end).toMatchObject({ kind: 'rejected' });
      expect((end as { error: unknown }).error).toSatisfy((error) =>
        RunAbortedError.isInstance(error),
      );
    });

    it('describes what the model has and offers only the languages asked for', () => {
      const runCode = createCodeInterpreterTool({ interpreter, languages: ['python'] });
      expect(runCode.name).toBe('run_code');
      expect(runCode.description).toContain('- python:');
      expect(runCode.description).not.toContain('- javascript:');
    });

    it('throws for misuse: a language not offered, or a closed tool', async () => {
      const runCode = createCodeInterpreterTool({ interpreter, languages: ['javascript'] });
      await expect(runCode.invoke({ language: 'python', code: 'print(1)' })).rejects.toThrow(
        "'python' is not offered here",
      );
      const own = createCodeInterpreterTool({ workers: 1 });
      await own.close();
      await expect(own.invoke({ language: 'javascript', code: '1' })).rejects.toThrow(/closed/);
      await expect(own.interpreter.run({ language: 'javascript', code: '1' })).rejects.toThrow(
        /closed/,
      );
    });
  });
}
