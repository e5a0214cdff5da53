export {
  CodeInterpreterTool,
  type CodeInterpreterToolResponse,
  codeInterpreterOutputEvent,
  createCodeInterpreterTool,
} from './code-interpreter-tool';
export type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
export {
  type CodeInterpreterImageBlock,
  type CodeInterpreterTextBlock,
  toContentBlocks,
} from './to-content-blocks';
