import type { CodeExecutionInput, CodeInterpreter, ExecutionResult } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import {
  generateText,
  type InferToolInput,
  type InferToolOutput,
  streamText,
  type Tool,
  type ToolSet,
} from 'ai';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  CodeInterpreterToolOutput,
  CodeInterpreterToolResult,
} from './code-interpreter-tool-output';
import {
  type CodeInterpreterTool,
  createCodeInterpreterTool,
} from './create-code-interpreter-tool';

// The public types users write code against, checked against the installed `ai`: a 7.x release
// that changes Tool, ToolSet or the inference helpers fails here, not in users' builds.
describe('createCodeInterpreterTool types', () => {
  const runCode = createCodeInterpreterTool();

  it('is an AI SDK Tool from CodeExecutionInput to the tool output union', () => {
    expectTypeOf(runCode).toExtend<Tool<CodeExecutionInput, CodeInterpreterToolOutput>>();
    expectTypeOf<InferToolInput<CodeInterpreterTool>>().toEqualTypeOf<CodeExecutionInput>();
    expectTypeOf<InferToolOutput<CodeInterpreterTool>>().toEqualTypeOf<CodeInterpreterToolOutput>();
  });

  it('fits a ToolSet and the tools of generateText and streamText', () => {
    expectTypeOf({ runCode }).toExtend<ToolSet>();
    expectTypeOf(generateText<{ runCode: CodeInterpreterTool }>).toBeFunction();
    expectTypeOf(streamText<{ runCode: CodeInterpreterTool }>).toBeFunction();
  });

  it('narrows the output on status: the final result is an ExecutionResult', () => {
    const output = {} as CodeInterpreterToolOutput;
    if (output.status === 'completed') {
      expectTypeOf(output).toEqualTypeOf<CodeInterpreterToolResult>();
      expectTypeOf(output).toExtend<ExecutionResult>();
    } else {
      expectTypeOf(output.stdout).toBeString();
      // @ts-expect-error a preliminary result has no value yet
      output.value;
    }
  });

  it('exposes its interpreter and close, and is async-disposable', () => {
    expectTypeOf(runCode.interpreter).toEqualTypeOf<CodeInterpreter>();
    expectTypeOf(runCode.close).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(runCode).toExtend<AsyncDisposable>();
  });

  it('takes an interpreter (a mock included) and the interpreter options, and refuses unknown keys', () => {
    createCodeInterpreterTool({ interpreter: new MockCodeInterpreter(), session: true });
    createCodeInterpreterTool({ languages: ['python'], python: 'native', maxTimeoutMs: 10_000 });
    // @ts-expect-error a misspelt option is a type error
    createCodeInterpreterTool({ sesion: true });
    // @ts-expect-error languages are the supported ones only
    createCodeInterpreterTool({ languages: ['ruby'] });
  });
});
