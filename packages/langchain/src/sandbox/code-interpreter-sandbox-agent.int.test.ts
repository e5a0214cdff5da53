import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createDeepAgent } from 'deepagents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeInterpreterSandbox } from './code-interpreter-sandbox';

// A deep agent whose backend is the sandbox, end to end on real sandboxes: a scripted model calls
// every file tool and execute, and each tool's answer (what a real model would read) is checked.

let sandbox: CodeInterpreterSandbox;
beforeAll(async () => {
  sandbox = await CodeInterpreterSandbox.create({
    workers: 1,
    initialFiles: { '/workspace/data/sales.csv': 'region,amount\nnorth,10\nsouth,32\n' },
  });
});
afterAll(async () => {
  await sandbox.close();
});

type ToolCall = { name: string; args: Record<string, unknown> };

/** Runs a deep agent whose model makes these calls, one turn each, then answers 'done'. */
async function runAgent(turns: ToolCall[][]): Promise<Map<string, string>> {
  let model = fakeModel();
  turns.forEach((calls, turn) => {
    model = model.respondWithTools(
      calls.map((call, index) => ({ ...call, id: `call-${turn + 1}-${index + 1}` })),
    );
  });
  model = model.respond(new AIMessage('done'));
  const agent = createDeepAgent({ model, backend: sandbox });
  const state = await agent.invoke({ messages: [{ role: 'user', content: 'work on the data' }] });
  expect(state.messages.at(-1)?.content).toBe('done');
  const answers = new Map<string, string>();
  for (const message of state.messages) {
    if (!ToolMessage.isInstance(message)) continue;
    const content =
      typeof message.content === 'string'
        ? message.content
        : message.content.map((block) => ('text' in block ? block.text : '')).join('');
    answers.set(message.tool_call_id, content);
  }
  return answers;
}

describe('createDeepAgent({ backend: CodeInterpreterSandbox })', () => {
  it('offers execute and answers every file tool and execute from the sandbox', async () => {
    const answers = await runAgent([
      [
        { name: 'ls', args: { path: '/workspace/data' } },
        { name: 'read_file', args: { file_path: '/workspace/data/sales.csv' } },
      ],
      [
        {
          name: 'write_file',
          args: {
            file_path: '/workspace/total.py',
            content:
              "import csv\nrows = list(csv.DictReader(open('data/sales.csv')))\nprint('total', sum(int(r['amount']) for r in rows))\n",
          },
        },
      ],
      [
        {
          name: 'edit_file',
          args: { file_path: '/workspace/total.py', old_string: "'total'", new_string: "'sum:'" },
        },
      ],
      [
        { name: 'execute', args: { command: 'python3 total.py && wc -l data/sales.csv' } },
        { name: 'grep', args: { pattern: 'south', path: '/workspace' } },
        { name: 'glob', args: { pattern: '**/*.py' } },
      ],
      [{ name: 'execute', args: { command: 'cat missing.txt' } }],
    ]);

    expect(answers.get('call-1-1')).toBe('/workspace/data/sales.csv (32 bytes)');
    expect(answers.get('call-1-2')).toContain('region,amount\nnorth,10\nsouth,32');
    expect(answers.get('call-2-1')).toContain("Successfully wrote to '/workspace/total.py'");
    expect(answers.get('call-3-1')).toContain(
      "Successfully replaced 1 occurrence(s) in '/workspace/total.py'",
    );
    expect(answers.get('call-4-1')).toBe(
      'sum: 42\n3 data/sales.csv\n\n[Command succeeded with exit code 0]',
    );
    expect(answers.get('call-4-2')).toContain('/workspace/data/sales.csv');
    expect(answers.get('call-4-2')).toContain('south,32');
    expect(answers.get('call-4-3')).toBe('total.py');
    expect(answers.get('call-5-1')).toMatch(
      /No such file[\s\S]*\[Command failed with exit code 1\]$/,
    );
  });

  it('keeps the model in the workspace: .. is refused, / is the workspace, host paths land inside', async () => {
    const answers = await runAgent([
      [
        { name: 'read_file', args: { file_path: '/workspace/../etc/passwd' } },
        { name: 'read_file', args: { file_path: '/etc/passwd' } },
        { name: 'ls', args: { path: '/' } },
        { name: 'write_file', args: { file_path: '/etc/motd', content: 'inside' } },
      ],
      [{ name: 'execute', args: { command: 'cat /workspace/etc/motd; cat /etc/motd' } }],
    ]);
    expect(answers.get('call-1-1')).toMatch(/'\.\.' is not allowed/);
    expect(answers.get('call-1-2')).toBe("Error: File '/etc/passwd' not found");
    expect(answers.get('call-1-3')).toContain('/workspace/data/ (directory)');
    expect(answers.get('call-2-1')).toMatch(/^inside[\s\S]*No such file[\s\S]*exit code 1\]$/);
  });
});
