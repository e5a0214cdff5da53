import { describe, expect, it } from 'vitest';
import {
  createCodeInterpreter,
  InterpreterClosedError,
  RuntimeUnavailableError,
  SandboxError,
} from '../src/index';

// A worker that cannot run a request says why with a typed kind (worker-protocol.ts,
// WorkerRunFailure); the application gets the matching error class, never a bare Error.
describe('worker failures reach the application as typed errors', () => {
  it('a runtime missing on this machine is RuntimeUnavailableError, naming what to install', async () => {
    const interpreter = createCodeInterpreter({
      workers: 1,
      languages: ['python'],
      python: 'native',
      pythonNative: { bwrapPath: '/nonexistent/bwrap' },
    });
    try {
      const error = await interpreter
        .run({ language: 'python', code: 'print(1)' })
        .catch((caught: unknown) => caught);
      expect(RuntimeUnavailableError.isInstance(error)).toBe(true);
      expect(SandboxError.isInstance(error)).toBe(false);
      expect((error as RuntimeUnavailableError).runtime).toBe('python-native');
      expect((error as Error).message).toContain('apt-get install bubblewrap');
    } finally {
      await interpreter.close();
    }
  });

  it('a run racing close() is refused with InterpreterClosedError', async () => {
    const interpreter = createCodeInterpreter({ workers: 1 });
    await interpreter.run({ language: 'javascript', code: '1' });
    const closing = interpreter.close();
    const raced = await interpreter
      .run({ language: 'javascript', code: '1' })
      .catch((caught: unknown) => caught);
    await closing;
    expect(InterpreterClosedError.isInstance(raced)).toBe(true);
  });
});
