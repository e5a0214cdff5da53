import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { createCodeInterpreterTool } from './create-code-interpreter-tool';
import { textTurn, toolCallTurn } from './test-support/mock-model-responses';

// The tool's translation to the AI SDK, over a scripted interpreter: no worker process runs here
// (create-code-interpreter-tool.int.test.ts runs the same loop on real sandboxes).

/** The tool results the model received in the prompt of call `index`. */
function toolResultsSentToModel(model: MockLanguageModelV4, index: number) {
  return (model.doGenerateCalls[index]?.prompt ?? [])
    .filter((message) => message.role === 'tool')
    .flatMap((message) => message.content)
    .filter((part) => part.type === 'tool-result');
}

/** Runs a generateText loop where the model calls the tool with each input, then answers 'done'. */
async function loop(runCode: ReturnType<typeof createCodeInterpreterTool>, inputs: object[]) {
  const model = new MockLanguageModelV4({
    doGenerate: [
      ...inputs.map((input, index) => toolCallTurn(`call-${index + 1}`, { ...input })),
      textTurn('done'),
    ],
  });
  const result = await generateText({
    model,
    tools: { runCode },
    stopWhen: stepCountIs(inputs.length + 2),
    prompt: 'x',
  });
  return { model, result };
}

describe('createCodeInterpreterTool (scripted interpreter)', () => {
  it('gives the tool result the whole result, and the model the text it reads', async () => {
    const interpreter = new MockCodeInterpreter({ run: { stdout: '2, 4, 6\n', value: '3' } });
    const runCode = createCodeInterpreterTool({ interpreter });
    const { model, result } = await loop(runCode, [{ language: 'javascript', code: 'xs.length' }]);
    expect(result.steps[0]?.toolResults[0]?.output).toMatchObject({
      status: 'completed',
      success: true,
      stdout: '2, 4, 6\n',
      value: '3',
    });
    expect(toolResultsSentToModel(model, 1)[0]?.output).toEqual({
      type: 'text',
      value: '2, 4, 6\n3',
    });
    expect(interpreter.calls.map((call) => call.input)).toEqual([
      { language: 'javascript', code: 'xs.length' },
    ]);
  });

  it('sends images to the model as content parts after the text', async () => {
    const interpreter = new MockCodeInterpreter({
      run: { stdout: 'plotted\n', images: [{ mediaType: 'image/png', data: 'iVBORw0K' }] },
    });
    const { model } = await loop(createCodeInterpreterTool({ interpreter }), [
      { language: 'python', code: 'plt.plot([1, 2])' },
    ]);
    expect(toolResultsSentToModel(model, 1)[0]?.output).toEqual({
      type: 'content',
      value: [
        { type: 'text', text: 'plotted\n[1 image attached]' },
        expect.objectContaining({
          type: 'file',
          mediaType: 'image/png',
          data: { type: 'data', data: 'iVBORw0K' },
        }),
      ],
    });
  });

  it('tells the model about a timeout with the limit the run had', async () => {
    const interpreter = new MockCodeInterpreter({
      run: { errorInfo: { name: 'TimeoutError', message: 'Execution timed out' } },
    });
    const { model } = await loop(createCodeInterpreterTool({ interpreter }), [
      { language: 'javascript', code: 'while (true) {}', timeout: 200 },
    ]);
    expect(toolResultsSentToModel(model, 1)[0]?.output).toEqual({
      type: 'text',
      value: expect.stringMatching(/^Timed out after 200 ms/),
    });
  });

  it('reports a language not offered as a tool error, without running anything', async () => {
    const interpreter = new MockCodeInterpreter();
    const { result } = await loop(
      createCodeInterpreterTool({ interpreter, languages: ['python'] }),
      [{ language: 'javascript', code: '1' }],
    );
    const error = result.steps[0]?.content.find((part) => part.type === 'tool-error');
    expect(String((error as { error: unknown }).error)).toContain(
      "'javascript' is not offered here: use 'python'",
    );
    expect(interpreter.calls).toEqual([]);
  });

  it('runs every call in one session with session: true, and its close() leaves a given interpreter open', async () => {
    const interpreter = new MockCodeInterpreter();
    const runCode = createCodeInterpreterTool({ interpreter, session: true });
    await loop(runCode, [
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
    expect(runCode.interpreter).toBe(interpreter);
  });

  it("passes the loop's abort signal to the run, whose abort ends the call as a tool error", async () => {
    const interpreter = new MockCodeInterpreter({ run: () => new Promise(() => {}) });
    const controller = new AbortController();
    const model = new MockLanguageModelV4({
      doGenerate: [toolCallTurn('call-1', { language: 'javascript', code: 'spin()' })],
    });
    const loopRun = generateText({
      model,
      tools: { runCode: createCodeInterpreterTool({ interpreter }) },
      prompt: 'x',
      abortSignal: controller.signal,
    });
    await waitUntil(() => interpreter.calls.length === 1);
    controller.abort();
    const result = await loopRun;
    const error = result.steps[0]?.content.find((part) => part.type === 'tool-error');
    expect((error as { error: Error }).error.name).toBe('CodeInterpreterRunAbortedError');
    expect(interpreter.calls[0]?.signal?.aborted).toBe(true);
  });
});

/** Waits (bounded) until `condition` holds, yielding to the event loop between checks. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(condition()).toBe(true);
}
