import { type CodeInterpreter, createCodeInterpreter } from '@code-interpreter/core';
import { type EchoServer, startEchoServer } from '@code-interpreter/core/test';
import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCodeInterpreterTool } from '../create-code-interpreter-tool';
import { textTurn, toolCallTurn } from '../test-support/mock-model-responses';
import {
  type CodeInterpreterNetworkSandboxSession,
  createCodeInterpreterSandbox,
} from './create-code-interpreter-sandbox';

// setNetworkPolicy of the harness session, on real sandboxes: the interpreter allows one loopback
// server by IP and port; the session's policy narrows the tool's runs in it, never widens them.

let api: EchoServer;
let other: EchoServer;
let interpreter: CodeInterpreter;
let sandbox: CodeInterpreterNetworkSandboxSession;
beforeAll(async () => {
  [api, other] = await Promise.all([startEchoServer(), startEchoServer()]);
  interpreter = createCodeInterpreter({
    workers: 1,
    languages: ['javascript'],
    network: { allow: [api.host] },
  });
  sandbox = await createCodeInterpreterSandbox({ interpreter }).createSession();
});
afterAll(async () => {
  await sandbox?.destroy();
  await interpreter?.close();
  await Promise.all([api?.close(), other?.close()]);
});

/**
 * Has the model's code, run by a tool given the sandbox, fetch `url`: answers what it printed
 * (the status, or the refusal) and the run's network records.
 */
async function fetchThroughTheTool(url: string) {
  const runCode = createCodeInterpreterTool({ sandbox });
  const code = [
    'globalThis.runs = (globalThis.runs ?? 0) + 1;',
    `try { console.log(globalThis.runs, (await fetch('${url}')).status) }`,
    "catch (error) { console.log(globalThis.runs, 'refused:', error.cause?.message) }",
  ].join('\n');
  const result = await generateText({
    model: new MockLanguageModelV4({
      doGenerate: [toolCallTurn('call-1', { language: 'javascript', code }), textTurn('done')],
    }),
    tools: { runCode },
    stopWhen: stepCountIs(3),
    prompt: 'fetch it',
  });
  const part = result.steps[0]?.content.find((content) => content.type === 'tool-result');
  const output = part?.output as { stdout: string; network: Array<Record<string, unknown>> };
  return { stdout: output.stdout.trim(), network: output.network };
}

describe('CodeInterpreterNetworkSandboxSession.setNetworkPolicy', () => {
  it("narrows the tool's runs in the session, from the next run on, and keeps the session's state", async () => {
    const url = `${api.origin}/data`;
    expect(await fetchThroughTheTool(url)).toMatchObject({
      stdout: '1 200',
      network: [{ url, status: 200 }],
    });

    await sandbox.setNetworkPolicy({ mode: 'deny-all' });
    const denied = await fetchThroughTheTool(url);
    expect(denied.stdout).toMatch(/^2 refused: Network access to 127\.0\.0\.1:\d+ was refused/);
    expect(denied.network).toEqual([expect.objectContaining({ url, denied: expect.any(String) })]);

    // A name does not unlock a loopback address: the session's list needs the IP too.
    await sandbox.setNetworkPolicy({ mode: 'custom', allowedHosts: ['api.example.com'] });
    expect((await fetchThroughTheTool(url)).stdout).toMatch(/^3 refused: /);

    await sandbox.setNetworkPolicy({ mode: 'custom', allowedCIDRs: ['127.0.0.1/32'] });
    expect((await fetchThroughTheTool(url)).stdout).toBe('4 200');

    await sandbox.setNetworkPolicy({ mode: 'allow-all' });
    expect((await fetchThroughTheTool(url)).stdout).toBe('5 200');
    expect(api.received.map((request) => request.url)).toEqual(['/data', '/data', '/data']);
  });

  it("clamps a policy wider than the interpreter's: a host the interpreter does not allow stays refused", async () => {
    // Every port of every loopback address, while the interpreter allows one port.
    await sandbox.setNetworkPolicy({ mode: 'custom', allowedCIDRs: ['127.0.0.0/8'] });
    const url = `${other.origin}/secret-data`;
    const { stdout, network } = await fetchThroughTheTool(url);
    expect(stdout).toMatch(
      new RegExp(
        `^\\d+ refused: Network access to ${other.host} was refused: port \\d+ is not allowed`,
      ),
    );
    expect(network).toEqual([expect.objectContaining({ url, denied: expect.any(String) })]);
    expect(other.received).toEqual([]);
    expect((await fetchThroughTheTool(`${api.origin}/ok`)).stdout).toMatch(/^\d+ 200$/);
    await sandbox.setNetworkPolicy({ mode: 'allow-all' });
  });

  it('leaves the restricted view (for tools) without setNetworkPolicy', () => {
    expect(sandbox.restricted()).not.toHaveProperty('setNetworkPolicy');
  });
});
