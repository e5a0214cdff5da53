import { createCodeInterpreterToolRunner } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createCodeInterpreterTool } from './code-interpreter-tool';
import { toSandboxTools } from './code-mode/to-sandbox-tools';

// The tool's translation to LangChain, over a scripted interpreter: no worker process runs here
// (code-interpreter-tool.int.test.ts runs the same agent loop on real sandboxes).

function toolMessages(messages: unknown[]): ToolMessage[] {
  return messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
}

/** Runs an agent whose model calls run_code with each input, then answers 'done'. */
async function agentLoop(runCode: ReturnType<typeof createCodeInterpreterTool>, inputs: object[]) {
  let model = fakeModel();
  inputs.forEach((args, index) => {
    model = model.respondWithTools([{ name: 'run_code', id: `call-${index + 1}`, args }]);
  });
  model = model.respond(new AIMessage('done'));
  const agent = createAgent({ model, tools: [runCode] });
  const state = await agent.invoke({ messages: [{ role: 'user', content: 'x' }] });
  return toolMessages(state.messages);
}

describe('CodeInterpreterTool (scripted interpreter)', () => {
  it('puts the text the model reads in the ToolMessage and the whole result in its artifact', async () => {
    const interpreter = new MockCodeInterpreter({ run: { stdout: 'n = 6\n', value: '42' } });
    const [message] = await agentLoop(createCodeInterpreterTool({ interpreter }), [
      { language: 'typescript', code: 'n * 7' },
    ]);
    expect(message?.content).toEqual([{ type: 'text', text: 'n = 6\n42' }]);
    expect(message?.artifact).toMatchObject({ success: true, value: '42', language: 'typescript' });
    expect(message?.status).not.toBe('error');
  });

  it('sends images as image blocks after the text', async () => {
    const interpreter = new MockCodeInterpreter({
      run: { images: [{ mediaType: 'image/png', data: 'iVBORw0K' }] },
    });
    const [message] = await agentLoop(createCodeInterpreterTool({ interpreter }), [
      { language: 'python', code: 'plt.show()' },
    ]);
    expect(message?.content).toEqual([
      { type: 'text', text: expect.stringContaining('[1 image attached]') },
      expect.objectContaining({ type: 'image', mimeType: 'image/png', data: 'iVBORw0K' }),
    ]);
  });

  it('returns a fault in the code as content the model can fix', async () => {
    const interpreter = new MockCodeInterpreter({
      run: { errorInfo: { name: 'ZeroDivisionError', message: 'division by zero', line: 2 } },
    });
    const [message] = await agentLoop(createCodeInterpreterTool({ interpreter }), [
      { language: 'python', code: 'x = 1\n1/0' },
    ]);
    expect(message?.content).toEqual([
      {
        type: 'text',
        text: expect.stringContaining('ZeroDivisionError: division by zero (line 2)'),
      },
    ]);
    expect(message?.artifact.success).toBe(false);
  });

  it('comes back as an error ToolMessage for a language not offered, and nothing runs', async () => {
    const interpreter = new MockCodeInterpreter();
    const [message] = await agentLoop(
      createCodeInterpreterTool({ interpreter, languages: ['javascript'] }),
      [{ language: 'python', code: 'print(1)' }],
    );
    expect(message?.status).toBe('error');
    expect(String(message?.content)).toContain("'python' is not offered here: use 'javascript'");
    expect(interpreter.calls).toEqual([]);
  });

  it('runs all calls in one session with session: true; close() leaves a given interpreter open', async () => {
    const interpreter = new MockCodeInterpreter();
    const runCode = createCodeInterpreterTool({ interpreter, session: true });
    await agentLoop(runCode, [
      { language: 'python', code: 'x = 1' },
      { language: 'python', code: 'x' },
    ]);
    expect(interpreter.calls.map((call) => call.sessionId)).toEqual([
      'mock-session-1',
      'mock-session-1',
    ]);
    await runCode.close();
    expect(interpreter.sessions[0]?.closed).toBe(true);
    expect(interpreter.closed).toBe(false);
  });

  it("dispatches the run's output as custom events, line by line", async () => {
    const interpreter = new MockCodeInterpreter({
      run: { stdout: 'one\ntwo\n', stderr: 'warn\n' },
    });
    const runCode = createCodeInterpreterTool({ interpreter });
    const chunks: unknown[] = [];
    for await (const event of runCode.streamEvents(
      { language: 'javascript', code: 'x' },
      { version: 'v2' },
    )) {
      if (event.event === 'on_custom_event' && event.name === 'code_interpreter_output') {
        chunks.push(event.data);
      }
    }
    expect(chunks).toEqual([
      { stream: 'stdout', text: 'one\n' },
      { stream: 'stdout', text: 'two\n' },
      { stream: 'stderr', text: 'warn\n' },
    ]);
  });

  it('passes config.signal to the run', async () => {
    const interpreter = new MockCodeInterpreter({ run: () => new Promise(() => {}) });
    const runCode = createCodeInterpreterTool({ interpreter });
    const controller = new AbortController();
    const call = runCode.invoke(
      { language: 'javascript', code: 'spin()' },
      { signal: controller.signal },
    );
    for (let i = 0; i < 1_000 && interpreter.calls.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    controller.abort();
    await expect(call).rejects.toThrow();
    expect(interpreter.calls[0]?.signal?.aborted).toBe(true);
  });

  describe('with tools (code mode)', () => {
    const getPrice = tool(async ({ item }) => JSON.stringify({ item, cents: 300 }), {
      name: 'get_price',
      description: 'Price of one item, in cents.',
      schema: z.object({ item: z.string() }),
    });

    it('is described as core’s runner describes the converted tools, for the languages offered', () => {
      const interpreter = new MockCodeInterpreter();
      const options = { interpreter, languages: ['python' as const] };
      const codeMode = createCodeInterpreterTool({ ...options, tools: [getPrice] });
      expect(codeMode.description).toBe(
        createCodeInterpreterToolRunner({ ...options, tools: toSandboxTools([getPrice]) })
          .description,
      );
      expect(codeMode.description).toContain('async def get_price(*, item: str)');
      expect(codeMode.description).not.toContain('declare const tools');
    });

    it('gives each run the tools, which invoke the LangChain tool with the agent’s config', async () => {
      // The scripted "program" calls the tool it was given, as sandboxed code would.
      const interpreter = new MockCodeInterpreter({
        run: async (call) => ({
          output: JSON.stringify(await call.callTool('get_price', { item: 'pear' })),
        }),
      });
      const seen: unknown[] = [];
      const spied = tool(
        async (input, config) => {
          seen.push(config.configurable?.thread_id);
          return getPrice.invoke(input);
        },
        { name: 'get_price', description: 'Price.', schema: z.object({ item: z.string() }) },
      );
      const runCode = createCodeInterpreterTool({ interpreter, tools: [spied] });
      const model = fakeModel()
        .respondWithTools([
          { name: 'run_code', id: 'call-1', args: { language: 'javascript', code: 'x' } },
        ])
        .respond(new AIMessage('done'));
      const agent = createAgent({ model, tools: [runCode] });
      const state = await agent.invoke(
        { messages: [{ role: 'user', content: 'x' }] },
        { configurable: { thread_id: 'thread-7' } },
      );
      const [message] = toolMessages(state.messages);
      expect(message?.content).toEqual([
        { type: 'text', text: '{"item":"pear","cents":300}\n[1 tool call: get_price ×1]' },
      ]);
      expect(seen).toEqual(['thread-7']);
    });

    it('gives each run SandboxTools as they are', async () => {
      const interpreter = new MockCodeInterpreter();
      const run = vi.spyOn(interpreter, 'run');
      const tools = {
        get_price: { inputSchema: { type: 'object' }, execute: async () => 300 },
      };
      const runCode = createCodeInterpreterTool({ interpreter, tools });
      await runCode.invoke({ language: 'javascript', code: 'x' });
      expect(run.mock.calls[0]?.[1]?.tools).toBe(tools);
      expect(runCode.description).toContain('get_price(input: Record<string, unknown>)');
    });
  });
});
