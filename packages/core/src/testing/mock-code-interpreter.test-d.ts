import { describe, expectTypeOf, it } from 'vitest';
import type { CodeInterpreter, CodeInterpreterSession } from '../interpreter/code-interpreter';
import type { ExecutionErrorName, ExecutionResult } from '../result/execution-result';
import { MockCodeInterpreter } from './mock-code-interpreter';

describe('test kit and result types', () => {
  it('MockCodeInterpreter is a CodeInterpreter, its sessions CodeInterpreterSessions', () => {
    const interpreter = new MockCodeInterpreter();
    expectTypeOf(interpreter).toExtend<CodeInterpreter>();
    expectTypeOf(interpreter.createSession()).toExtend<CodeInterpreterSession>();
  });

  it('scripts results as result fields, or a function of the call', () => {
    new MockCodeInterpreter({ run: { stdout: 'x', images: [] } });
    new MockCodeInterpreter({
      run: [{ value: '1' }, async (call) => ({ value: call.request.code })],
    });
    // @ts-expect-error stdout is a string
    new MockCodeInterpreter({ run: { stdout: 1 } });
  });

  it('names the errors the interpreter gives, and still takes any exception name', () => {
    expectTypeOf<'TimeoutError'>().toExtend<ExecutionErrorName>();
    expectTypeOf<'ZeroDivisionError'>().toExtend<ExecutionErrorName>();
    expectTypeOf<
      NonNullable<ExecutionResult['errorInfo']>['name']
    >().toEqualTypeOf<ExecutionErrorName>();
  });
});
