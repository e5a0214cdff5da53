import { type EchoServer, startEchoServer } from '@code-interpreter/core/test';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createAgent } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeInterpreterTool, createCodeInterpreterTool } from './code-interpreter-tool';
import { CodeInterpreterSandbox } from './sandbox/code-interpreter-sandbox';

// The interpreter's `network` option given to the LangChain tool and to the deepagents sandbox:
// the code fetches a loopback server the test starts (allowed by IP, as loopback must be).

const secret = 'token-held-by-the-application-91d3';
let api: EchoServer;
let other: EchoServer;
beforeAll(async () => {
  [api, other] = await Promise.all([startEchoServer(), startEchoServer()]);
});
afterAll(async () => {
  await Promise.all([api?.close(), other?.close()]);
});

describe('createCodeInterpreterTool({ network }) in a LangChain agent', () => {
  let runCode: CodeInterpreterTool;
  beforeAll(() => {
    runCode = createCodeInterpreterTool({
      workers: 1,
      languages: ['javascript'],
      network: {
        allow: [api.host],
        secrets: {
          [api.host]: { headers: { authorization: `Bearer ${secret}` }, allowHttp: true },
        },
      },
    });
  });
  afterAll(async () => {
    await runCode?.close();
  });

  it("names the allowed host in the description and runs the model's fetch, the secret added on the host", async () => {
    expect(runCode.description).toContain(
      `The code can make HTTP requests (fetch) to: ${api.host}`,
    );
    const code = [
      `const ok = await fetch('${api.origin}/forecast', { method: 'POST', body: 'Paris' });`,
      'console.log(ok.status, (await ok.json()).path);',
      `try { await fetch('${other.origin}/x') } catch (error) { console.log('refused:', error.cause?.message) }`,
    ].join('\n');
    const model = fakeModel()
      .respondWithTools([
        { name: 'run_code', id: 'call-1', args: { language: 'javascript', code } },
      ])
      .respond(new AIMessage('Sunny.'));
    const agent = createAgent({ model, tools: [runCode] });

    const state = await agent.invoke({
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });

    const message = state.messages.find((entry) => ToolMessage.isInstance(entry)) as ToolMessage;
    const [text] = message.content as Array<{ text: string }>;
    expect(text?.text).toMatch(
      new RegExp(`^200 /forecast\\nrefused: Network access to ${other.host} was refused: port`),
    );
    expect(message.artifact.network).toEqual([
      expect.objectContaining({ method: 'POST', url: `${api.origin}/forecast`, status: 200 }),
      expect.objectContaining({ url: `${other.origin}/x`, denied: expect.any(String) }),
    ]);
    expect(
      api.received.map(({ method, url, headers }) => [method, url, headers.authorization]),
    ).toEqual([['POST', '/forecast', `Bearer ${secret}`]]);
    expect(other.received).toEqual([]);
    expect(JSON.stringify(state.messages)).not.toContain(secret);
  });
});

describe('CodeInterpreterSandbox({ network })', () => {
  it("gives its session's runs the network; execute's commands have none", async () => {
    const sandbox = await CodeInterpreterSandbox.create({
      workers: 1,
      languages: ['javascript'],
      network: { allow: [api.host] },
    });
    try {
      const url = `${api.origin}/from-the-session`;
      const result = await sandbox.session.run({
        language: 'javascript',
        code: `(await fetch('${url}')).status`,
      });
      expect(result).toMatchObject({
        success: true,
        value: '200',
        network: [{ url, status: 200 }],
      });

      const before = api.received.length;
      const command = await sandbox.execute(
        `node -e "fetch('${api.origin}/from-a-command').then((r) => console.log(r.status), (e) => console.log('refused:', e.cause.message))"`,
      );
      // A command's programs get the interpreter's network too.
      expect(command.output.trim()).toBe('200');
      expect(api.received).toHaveLength(before + 1);
    } finally {
      await sandbox.close();
    }
  });
});
