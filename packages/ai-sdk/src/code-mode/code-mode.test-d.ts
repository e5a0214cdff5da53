import type { CodeExecutionInput, SandboxTools } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { generateText, type LanguageModel, type Tool, tool } from 'ai';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { CodeInterpreterToolOutput } from '../code-interpreter-tool-output';
import { createCodeInterpreterTool } from '../create-code-interpreter-tool';
import { createCodeModeTool } from './create-code-mode-tool';
import { toSandboxTools } from './to-sandbox-tools';

const getInventory = tool({
  inputSchema: z.object({ productId: z.string() }),
  execute: async ({ productId }) => ({ productId, units: 1 }),
});
declare const model: LanguageModel;

describe('code mode types', () => {
  it('the code interpreter tool is a caller experimental_toolCallers accepts; other tools are not', () => {
    const runCode = createCodeInterpreterTool();
    generateText({
      model,
      prompt: 'x',
      tools: { runCode, getInventory },
      experimental_toolCallers: { getInventory: ['runCode', 'AI_SDK_DIRECT_TOOL_CALL'] },
    });
    generateText({
      model,
      prompt: 'x',
      tools: { runCode, getInventory },
      // @ts-expect-error getInventory is not a tool caller
      experimental_toolCallers: { runCode: ['getInventory'] },
    });
  });

  it('createCodeModeTool is a code tool that takes AI SDK tools and the tool options', () => {
    const runCode = createCodeModeTool({
      tools: { getInventory },
      interpreter: new MockCodeInterpreter(),
      session: true,
      toolLimits: { maxCalls: 50 },
    });
    expectTypeOf(runCode).toExtend<Tool<CodeExecutionInput, CodeInterpreterToolOutput>>();
    expectTypeOf(runCode.close).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(runCode).toExtend<AsyncDisposable>();
    // @ts-expect-error tools are required
    createCodeModeTool({});
    // @ts-expect-error a misspelt option is a type error
    createCodeModeTool({ tools: {}, sesion: true });
  });

  it('toSandboxTools turns a ToolSet into core sandbox tools', () => {
    expectTypeOf(toSandboxTools({ getInventory })).toEqualTypeOf<SandboxTools>();
    toSandboxTools({ getInventory }, { messages: [], context: { tenant: 't1' } });
  });
});
