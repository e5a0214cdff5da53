import {
  type CodeInterpreter,
  createCodeInterpreter,
  RunAbortedError,
} from '@code-interpreter/core';
import { generateText, stepCountIs, streamText } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInterpreterRuns } from '../../../../test/support/record-interpreter-runs';
import { createCodeInterpreterTool } from '../create-code-interpreter-tool';
import { streamedTurn, textTurn, toolCallTurn } from './mock-model-responses';

/** The tool results the model received in the prompt of call `index`. */
function toolResultsSentToModel(model: MockLanguageModelV4, index: number) {
  const prompt = model.doGenerateCalls[index]?.prompt ?? model.doStreamCalls[index]?.prompt ?? [];
  return prompt
    .filter((message) => message.role === 'tool')
    .flatMap((message) => message.content)
    .filter((part) => part.type === 'tool-result');
}

/**
 * The AI SDK tool's tests over the interpreter `create` makes (local, or remote over NATS): the
 * same model turns, results, sessions, aborts and streaming against either.
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

  describe(`createCodeInterpreterTool with generateText (${name} interpreter)`, () => {
    it('runs the code the model asks for and sends the real output back to the model', async () => {
      const runCode = createCodeInterpreterTool({ interpreter });
      const model = new MockLanguageModelV4({
        doGenerate: [
          toolCallTurn('call-1', {
            language: 'javascript',
            code: "const xs = [1, 2, 3];\nconsole.log(xs.map((x) => x * 2).join(', '));\nxs.length",
          }),
          textTurn('The doubled list is [2, 4, 6].'),
        ],
      });

      const result = await generateText({
        model,
        tools: { runCode },
        stopWhen: stepCountIs(3),
        prompt: 'Double [1, 2, 3]',
      });

      const toolResult = result.steps[0]?.toolResults[0];
      expect(toolResult?.output).toMatchObject({
        status: 'completed',
        success: true,
        stdout: '2, 4, 6\n',
        value: '3',
      });
      expect(toolResultsSentToModel(model, 1)).toEqual([
        expect.objectContaining({
          toolCallId: 'call-1',
          output: { type: 'text', value: '2, 4, 6\n3' },
        }),
      ]);
      expect(result.text).toBe('The doubled list is [2, 4, 6].');
    });

    it('publishes an input schema narrowed to the languages and caps it offers', async () => {
      const narrow = createCodeInterpreter({
        workers: 1,
        maxTimeoutMs: 10_000,
        maxMemoryLimitMb: 256,
      });
      try {
        const runCode = createCodeInterpreterTool({ interpreter: narrow, languages: ['python'] });
        const schema = runCode.inputSchema as unknown as {
          safeParse(value: unknown): { success: boolean; error?: { message: string } };
        };
        expect(schema.safeParse({ language: 'python', code: 'print(1)' }).success).toBe(true);
        expect(schema.safeParse({ language: 'javascript', code: '1' }).success).toBe(false);
        const overCap = schema.safeParse({ language: 'python', code: '1', timeout: 20_000 });
        expect(overCap.success).toBe(false);
        expect(overCap.error?.message).toContain('at most 10000 ms');
        expect(schema.safeParse({ language: 'python', code: '1', memoryLimit: 512 }).success).toBe(
          false,
        );
      } finally {
        await narrow.close();
      }
    });

    it('tells the model its languages, rules and limits in the tool description', async () => {
      const runCode = createCodeInterpreterTool({ interpreter, languages: ['javascript'] });
      const model = new MockLanguageModelV4({ doGenerate: [textTurn('ok')] });
      await generateText({ model, tools: { runCode }, prompt: 'hi' });

      const sent = model.doGenerateCalls[0]?.tools?.[0];
      expect(sent).toMatchObject({ type: 'function', name: 'runCode' });
      const description = (sent as { description: string }).description;
      expect(description).toContain('- javascript:');
      expect(description).not.toContain('- python:');
      expect(description).toContain('no network');
      expect(JSON.stringify((sent as { inputSchema: unknown }).inputSchema)).toContain(
        '"language"',
      );
    });

    it('returns a timeout and a syntax error as results the model reads, and the loop goes on', async () => {
      const runCode = createCodeInterpreterTool({ interpreter });
      const model = new MockLanguageModelV4({
        doGenerate: [
          toolCallTurn('call-1', { language: 'javascript', code: 'while (true) {}', timeout: 200 }),
          toolCallTurn('call-2', { language: 'typescript', code: 'const x: number = ;' }),
          toolCallTurn('call-3', { language: 'typescript', code: 'const x: number = 4;\nx * 10' }),
          textTurn('40'),
        ],
      });

      const result = await generateText({
        model,
        tools: { runCode },
        stopWhen: stepCountIs(5),
        prompt: 'Compute 4 * 10',
      });

      const [timeout] = toolResultsSentToModel(model, 1);
      expect(timeout?.output).toEqual({
        type: 'text',
        value: expect.stringMatching(/^Timed out after 200 ms/),
      });
      const [, syntax] = toolResultsSentToModel(model, 2);
      expect(syntax?.output).toEqual({
        type: 'text',
        value: expect.stringMatching(/^Error: SyntaxError: .* \(line 1\)/),
      });
      const [, , fixed] = toolResultsSentToModel(model, 3);
      expect(fixed?.output).toEqual({ type: 'text', value: '40' });
      expect(result.steps).toHaveLength(4);
      expect(result.text).toBe('40');
    });

    it('keeps state across the model calls when session is on, and not when it is off', async () => {
      const script = () =>
        new MockLanguageModelV4({
          doGenerate: [
            toolCallTurn('call-1', { language: 'javascript', code: 'const answer = 21' }),
            toolCallTurn('call-2', { language: 'javascript', code: 'answer * 2' }),
            textTurn('done'),
          ],
        });

      const withSession = createCodeInterpreterTool({ interpreter, session: true });
      const stateful = script();
      await generateText({
        model: stateful,
        tools: { runCode: withSession },
        stopWhen: stepCountIs(4),
        prompt: 'x',
      });
      expect(toolResultsSentToModel(stateful, 2)[1]?.output).toEqual({ type: 'text', value: '42' });
      await withSession.close();

      const stateless = script();
      await generateText({
        model: stateless,
        tools: { runCode: createCodeInterpreterTool({ interpreter }) },
        stopWhen: stepCountIs(4),
        prompt: 'x',
      });
      expect(toolResultsSentToModel(stateless, 2)[1]?.output).toEqual({
        type: 'text',
        value: expect.stringContaining('ReferenceError: answer is not defined'),
      });
    });

    it('stops the run when the abort signal fires, and the interpreter keeps answering', async () => {
      const runCode = createCodeInterpreterTool({ interpreter });
      const model = new MockLanguageModelV4({
        doGenerate: [
          toolCallTurn('call-1', { language: 'javascript', code: 'while (true) {}' }),
          textTurn('unreachable'),
        ],
      });
      const started = Date.now();
      await expect(
        generateText({
          model,
          tools: { runCode },
          stopWhen: stepCountIs(3),
          prompt: 'spin',
          abortSignal: AbortSignal.timeout(300),
        }),
      ).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);

      const after = await interpreter.run({ language: 'javascript', code: '1 + 1' });
      expect(after.value).toBe('2');
    });

    it('reports misuse (a language not offered) as a tool error, not a result', async () => {
      const runCode = createCodeInterpreterTool({ interpreter, languages: ['javascript'] });
      const model = new MockLanguageModelV4({
        doGenerate: [
          toolCallTurn('call-1', { language: 'python', code: 'print(1)' }),
          textTurn('ok'),
        ],
      });
      const result = await generateText({
        model,
        tools: { runCode },
        stopWhen: stepCountIs(3),
        prompt: 'x',
      });
      const error = result.steps[0]?.content.find((part) => part.type === 'tool-error');
      expect(String((error as { error: unknown }).error)).toContain("'python' is not offered here");
    });

    it('closes its own interpreter on close(), and then refuses to run', async () => {
      const runCode = createCodeInterpreterTool({ workers: 1 });
      const run = () =>
        runCode.execute?.(
          { language: 'javascript', code: '1' },
          { toolCallId: 'x', messages: [], context: undefined },
        ) as AsyncIterable<unknown>;
      const outputs: unknown[] = [];
      for await (const output of run()) outputs.push(output);
      expect(outputs.at(-1)).toMatchObject({ status: 'completed', value: '1' });

      await runCode.close();
      await expect(runCode.interpreter.run({ language: 'javascript', code: '1' })).rejects.toThrow(
        /closed/,
      );
      await expect(async () => {
        for await (const _ of run()) {
          // nothing
        }
      }).rejects.toThrow(/closed/);
    });
  });

  describe(`createCodeInterpreterTool with streamText (${name} interpreter)`, () => {
    it('streams preliminary results with the output so far, then the final result', async () => {
      const runCode = createCodeInterpreterTool({ interpreter, previewIntervalMs: 50 });
      const model = new MockLanguageModelV4({
        doStream: [
          streamedTurn(
            toolCallTurn('call-1', {
              language: 'javascript',
              code: "for (let i = 1; i <= 4; i++) {\n  console.log('tick ' + i);\n  await new Promise((r) => setTimeout(r, 150));\n}\n'done'",
            }),
          ),
          streamedTurn(textTurn('It ticked four times.')),
        ],
      });

      const result = streamText({
        model,
        tools: { runCode },
        stopWhen: stepCountIs(3),
        prompt: 'Tick',
      });
      const toolResults: Array<{ preliminary?: boolean; output: unknown }> = [];
      for await (const part of result.fullStream) {
        if (part.type === 'tool-result') toolResults.push(part);
      }

      // How many previews a run gets depends on the machine's pace; whether one arrives while the
      // code runs is the next test's business. Each is a snapshot of the output so far, never
      // shrinking, and the final result comes last. (The AI SDK also repeats the generator's last
      // yield, here the completed result, as a preliminary result before the final one.)
      const preliminary = toolResults.filter(
        (part) => part.preliminary && (part.output as { status: string }).status === 'running',
      );
      const finalStdout = 'tick 1\ntick 2\ntick 3\ntick 4\n';
      let previous = '';
      for (const part of preliminary) {
        const { stdout } = part.output as { stdout: string };
        expect(stdout.startsWith(previous)).toBe(true);
        expect(finalStdout.startsWith(stdout)).toBe(true);
        previous = stdout;
      }
      const final = toolResults.filter((part) => !part.preliminary);
      expect(final).toHaveLength(1);
      expect(toolResults.at(-1)).toBe(final[0]);
      expect(final[0]?.output).toMatchObject({
        status: 'completed',
        success: true,
        stdout: finalStdout,
        value: "'done'",
      });
      // Only the final result reaches the model.
      expect(toolResultsSentToModel(model, 1)).toEqual([
        expect.objectContaining({
          output: { type: 'text', value: "tick 1\ntick 2\ntick 3\ntick 4\n'done'" },
        }),
      ]);
      expect(await result.text).toBe('It ticked four times.');
    });

    it('streams a preliminary result while the code still runs: the call is stopped upon it', async () => {
      // The program prints, then never ends on its own. The test aborts the stream when the first
      // preliminary result arrives, so the run can only end aborted if that result came while the
      // program was running; output held until the end would come only after the deadline, with
      // the final result.
      const recorded = recordInterpreterRuns(interpreter);
      const runCode = createCodeInterpreterTool({
        interpreter: recorded.interpreter,
        previewIntervalMs: 50,
      });
      const model = new MockLanguageModelV4({
        doStream: [
          streamedTurn(
            toolCallTurn('call-1', {
              language: 'javascript',
              code: "console.log('tick 1');\nfor (;;) {}",
              timeout: 10_000,
            }),
          ),
          streamedTurn(textTurn('unreachable')),
        ],
      });
      const controller = new AbortController();
      const result = streamText({
        model,
        tools: { runCode },
        stopWhen: stepCountIs(3),
        prompt: 'Tick',
        abortSignal: controller.signal,
      });
      const parts: Array<{ type: string; preliminary?: boolean; output?: unknown }> = [];
      for await (const part of result.fullStream) {
        parts.push(part);
        if (part.type === 'tool-result') controller.abort();
      }

      const toolResults = parts.filter((part) => part.type === 'tool-result');
      expect(toolResults).toEqual([
        expect.objectContaining({
          preliminary: true,
          output: { status: 'running', stdout: 'tick 1\n', stderr: '' },
        }),
      ]);
      expect(parts.at(-1)?.type).toBe('abort');
      expect(recorded.runs).toHaveLength(1);
      const end = await recorded.runs[0];
      expect(end).toMatchObject({ kind: 'rejected' });
      expect((end as { error: unknown }).error).toSatisfy((error) =>
        RunAbortedError.isInstance(error),
      );
    });
  });
}
