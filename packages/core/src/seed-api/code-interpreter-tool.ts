import type { ExecutionResult } from '../result/execution-result';
import { type CodeExecutionInput, codeExecutionSchema } from '../schema/code-execution-schema';
import { executeCode } from './execute-code';

/**
 * The seed's framework-neutral tool object: `name`, `description`, `parameters` (the shared Zod
 * schema) and `execute`. For the AI SDK, LangChain or MCP use the adapter packages instead.
 */
export const codeInterpreterTool = {
  name: 'code_interpreter',
  description:
    'Run JavaScript, TypeScript or Python in an isolated sandbox (no network, no host files) and get back printed output, the value of the last expression, and errors with line numbers.',
  parameters: codeExecutionSchema,
  execute: (input: CodeExecutionInput): Promise<ExecutionResult> => executeCode(input),
} as const;
