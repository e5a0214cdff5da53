export type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
export type {
  CodeInterpreterToolOutput,
  CodeInterpreterToolProgress,
  CodeInterpreterToolResult,
} from './code-interpreter-tool-output';
export {
  type CodeInterpreterTool,
  createCodeInterpreterTool,
} from './create-code-interpreter-tool';
export { toModelOutput } from './to-model-output';
