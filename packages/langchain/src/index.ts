export {
  CodeInterpreterTool,
  type CodeInterpreterToolResponse,
  codeInterpreterOutputEvent,
  createCodeInterpreterTool,
} from './code-interpreter-tool';
export type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
export { type ToSandboxToolsOptions, toSandboxTools } from './code-mode/to-sandbox-tools';
export {
  CodeInterpreterSandbox,
  type CodeInterpreterSandboxDownloadResponse,
  type CodeInterpreterSandboxUploadResponse,
} from './sandbox/code-interpreter-sandbox';
export type { CodeInterpreterSandboxOptions } from './sandbox/code-interpreter-sandbox-options';
export {
  SandboxBackendError,
  type SandboxBackendErrorCode,
} from './sandbox/sandbox-backend-error';
export {
  type CodeInterpreterImageBlock,
  type CodeInterpreterTextBlock,
  toContentBlocks,
} from './to-content-blocks';
