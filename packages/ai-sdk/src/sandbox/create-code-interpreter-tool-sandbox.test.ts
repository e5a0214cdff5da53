import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { createCodeInterpreterTool } from '../create-code-interpreter-tool';
import { textTurn, toolCallTurn } from '../test-support/mock-model-responses';
import { createSandboxSession } from './create-sandbox-session';

// The code-interpreter tool with a code-interpreter sandbox: its calls run in the sandbox's
// session (same files, same state), whether the sandbox is given to the tool or to the call.

/** The tool results the model received in the prompt of call `index`. */
function toolResultsSentToModel(model: MockLanguageModelV4, index: number) {
  return (model.doGenerateCalls[index]?.prompt ?? [])
    .filter((message) => message.role === 'tool')
    .flatMap((message) => message.content)
    .filter((part) => part.type === 'tool-result');
}

function scriptedModel(inputs: object[]) {
  return new MockLanguageModelV4({
    doGenerate: [
      ...inputs.map((input, index) => toolCallTurn(`call-${index + 1}`, { ...input })),
      textTurn('done'),
    ],
  });
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('createCodeInterpreterTool with a code-interpreter sandbox', () => {
  it('runs every call in the sandbox given to it, and its close() leaves the sandbox open', async () => {
    const interpreter = new MockCodeInterpreter();
    const sandbox = createSandboxSession({ interpreter });
    const runCode = createCodeInterpreterTool({ sandbox });
    expect(runCode.interpreter).toBe(interpreter);
    expect(runCode.description).toContain('kept across calls');
    await generateText({
      model: scriptedModel([
        { language: 'python', code: 'x = 1' },
        { language: 'python', code: 'x' },
      ]),
      tools: { runCode },
      stopWhen: stepCountIs(4),
      prompt: 'x',
    });
    expect(interpreter.calls.map((call) => call.sessionId)).toEqual([
      sandbox.session.id,
      sandbox.session.id,
    ]);
    await runCode.close();
    expect(interpreter.sessions[0]?.closed).toBe(false);
    await sandbox.writeTextFile({ path: 'still-open.txt', content: 'yes' });
    const afterClose = runCode.execute?.(
      { language: 'python', code: '1' },
      { toolCallId: 'x', messages: [], context: undefined, experimental_sandbox: sandbox },
    ) as AsyncIterable<unknown>;
    await expect(async () => {
      for await (const _ of afterClose) {
        // nothing
      }
    }).rejects.toThrow(/closed/);
    expect(interpreter.calls).toHaveLength(2);
    await sandbox.close();
    await interpreter.close();
  });

  it("runs in the session of the call's experimental_sandbox when it is a code-interpreter sandbox", async () => {
    const interpreter = new MockCodeInterpreter();
    const sandbox = createSandboxSession({ interpreter });
    const runCode = createCodeInterpreterTool({ interpreter });
    await generateText({
      model: scriptedModel([{ language: 'javascript', code: '1' }]),
      tools: { runCode },
      experimental_sandbox: sandbox,
      stopWhen: stepCountIs(3),
      prompt: 'x',
    });
    // Another sandbox (here a plain object) changes nothing: a stateless run.
    await generateText({
      model: scriptedModel([{ language: 'javascript', code: '2' }]),
      tools: { runCode },
      experimental_sandbox: { ...sandbox },
      stopWhen: stepCountIs(3),
      prompt: 'x',
    });
    expect(interpreter.calls.map((call) => call.sessionId)).toEqual([
      sandbox.session.id,
      undefined,
    ]);
    await interpreter.close();
  });

  it('refuses a sandbox that is not a code-interpreter sandbox', () => {
    const interpreter = new MockCodeInterpreter();
    const sandbox = createSandboxSession({ interpreter });
    expect(() => createCodeInterpreterTool({ sandbox: { ...sandbox } })).toThrow(
      /must come from createSandboxSession/,
    );
  });

  it('sends the images a call wrote to the workspace to the model as file parts', async () => {
    const interpreter = new MockCodeInterpreter({
      run: {
        stdout: 'saved\n',
        files: [
          {
            path: '/workspace/out/chart.png',
            change: 'created',
            size: png.byteLength,
            mediaType: 'image/png',
          },
          { path: '/workspace/out/data.csv', change: 'created', size: 4, mediaType: 'text/csv' },
        ],
      },
    });
    const sandbox = createSandboxSession({ interpreter });
    // What the (scripted) program wrote.
    await sandbox.writeBinaryFile({ path: 'out/chart.png', content: png });
    await sandbox.writeTextFile({ path: 'out/data.csv', content: 'a,b\n' });
    const model = scriptedModel([{ language: 'python', code: 'plt.savefig("out/chart.png")' }]);
    const result = await generateText({
      model,
      tools: { runCode: createCodeInterpreterTool({ sandbox }) },
      stopWhen: stepCountIs(3),
      prompt: 'x',
    });
    const output = toolResultsSentToModel(model, 1)[0]?.output;
    expect(output).toEqual({
      type: 'content',
      value: [
        {
          type: 'text',
          text: expect.stringMatching(
            /^saved\n\[Files: created \/workspace\/out\/chart\.png \(8 B\); created \/workspace\/out\/data\.csv \(4 B\)\]\n\[Attached: \/workspace\/out\/chart\.png\]$/,
          ),
        },
        {
          type: 'file',
          mediaType: 'image/png',
          data: { type: 'data', data: Buffer.from(png).toString('base64') },
          filename: 'chart.png',
        },
      ],
    });
    // The application's tool result carries the contents too.
    expect(result.steps[0]?.toolResults[0]?.output).toMatchObject({
      files: [
        { path: '/workspace/out/chart.png', data: Buffer.from(png).toString('base64') },
        { path: '/workspace/out/data.csv' },
      ],
    });
    await interpreter.close();
  });

  it('sends them as file parts from a session-mode tool without a sandbox too', async () => {
    const interpreter = new MockCodeInterpreter({
      run: async (call) => {
        const session = interpreter.sessions.find((candidate) => candidate.id === call.sessionId);
        await session?.files.write('chart.png', png);
        return {
          files: [
            {
              path: '/workspace/chart.png',
              change: 'created',
              size: png.byteLength,
              mediaType: 'image/png',
            },
          ],
        };
      },
    });
    const runCode = createCodeInterpreterTool({ interpreter, session: true });
    const model = scriptedModel([{ language: 'python', code: 'plt.savefig("chart.png")' }]);
    await generateText({ model, tools: { runCode }, stopWhen: stepCountIs(3), prompt: 'x' });
    const output = toolResultsSentToModel(model, 1)[0]?.output as {
      value: Array<{ type: string }>;
    };
    expect(output.value.find((part) => part.type === 'file')).toEqual({
      type: 'file',
      mediaType: 'image/png',
      data: { type: 'data', data: Buffer.from(png).toString('base64') },
      filename: 'chart.png',
    });
    await runCode.close();
    await interpreter.close();
  });
});
