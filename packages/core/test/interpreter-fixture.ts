import { test as base } from 'vitest';
import type { CodeInterpreter } from '../src/interpreter/code-interpreter';
import type { CodeInterpreterOptions } from '../src/interpreter/code-interpreter-options';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';

/** Runs code and returns the result; fails the test on thrown errors. */
export type RunCode = (
  language: 'javascript' | 'typescript' | 'python',
  code: string,
  extra?: { timeout?: number; memoryLimit?: number },
) => ReturnType<CodeInterpreter['run']>;

/**
 * A test with an `interpreter` (one per file, shared by its tests, closed after the file) and a
 * `run` helper. Interpreters started here are always closed, so no worker outlives the tests.
 */
export function interpreterTest(
  options: CodeInterpreterOptions = {},
  /** Makes the interpreter instead (e.g. a remote one); it is closed after the file all the same. */
  create?: () => Promise<CodeInterpreter>,
) {
  return base.extend<{ run: RunCode; interpreter: CodeInterpreter }>({
    interpreter: [
      // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take a destructuring first argument.
      async ({}, use) => {
        const interpreter = create
          ? await create()
          : createCodeInterpreter({ workers: 1, ...options });
        await use(interpreter);
        await interpreter.close();
      },
      { scope: 'file' },
    ],
    run: async ({ interpreter }, use) => {
      await use((language, code, extra = {}) => interpreter.run({ language, code, ...extra }));
    },
  });
}
