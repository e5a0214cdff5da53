import {
  type CodeInterpreter,
  type CodeInterpreterSession,
  type CodeInterpreterToolRunner,
  type CodeInterpreterToolRunnerOptions,
  createCodeInterpreterToolRunner,
} from '@code-interpreter/core';
import type { SandboxSessionCore } from './sandbox-session-core';

/**
 * A tool runner whose every call runs in `core.session` (the session behind a sandbox), so the
 * code sees the sandbox's files and keeps its state between calls. The runner's `close()` leaves
 * the session and its interpreter open: the sandbox owns them.
 */
export function createSessionToolRunner(
  core: SandboxSessionCore,
  options: Pick<CodeInterpreterToolRunnerOptions, 'languages' | 'description' | 'tools'>,
): CodeInterpreterToolRunner {
  const { interpreter, session } = core;
  // The session, seen as a session the runner may "close" without closing it.
  const borrowed: CodeInterpreterSession = {
    id: session.id,
    files: session.files,
    run: (input, runOptions) => session.run(input, runOptions),
    exec: (input, commandOptions) => session.exec(input, commandOptions),
    close: async () => {},
  };
  const overSession: CodeInterpreter = {
    capabilities: interpreter.capabilities,
    run: (input, runOptions) => session.run(input, runOptions),
    createSession: () => borrowed,
    close: async () => {},
  };
  return createCodeInterpreterToolRunner({ ...options, interpreter: overSession, session: true });
}
