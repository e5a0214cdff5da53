import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error';
import type { CodeInterpreterOptions } from './code-interpreter-options';
import { createCodeInterpreter } from './create-code-interpreter';

describe('createCodeInterpreter refuses options it does not know', () => {
  it('a misspelt top-level or nested option throws InvalidInputError naming the right one', () => {
    for (const [options, expected] of [
      [{ netwrok: {} }, /netwrok: unknown option/],
      [{ maxTimeout: 5000 }, /did you mean 'maxTimeoutMs'/],
      [
        { pythonNative: { pythonPth: '/usr/bin/python3' } },
        /did you mean 'pythonNative\.pythonPath'/,
      ],
      [{ warmSandboxes: { javscript: 1 } }, /did you mean 'warmSandboxes\.javascript'/],
    ] as Array<[unknown, RegExp]>) {
      expect(() => createCodeInterpreter(options as CodeInterpreterOptions)).toThrow(expected);
      try {
        createCodeInterpreter(options as CodeInterpreterOptions);
      } catch (error) {
        expect(InvalidInputError.isInstance(error)).toBe(true);
      }
    }
  });

  it('createSession refuses a misspelt option too', async () => {
    const interpreter = createCodeInterpreter({ workers: 1 });
    try {
      expect(() =>
        interpreter.createSession({ memoryLimit: 64 } as unknown as Parameters<
          typeof interpreter.createSession
        >[0]),
      ).toThrow(/did you mean 'memoryLimitMb'/);
    } finally {
      await interpreter.close();
    }
  });
});
