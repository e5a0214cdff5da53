import { type EchoServer, startEchoServer } from '@code-interpreter/core/test';
import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CodeInterpreterTool,
  createCodeInterpreterTool,
} from './create-code-interpreter-tool';
import { textTurn, toolCallTurn } from './test-support/mock-model-responses';

// The interpreter's `network` option, given to the tool, through generateText: the model's code
// fetches a loopback server the test starts (allowed by IP, as loopback must be).

const secret = 'key-from-the-application-5f2c';
let api: EchoServer;
let other: EchoServer;
let runCode: CodeInterpreterTool;
beforeAll(async () => {
  [api, other] = await Promise.all([startEchoServer(), startEchoServer()]);
  runCode = createCodeInterpreterTool({
    workers: 1,
    languages: ['javascript'],
    network: {
      allow: [api.host],
      secrets: { [api.host]: { headers: { 'x-api-key': secret }, allowHttp: true } },
      maxRequests: 5,
    },
  });
});
afterAll(async () => {
  await runCode?.close();
  await Promise.all([api?.close(), other?.close()]);
});

async function runModelCode(code: string) {
  const model = new MockLanguageModelV4({
    doGenerate: [toolCallTurn('call-1', { language: 'javascript', code }), textTurn('done')],
  });
  const result = await generateText({
    model,
    tools: { runCode },
    stopWhen: stepCountIs(3),
    prompt: 'What is the weather in Paris?',
  });
  const sentToModel = model.doGenerateCalls[1]?.prompt.filter((message) => message.role === 'tool');
  const toolResult = result.steps[0]?.content.find((part) => part.type === 'tool-result');
  return { output: toolResult?.output, sentToModel, result };
}

describe('createCodeInterpreterTool({ network })', () => {
  it('tells the model which hosts its code may reach, and the limits', async () => {
    expect(runCode.description).toContain(
      `The code can make HTTP requests (fetch) to: ${api.host}`,
    );
    expect(runCode.description).toContain('At most 5 requests per run');
    expect(runCode.description).toContain('The host adds credentials to some requests itself');
    expect(runCode.description).not.toContain(secret);
    const offline = createCodeInterpreterTool({ languages: ['javascript'] });
    expect(offline.description).toContain('The sandbox has no network');
    await offline.close();
  });

  it("runs the model's fetch to an allowed host, adds the secret on the host, records the request", async () => {
    const { output, sentToModel, result } = await runModelCode(
      [
        `const response = await fetch('${api.origin}/weather?city=Paris');`,
        'const body = await response.json();',
        'console.log(response.status, body.path);',
      ].join('\n'),
    );

    expect(output).toMatchObject({
      status: 'completed',
      success: true,
      stdout: '200 /weather?city=Paris\n',
      network: [{ method: 'GET', url: `${api.origin}/weather?city=Paris`, status: 200 }],
    });
    expect(api.received).toHaveLength(1);
    expect(api.received[0]?.headers['x-api-key']).toBe(secret);
    expect(JSON.stringify(sentToModel)).toContain('200 /weather?city=Paris');
    // The secret is in no result field, no message to the model, no step.
    expect(JSON.stringify(result.steps)).not.toContain(secret);
    expect(JSON.stringify(sentToModel)).not.toContain(secret);
  });

  it('refuses a host the policy does not name: the code gets the error, the server sees nothing', async () => {
    const { output } = await runModelCode(
      `try { await fetch('${other.origin}/x') } catch (error) { console.log(error.message, '|', error.cause?.message) }`,
    );

    expect(other.received).toEqual([]);
    expect(output).toMatchObject({ status: 'completed', success: true });
    const { stdout, network } = output as { stdout: string; network: unknown[] };
    const refusal = `Network access to ${other.host} was refused: port ${other.host.split(':')[1]} is not allowed`;
    expect(stdout).toMatch(/^fetch failed \| /);
    expect(stdout).toContain(refusal);
    expect(network).toEqual([
      expect.objectContaining({
        url: `${other.origin}/x`,
        denied: expect.stringContaining(refusal),
      }),
    ]);
  });
});
