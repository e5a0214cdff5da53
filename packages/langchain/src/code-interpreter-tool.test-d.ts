import type {
  CodeExecutionInput,
  CodeInterpreter,
  ExecutionResult,
  SandboxTools,
} from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import type { ToolMessage } from '@langchain/core/messages';
import { type StructuredToolInterface, tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  CodeInterpreterTool,
  type CodeInterpreterToolResponse,
  createCodeInterpreterTool,
} from './code-interpreter-tool';
import { toSandboxTools } from './code-mode/to-sandbox-tools';

// The public types users write code against, checked against the installed @langchain/core and
// langchain: a release that changes StructuredTool or createAgent's tools fails here first.
describe('CodeInterpreterTool types', () => {
  const runCode = createCodeInterpreterTool();

  it('is a StructuredTool that createAgent accepts', () => {
    expectTypeOf(runCode).toEqualTypeOf<CodeInterpreterTool>();
    expectTypeOf(runCode).toExtend<StructuredToolInterface>();
    expectTypeOf(createAgent).parameter(0).toHaveProperty('tools');
    createAgent({ model: 'openai:gpt-5', tools: [runCode] });
  });

  it('takes CodeExecutionInput and answers [content, artifact] with the ExecutionResult as artifact', () => {
    expectTypeOf(runCode.invoke).parameter(0).toExtend<CodeExecutionInput | ToolMessage | object>();
    expectTypeOf<CodeInterpreterToolResponse[1]>().toEqualTypeOf<ExecutionResult>();
  });

  it('exposes its interpreter and close, and is async-disposable', () => {
    expectTypeOf(runCode.interpreter).toEqualTypeOf<CodeInterpreter>();
    expectTypeOf(runCode.close).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(runCode).toExtend<AsyncDisposable>();
  });

  it('takes an interpreter (a mock included) and refuses unknown keys', () => {
    new CodeInterpreterTool({ interpreter: new MockCodeInterpreter(), session: true });
    // @ts-expect-error a misspelt option is a type error
    createCodeInterpreterTool({ sesion: true });
  });

  it('takes LangChain tools or SandboxTools as tools (code mode)', () => {
    const getPrice = tool(async ({ item }) => item, {
      name: 'get_price',
      description: 'Price.',
      schema: z.object({ item: z.string() }),
    });
    createCodeInterpreterTool({ tools: [getPrice] });
    createCodeInterpreterTool({ tools: toSandboxTools([getPrice]) });
    expectTypeOf(toSandboxTools).returns.toEqualTypeOf<SandboxTools>();
    // @ts-expect-error a tool list holds LangChain tools
    createCodeInterpreterTool({ tools: [{ name: 'x' }] });
  });
});
