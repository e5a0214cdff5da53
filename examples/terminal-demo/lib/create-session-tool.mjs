import { createCodeInterpreterTool } from '@code-interpreter/ai-sdk';

/**
 * The code interpreter tool over a session the demo holds, so that the demo can put files into
 * the session's workspace (`session.files`) before the model's first call and read what the
 * programs wrote. `createCodeInterpreterTool` takes an interpreter, not a session: it gets a view
 * of the demo's interpreter whose `createSession()` hands over this session. The tool does not
 * close an interpreter it was given; closing the tool closes the session.
 */
export function createSessionTool(interpreter) {
  const session = interpreter.createSession();
  const tool = createCodeInterpreterTool({
    interpreter: {
      capabilities: interpreter.capabilities,
      run: (input, options) => interpreter.run(input, options),
      createSession: () => session,
      close: async () => {},
    },
    session: true,
  });
  return {
    tool,
    session,
    async close() {
      await tool.close();
      await session.close();
    },
  };
}
