import { type CodeInterpreter, createCodeInterpreter } from '@code-interpreter/core';
import { generateText, stepCountIs, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCodeInterpreterTool } from '../create-code-interpreter-tool';
import { textTurn, toolCallTurn } from '../test-support/mock-model-responses';
import { type CodeInterpreterSandboxSession, createSandboxSession } from './create-sandbox-session';

// The sandbox through the real framework and real sandboxes: generateText hands our session to
// tools as `experimental_sandbox`; the tools write and read files and run `python3 script.py`,
// and the code-interpreter tool runs in the same session, so each sees the others' files.

let interpreter: CodeInterpreter;
beforeAll(() => {
  interpreter = createCodeInterpreter({ workers: 1, prewarm: true });
});
afterAll(async () => {
  await interpreter.close();
});

/** Tools written against the AI SDK's sandbox interface only, as an application writes them. */
function sandboxTools() {
  const sandboxOf = (options: { experimental_sandbox?: unknown }) => {
    if (!options.experimental_sandbox) throw new Error('no sandbox');
    return options.experimental_sandbox as CodeInterpreterSandboxSession;
  };
  return {
    writeFile: tool({
      inputSchema: z.object({ path: z.string(), content: z.string() }),
      execute: async ({ path, content }, options) => {
        await sandboxOf(options).writeTextFile({ path, content });
        return `wrote ${path}`;
      },
    }),
    readFile: tool({
      inputSchema: z.object({
        path: z.string(),
        startLine: z.number().optional(),
        endLine: z.number().optional(),
      }),
      execute: async ({ path, startLine, endLine }, options) =>
        (await sandboxOf(options).readTextFile({ path, startLine, endLine })) ?? `no file ${path}`,
    }),
    bash: tool({
      inputSchema: z.object({ command: z.string() }),
      execute: async ({ command }, options) => sandboxOf(options).run({ command }),
    }),
  };
}

/** The tool results the model received in the prompt of call `index`, in call order. */
function toolOutputsSentToModel(model: MockLanguageModelV4, index: number) {
  return (model.doGenerateCalls[index]?.prompt ?? [])
    .filter((message) => message.role === 'tool')
    .flatMap((message) => message.content)
    .filter((part) => part.type === 'tool-result')
    .map((part) => part.output);
}

const script = [
  'import csv',
  'with open("data/sales.csv") as f:',
  '    total = sum(int(row["units"]) for row in csv.DictReader(f))',
  'with open("out/total.txt", "w") as f:',
  '    f.write(str(total))',
  'print(f"total {total}")',
].join('\n');

describe('createSandboxSession with generateText (real sandboxes)', () => {
  it('gives tools the sandbox: they write files, run python3 script.py, read its output, and runCode shares the files', async () => {
    const sandbox = createSandboxSession({ interpreter });
    try {
      const model = new MockLanguageModelV4({
        doGenerate: [
          toolCallTurn(
            'w1',
            { path: 'data/sales.csv', content: 'month,units\nJan,120\nFeb,340\nMar,90\n' },
            'writeFile',
          ),
          toolCallTurn('w2', { path: 'script.py', content: script }, 'writeFile'),
          toolCallTurn('b1', { command: 'mkdir -p out && python3 script.py && ls out' }, 'bash'),
          toolCallTurn('r1', { path: '/workspace/out/total.txt' }, 'readFile'),
          toolCallTurn('r2', { path: 'data/sales.csv', startLine: 2, endLine: 3 }, 'readFile'),
          toolCallTurn('c1', {
            language: 'javascript',
            code: "const fs = require('fs');\nconst total = Number(fs.readFileSync('out/total.txt', 'utf8'));\nfs.writeFileSync('out/double.txt', String(total * 2));\ntotal * 2",
          }),
          toolCallTurn('r3', { path: 'out/double.txt' }, 'readFile'),
          toolCallTurn(
            'b2',
            { command: 'python3 -c "import sys; print(\'oops\', file=sys.stderr); sys.exit(3)"' },
            'bash',
          ),
          textTurn('The total is 550; doubled, 1100.'),
        ],
      });

      const result = await generateText({
        model,
        tools: { ...sandboxTools(), runCode: createCodeInterpreterTool({ interpreter }) },
        experimental_sandbox: sandbox,
        instructions: sandbox.description,
        stopWhen: stepCountIs(12),
        prompt: 'Sum the units in the sales data with a Python script.',
      });

      const outputs = toolOutputsSentToModel(model, 8);
      expect(outputs).toEqual([
        { type: 'text', value: 'wrote data/sales.csv' },
        { type: 'text', value: 'wrote script.py' },
        { type: 'json', value: { exitCode: 0, stdout: 'total 550\ntotal.txt\n', stderr: '' } },
        { type: 'text', value: '550' },
        { type: 'text', value: 'Jan,120\nFeb,340' },
        {
          type: 'text',
          value: expect.stringMatching(/^1100\n\[Files: created \/workspace\/out\/double\.txt/),
        },
        { type: 'text', value: '1100' },
        { type: 'json', value: { exitCode: 3, stdout: '', stderr: 'oops\n' } },
      ]);
      expect(result.text).toBe('The total is 550; doubled, 1100.');
      // The instructions the model got describe the sandbox.
      const system = model.doGenerateCalls[0]?.prompt.find((message) => message.role === 'system');
      expect(system?.content).toContain('/workspace, the working directory');
      expect(system?.content).toContain('python3');
      // And the application sees the same files afterwards.
      expect(await sandbox.session.files.readText('out/double.txt')).toBe('1100');
    } finally {
      await sandbox.close();
    }
  });
});

describe('createCodeInterpreterTool in a sandbox (real sandboxes)', () => {
  it('sends an image the code wrote to the workspace to the model as a file part', async () => {
    await using sandbox = createSandboxSession({ interpreter });
    const model = new MockLanguageModelV4({
      doGenerate: [
        toolCallTurn('c1', {
          language: 'javascript',
          code: "const fs = require('fs');\nfs.mkdirSync('out', { recursive: true });\nfs.writeFileSync('out/dot.png', new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]));\n'saved'",
        }),
        textTurn('done'),
      ],
    });
    await generateText({
      model,
      tools: { runCode: createCodeInterpreterTool({ sandbox }) },
      stopWhen: stepCountIs(3),
      prompt: 'Draw a dot.',
    });
    expect(toolOutputsSentToModel(model, 1)).toEqual([
      {
        type: 'content',
        value: [
          {
            type: 'text',
            text: "'saved'\n[Files: created /workspace/out/dot.png (8 B)]\n[Attached: /workspace/out/dot.png]",
          },
          {
            type: 'file',
            mediaType: 'image/png',
            data: {
              type: 'data',
              data: Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]).toString('base64'),
            },
            filename: 'dot.png',
          },
        ],
      },
    ]);
    expect(await sandbox.stat({ path: 'out/dot.png' })).toEqual({ type: 'file', size: 8 });
  });
});

