import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CodeInterpreterError,
  createCodeInterpreter,
  type ExecutionResult,
} from '../../packages/core/src/index';

/** Random code and random inputs never crash the host: a well-formed result or a clear validation error. */
const interpreter = createCodeInterpreter({
  workers: 2,
  maxTimeoutMs: 1_000,
  maxOutputChars: 5_000,
});
afterAll(() => interpreter.close());

function expectWellFormed(result: ExecutionResult): void {
  // A run succeeds exactly when it has no error; random code never crashes its sandbox.
  expect(result.success).toBe(result.errorInfo === undefined);
  expect(result.success).toBe(result.error === undefined);
  expect(result.errorInfo?.name).not.toBe('SandboxCrashedError');
  expect(typeof result.stdout).toBe('string');
  expect(typeof result.stderr).toBe('string');
  expect(typeof result.executionTime).toBe('number');
  expect(Array.isArray(result.images)).toBe(true);
  if (!result.success) {
    expect(result.error).toBeTypeOf('string');
    expect(result.errorInfo?.name).toBeTypeOf('string');
  }
}

async function runOrValidationError(input: unknown): Promise<void> {
  try {
    expectWellFormed(await interpreter.run(input as never));
  } catch (error) {
    expect(CodeInterpreterError.isInstance(error)).toBe(true);
    expect((error as Error).name).toBe('CodeInterpreterInvalidInputError');
  }
}

const jsFragments = fc.constantFrom(
  '1',
  '"a"',
  'x',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ';',
  '\n',
  'await',
  'async',
  '=>',
  'function',
  'class',
  'let',
  'const',
  'var',
  'return',
  'throw',
  'new',
  'Promise',
  'setTimeout',
  'console.log',
  '+',
  '.',
  ',',
  '?.',
  '`',
  '${',
  '//',
  '/*',
  '*/',
  'import',
  'export',
  'yield',
  'this',
  'null',
  'undefined',
  'Symbol()',
  'while(0)',
  'for(;;)break',
  'try{}catch{}',
  'delete',
  'typeof',
  'void',
  'eval',
  '\\u{1F600}',
  '\uD800',
);

describe('property: hostile and random inputs', () => {
  it('random strings as JavaScript and TypeScript', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('javascript', 'typescript'),
        fc.string({ minLength: 1, maxLength: 200 }),
        async (language, code) => {
          await runOrValidationError({ language, code, timeout: 500 });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('random token soups as JavaScript', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsFragments, { minLength: 1, maxLength: 40 }), async (tokens) => {
        await runOrValidationError({
          language: 'javascript',
          code: tokens.join(' '),
          timeout: 500,
        });
      }),
      { numRuns: 80 },
    );
  });

  it('random bytes decoded as code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
        await runOrValidationError({
          language: 'javascript',
          code: Buffer.from(bytes).toString('latin1'),
          timeout: 500,
        });
      }),
      { numRuns: 40 },
    );
  });

  it('random schema inputs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            language: fc.oneof(
              fc.constantFrom('javascript', 'typescript', 'python', 'ruby', ''),
              fc.anything(),
            ),
            code: fc.oneof(fc.constant('1 + 1'), fc.string(), fc.anything()),
            timeout: fc.oneof(fc.integer({ min: -10, max: 40_000 }), fc.double(), fc.anything()),
            memoryLimit: fc.oneof(fc.integer({ min: -10, max: 1_000 }), fc.anything()),
          },
          { requiredKeys: [] },
        ),
        async (input) => {
          await runOrValidationError(input);
        },
      ),
      { numRuns: 80 },
    );
  });
});
