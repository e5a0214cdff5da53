import { SandboxError } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { describe, expect, it, vi } from 'vitest';
import { connectClient } from './test-support/connect-client';
import { SandboxHostLostStandIn } from './test-support/sandbox-host-lost-stand-in';
import { textOf } from './test-support/text-of';

// The server's translation to MCP, over a scripted interpreter and an in-memory transport: no
// worker process runs here (the stdio and HTTP integration tests run real sandboxes).

const connect = connectClient;

describe('createCodeInterpreterMcpServer (scripted interpreter)', () => {
  it('lists run_code with the schema narrowed to the languages and limits offered', async () => {
    const interpreter = new MockCodeInterpreter({
      capabilities: { maxTimeoutMs: 10_000, maxMemoryLimitMb: 64 },
    });
    const { client, close } = await connect({ interpreter, languages: ['python'] });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['run_code', 'new_session', 'close_session']);
    const schema = tools[0]?.inputSchema as unknown as {
      properties: {
        language: { enum: string[] };
        timeout: { maximum: number };
        memoryLimit: { maximum: number };
      };
    };
    expect(schema.properties.language.enum).toEqual(['python']);
    expect(schema.properties.timeout.maximum).toBe(10_000);
    expect(schema.properties.memoryLimit.maximum).toBe(64);
    expect(tools[0]?.description).toContain('- python:');
    await close();
  });

  it('narrows the published schema with the server options (what the CLI flags set)', async () => {
    const { client, close } = await connect({
      languages: ['javascript', 'typescript'],
      maxTimeoutMs: 5_000,
      defaultTimeoutMs: 5_000,
      maxMemoryLimitMb: 96,
      defaultMemoryLimitMb: 96,
    });
    const [tool] = (await client.listTools()).tools;
    expect(tool?.inputSchema.properties).toMatchObject({
      language: { enum: ['javascript', 'typescript'] },
      timeout: { maximum: 5_000 },
      memoryLimit: { maximum: 96 },
    });
    await close();
  });

  it('publishes an outputSchema the SDK client checks each structuredContent against', async () => {
    const interpreter = new MockCodeInterpreter({
      run: [{ stdout: '42\n', value: '42' }, { stdout: 'again\n' }],
    });
    const { client, close } = await connect({ interpreter, session: false });
    const [tool] = (await client.listTools()).tools;
    expect(tool?.outputSchema?.properties).toHaveProperty('success');
    expect(tool?.outputSchema?.properties).toHaveProperty('stdout');
    const result = await client.callTool({
      name: 'run_code',
      arguments: { language: 'python', code: '6 * 7' },
    });
    expect(result.structuredContent).toMatchObject({
      success: true,
      stdout: '42\n',
      value: '42',
      language: 'python',
    });
    expect(JSON.parse((result.content as Array<{ text: string }>)[1]?.text ?? '')).toEqual(
      result.structuredContent,
    );
    await close();
  });

  it('answers with the text the model reads, images as image content, isError on a fault', async () => {
    const interpreter = new MockCodeInterpreter({
      run: [
        { stdout: 'plotted\n', images: [{ mediaType: 'image/png', data: 'iVBORw0K' }] },
        { errorInfo: { name: 'NameError', message: "name 'y' is not defined", line: 1 } },
      ],
    });
    const { client, close } = await connect({ interpreter });
    const plotted = await client.callTool({
      name: 'run_code',
      arguments: { language: 'python', code: 'plt.show()' },
    });
    expect(plotted.isError).toBeFalsy();
    expect(plotted.content).toEqual([
      { type: 'text', text: 'plotted\n[1 image attached]' },
      { type: 'text', text: JSON.stringify(plotted.structuredContent) },
      { type: 'image', data: 'iVBORw0K', mimeType: 'image/png' },
    ]);
    expect(plotted.structuredContent).toMatchObject({ images: [{ mediaType: 'image/png' }] });
    const fault = await client.callTool({
      name: 'run_code',
      arguments: { language: 'python', code: 'y' },
    });
    expect(fault.isError).toBe(true);
    expect(textOf(fault)).toContain("NameError: name 'y' is not defined (line 1)");
    await close();
  });

  it('refuses a language not offered as an error result, without running it', async () => {
    const interpreter = new MockCodeInterpreter();
    const { client, close } = await connect({ interpreter, languages: ['javascript'] });
    const refused = await client.callTool({
      name: 'run_code',
      arguments: { language: 'python', code: 'print(1)' },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("'python' is not offered here");
    expect(interpreter.calls).toEqual([]);
    await close();
  });

  it('keeps one session per MCP connection by default, and frees it (not a given interpreter) when the client leaves', async () => {
    const interpreter = new MockCodeInterpreter();
    const first = await connect({ interpreter });
    const second = await connect({ interpreter });
    for (const { client } of [first, second, first]) {
      await client.callTool({ name: 'run_code', arguments: { language: 'python', code: 'x' } });
    }
    expect(interpreter.calls.map((call) => call.sessionId)).toEqual([
      'mock-session-1',
      'mock-session-2',
      'mock-session-1',
    ]);
    await first.close();
    for (let i = 0; i < 100 && !interpreter.sessions[0]?.closed; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(interpreter.sessions.map((session) => session.closed)).toEqual([true, false]);
    expect(interpreter.closed).toBe(false);
    await second.close();
  });

  it('starts a new connection session after its sandbox host was lost, saying so once', async () => {
    const interpreter = new MockCodeInterpreter({
      run: (call) => {
        if (call.sessionId === 'mock-session-1' && call.input.code === 'x') {
          throw new SandboxHostLostStandIn(call.sessionId);
        }
        return { value: call.sessionId };
      },
    });
    const log = vi.fn();
    const { client, close } = await connect({ interpreter, log });
    const run = (code: string) =>
      client.callTool({ name: 'run_code', arguments: { language: 'python', code } });
    expect((await run('setup')).structuredContent).toMatchObject({ value: 'mock-session-1' });
    const lost = await run('x');
    expect(lost).toEqual({
      content: [
        {
          type: 'text',
          text: "This connection's session was lost with its sandbox host: its variables, imports and files are gone. Call run_code again to run in a new session, and run your setup again.",
        },
      ],
      isError: true,
    });
    expect(log).toHaveBeenCalledWith(
      'error',
      expect.stringContaining('Sandbox host host-1 was lost'),
    );
    expect((await run('x')).structuredContent).toMatchObject({ value: 'mock-session-2' });
    expect(interpreter.sessions.map((session) => session.closed)).toEqual([true, false]);
    expect(interpreter.closed).toBe(false);
    await close();
  });

  it('answers a stateless run lost with its host, or the sandbox failing, as a tool error in its words', async () => {
    const failures = [
      new SandboxHostLostStandIn(),
      new SandboxError({
        message: 'No sandbox host took the run within 30000 ms: start more hosts.',
      }),
    ];
    const interpreter = new MockCodeInterpreter({
      run: (call) => {
        throw failures[call.index];
      },
    });
    const log = vi.fn();
    const { client, close } = await connect({ interpreter, session: false, log });
    for (const failure of failures) {
      const answer = await client.callTool({
        name: 'run_code',
        arguments: { language: 'python', code: 'x' },
      });
      expect(answer).toEqual({ content: [{ type: 'text', text: failure.message }], isError: true });
      expect(log).toHaveBeenLastCalledWith('error', `run_code: ${failure.message}`);
    }
    await close();
  });

  it('sends output as progress notifications when the client gives a progress token', async () => {
    // A program that prints, then runs on: the notification must come while it runs.
    let progressSeen = () => {};
    const interpreter = new MockCodeInterpreter({
      run: async (call) => {
        call.write('tick 1\n');
        await new Promise<void>((resolve) => {
          progressSeen = resolve;
        });
        return {};
      },
    });
    const { client, close } = await connect({ interpreter, session: false });
    const progress: string[] = [];
    await client.callTool(
      { name: 'run_code', arguments: { language: 'javascript', code: 'ticks()' } },
      undefined,
      {
        onprogress: (notification) => {
          progress.push(notification.message ?? '');
          progressSeen();
        },
      },
    );
    expect(progress).toEqual(['tick 1\n']);
    expect(interpreter.calls[0]?.sessionId).toBeUndefined();
    await close();
  });

  it('declares its tools in run_code’s description and gives them to every run', async () => {
    const interpreter = new MockCodeInterpreter({
      run: {
        stdout: '300\n',
        toolCalls: [{ id: 't1', name: 'get_price', input: { item: 'a' }, output: 300, ms: 1 }],
      },
    });
    const run = vi.spyOn(interpreter, 'run');
    const tools = {
      get_price: {
        description: 'Price of one item, in cents.',
        inputSchema: {
          type: 'object',
          properties: { item: { type: 'string' } },
          required: ['item'],
        },
        execute: async () => 300,
      },
    };
    const { client, close } = await connect({ interpreter, session: false, tools });
    const [tool] = (await client.listTools()).tools;
    expect(tool?.description).toContain('- python:');
    expect(tool?.description).toContain('Price of one item, in cents.');
    expect(tool?.description).toMatch(/get_price\(input: \{\s*item: string;?\s*\}\)/);
    expect(tool?.description).toMatch(/async def get_price\(\*, item: str\)/);
    const result = await client.callTool({
      name: 'run_code',
      arguments: { language: 'javascript', code: "await tools.get_price({ item: 'a' })" },
    });
    expect(run.mock.calls[0]?.[1]?.tools).toBe(tools);
    expect(textOf(result)).toBe('300\n[1 tool call: get_price ×1]');
    await close();
  });

  it('keeps run_code’s description as it was without tools', async () => {
    const { client, close } = await connect({ interpreter: new MockCodeInterpreter() });
    const [tool] = (await client.listTools()).tools;
    expect(tool?.description).not.toContain('tools.');
    await close();
  });
});