describe('createSandboxSession on real sandboxes', () => {
  it('streams a spawned command, feeds buffered stdin, and reports exit codes', async () => {
    await using sandbox = createSandboxSession({ interpreter });
    const spawned = await sandbox.spawn({ command: 'echo out; echo err >&2; exit 2' });
    const [stdout, stderr, exit] = await Promise.all([
      new Response(spawned.stdout).text(),
      new Response(spawned.stderr).text(),
      spawned.wait(),
    ]);
    expect({ stdout, stderr, exit }).toEqual({
      stdout: 'out\n',
      stderr: 'err\n',
      exit: { exitCode: 2 },
    });

    const withStdin = await sandbox.spawn({
      command: 'python3 -c "import sys; print(sum(int(line) for line in sys.stdin))"',
      stdin: true,
    });
    const writer = withStdin.stdin.getWriter();
    await writer.write(new TextEncoder().encode('1\n2\n'));
    await writer.write(new TextEncoder().encode('39\n'));
    await writer.close();
    expect(await new Response(withStdin.stdout).text()).toBe('42\n');
    expect(await withStdin.wait()).toEqual({ exitCode: 0 });
  });

  it('runs in the working directory with the environment given, relative to /workspace', async () => {
    await using sandbox = createSandboxSession({ interpreter });
    await sandbox.writeTextFile({ path: 'sub/dir/hello.txt', content: 'hi' });
    expect(
      await sandbox.run({
        command: 'pwd && cat hello.txt && echo " $GREETING"',
        workingDirectory: 'sub/dir',
        env: { GREETING: 'hello there' },
      }),
    ).toEqual({ exitCode: 0, stdout: '/workspace/sub/dir\nhi hello there\n', stderr: '' });
  });

  it('refuses paths outside /workspace in file operations, and commands cannot reach host files', async () => {
    await using sandbox = createSandboxSession({ interpreter });
    await expect(sandbox.readTextFile({ path: '/etc/passwd' })).rejects.toMatchObject({
      code: 'EACCES',
      message: expect.stringContaining('only files under /workspace are reachable'),
    });
    const read = await sandbox.run({ command: 'cat /etc/passwd' });
    expect(read.exitCode).not.toBe(0);
    expect(read.stdout).toBe('');
  });

  it('stops a runaway command when aborted: run rejects with the reason, and the sandbox goes on', async () => {
    await using sandbox = createSandboxSession({ interpreter });
    const controller = new AbortController();
    const started = Date.now();
    const running = sandbox.run({
      command: 'python3 -c "while True: pass"',
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('enough')), 300);
    await expect(running).rejects.toThrow('enough');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await sandbox.run({ command: 'echo still here' })).toEqual({
      exitCode: 0,
      stdout: 'still here\n',
      stderr: '',
    });
  });
});
