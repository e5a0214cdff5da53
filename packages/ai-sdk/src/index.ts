export type { CodeInterpreterToolOptions } from './code-interpreter-tool-options';
export type {
  CodeInterpreterToolOutput,
  CodeInterpreterToolProgress,
  CodeInterpreterToolResult,
} from './code-interpreter-tool-output';
export {
  type CodeModeTool,
  type CodeModeToolOptions,
  createCodeModeTool,
} from './code-mode/create-code-mode-tool';
export { type ToSandboxToolsOptions, toSandboxTools } from './code-mode/to-sandbox-tools';
export {
  type CodeInterpreterTool,
  createCodeInterpreterTool,
} from './create-code-interpreter-tool';
export {
  type CodeInterpreterNetworkSandboxSession,
  type CodeInterpreterSandboxProvider,
  type CodeInterpreterSandboxSettings,
  createCodeInterpreterSandbox,
} from './sandbox/create-code-interpreter-sandbox';
export {
  type CodeInterpreterSandboxSession,
  createSandboxSession,
} from './sandbox/create-sandbox-session';
export type { SandboxNetworkPolicy } from './sandbox/sandbox-network-policy';
export type { WritableSandboxProcess } from './sandbox/sandbox-process';
export type { CodeInterpreterSandboxSessionOptions } from './sandbox/sandbox-session-options';
export { toModelOutput } from './to-model-output';
