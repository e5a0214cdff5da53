import { describe, expect, it } from 'vitest';
import { codeExecutionSchema } from './code-execution-schema';

describe('codeExecutionSchema', () => {
  it('accepts the seed fields and trims code', () => {
    expect(
      codeExecutionSchema.parse({
        language: 'python',
        code: '  print(1)\n',
        timeout: 100,
        memoryLimit: 512,
      }),
    ).toEqual({
      language: 'python',
      code: 'print(1)',
      timeout: 100,
      memoryLimit: 512,
    });
  });

  it.each([
    [{ language: 'ruby', code: '1' }, 'language'],
    [{ language: 'javascript', code: ' \n ' }, 'code'],
    [{ language: 'javascript', code: 'x'.repeat(100_001) }, 'code'],
    [{ language: 'javascript', code: '1', timeout: 99 }, 'timeout'],
    [{ language: 'javascript', code: '1', timeout: 30_001 }, 'timeout'],
    [{ language: 'javascript', code: '1', memoryLimit: 7 }, 'memoryLimit'],
    [{ language: 'javascript', code: '1', memoryLimit: 513 }, 'memoryLimit'],
    [{ language: 'javascript', code: '1', timeout: 1.5 }, 'timeout'],
  ])('rejects %j at %s', (input, field) => {
    const parsed = codeExecutionSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual([field]);
  });

  it('describes every field for models', () => {
    const shape = codeExecutionSchema.shape;
    for (const field of Object.values(shape)) expect(field.description).toBeTruthy();
  });
});
