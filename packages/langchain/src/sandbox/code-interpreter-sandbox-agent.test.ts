import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createDeepAgent } from 'deepagents';
import { describe, expect, it } from 'vitest';
import { CodeInterpreterSandbox } from './code-interpreter-sandbox';

// The deep agent loop over a scripted interpreter (real workspace files, scripted shell), with no
// worker process: what an application's own agent tests can do (the .int test runs it for real).

describe('createDeepAgent over a CodeInterpreterSandbox (scripted interpreter)', () => {
  it('writes, edits, lists, greps and globs the workspace, and execute answers from session.exec', async () => {
    const interpreter = new MockCodeInterpreter({ exec: { stdout: 'ok\n', exitCode: 0 } });
    const sandbox = await CodeInterpreterSandbox.create({ interpreter });
    const model = fakeModel()
      .respondWithTools([
        {
          name: 'write_file',
          id: 'w',
          args: { file_path: '/app/main.py', content: 'print("hi")\n' },
        },
      ])
      .respondWithTools([
        {
          name: 'edit_file',
          id: 'e',
          args: { file_path: '/workspace/app/main.py', old_string: 'hi', new_string: 'hello' },
        },
      ])
      // Calls of one turn run concurrently: these see the edited file.
      .respondWithTools([
        { name: 'ls', id: 'l', args: { path: '/app' } },
        { name: 'grep', id: 'g', args: { pattern: 'hello', output_mode: 'files_with_matches' } },
        { name: 'glob', id: 'gl', args: { pattern: '**/*.py' } },
        { name: 'execute', id: 'x', args: { command: 'python3 app/main.py' } },
      ])
      .respond(new AIMessage('done'));
    const agent = createDeepAgent({ model, backend: sandbox });
    const state = await agent.invoke({ messages: [{ role: 'user', content: 'go' }] });

    const answers = Object.fromEntries(
      state.messages
        .filter((message) => ToolMessage.isInstance(message))
        .map((message) => [message.tool_call_id, String(message.content)]),
    );
    expect(answers).toEqual({
      w: "Successfully wrote to '/app/main.py'",
      e: "Successfully replaced 1 occurrence(s) in '/workspace/app/main.py'",
      l: '/workspace/app/main.py (15 bytes)',
      g: '/workspace/app/main.py',
      gl: 'app/main.py',
      x: 'ok\n\n[Command succeeded with exit code 0]',
    });
    expect(await sandbox.session.files.readText('app/main.py')).toBe('print("hello")\n');
    expect(interpreter.commandCalls.map((call) => call.input.command)).toEqual([
      'python3 app/main.py',
    ]);
    await sandbox.close();
    await interpreter.close();
  });
});
