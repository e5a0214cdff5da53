export {
  escapeControlCharacters,
  terminalControlCharacters,
} from './display/escape-control-characters';
export { CodeInterpreterError } from './errors/code-interpreter-error';
export { InterpreterClosedError } from './errors/interpreter-closed-error';
export { type InputIssue, InvalidInputError } from './errors/invalid-input-error';
export { RunAbortedError } from './errors/run-aborted-error';
export { RuntimeUnavailableError } from './errors/runtime-unavailable-error';
export { SandboxError } from './errors/sandbox-error';
export { WorkspaceError, type WorkspaceErrorCode } from './errors/workspace-error';
export type {
  CodeInterpreter,
  CodeInterpreterCapabilities,
  CodeInterpreterSession,
} from './interpreter/code-interpreter';
export type {
  CodeInterpreterOptions,
  NativePythonOptions,
  RunOptions,
  SessionOptions,
} from './interpreter/code-interpreter-options';
export { createCodeInterpreter } from './interpreter/create-code-interpreter';
export {
  type DescribeCodeInterpreterOptions,
  describeCodeInterpreter,
} from './model/describe-code-interpreter';
export {
  type FormatResultForModelOptions,
  formatResultForModel,
} from './model/format-result-for-model';
export { summarizeToolCalls } from './model/summarize-tool-calls';
export { describeNetworkPolicy } from './network/describe-network-policy';
export type {
  AiSdkNetworkPolicy,
  NetworkLimits,
  NetworkLookup,
  NetworkPolicy,
  NetworkPolicyOption,
  NetworkSecret,
  ResolvedNetworkPolicy,
} from './network/network-policy';
export { defaultNetworkLimits } from './network/network-policy';
export { resolveNetworkPolicy } from './network/resolve-network-policy';
export type { NetworkRecord } from './network/sandbox-http';
export { composeOutput, summarizeError } from './result/build-execution-result';
export type {
  ExecutionErrorInfo,
  ExecutionErrorName,
  ExecutionImage,
  ExecutionResult,
  OutputChunk,
  SandboxStopErrorName,
  SessionReset,
} from './result/execution-result';
export {
  type CodeExecutionInput,
  type CodeExecutionRequest,
  type CodeExecutionSchemaLimits,
  codeExecutionLimits,
  codeExecutionSchema,
  codeExecutionSchemaFor,
  type SupportedLanguage,
  supportedLanguages,
} from './schema/code-execution-schema';
export { codeInterpreterTool } from './seed-api/code-interpreter-tool';
export {
  type CodeExecutionOptions,
  closeSharedInterpreter,
  executeCode,
} from './seed-api/execute-code';
export type { CommandInput, CommandOptions, CommandResult } from './shell/command';
export {
  type CodeInterpreterToolRunner,
  type CodeInterpreterToolRunnerOptions,
  createCodeInterpreterToolRunner,
} from './tool/code-interpreter-tool-runner';
export {
  type DescribeSandboxToolsOptions,
  describeSandboxTools,
} from './tools/describe-sandbox-tools';
export { checkSandboxTools, mergeSandboxTools } from './tools/merge-sandbox-tools';
export { parseIfJson } from './tools/parse-if-json';
export type {
  JsonSchemaObject,
  SandboxTool,
  SandboxToolExecuteOptions,
  SandboxToolLimits,
  SandboxToolSchema,
  SandboxTools,
  StandardSchemaLike,
  StandardSchemaResult,
  ToolCallRecord,
} from './tools/sandbox-tool';
export {
  pythonToolName,
  pythonToolStubs,
  type ToolDeclarationSource,
  typeScriptToolDeclarations,
} from './tools/tool-declarations';
export { toolErrorMessage } from './tools/tool-error-message';
export { defaultToolLimits } from './tools/tool-limits';
export { toolOutputJson } from './tools/tool-output-json';
export {
  type ResolvedToolSchema,
  type ToolSchemaValidation,
  toolSchemaOf,
} from './tools/tool-schema';
export { validateJsonSchema } from './tools/validate-json-schema';
export type { WorkspaceFileChange } from './workspace/file-change';
export { mediaTypeOf } from './workspace/media-type';
export { workspaceMount } from './workspace/sandbox-path';
export type {
  WorkspaceEntry,
  WorkspaceFileData,
  WorkspaceFiles,
} from './workspace/workspace-files';
export type { WorkspaceLimits } from './workspace/workspace-limits';
export type { WorkspaceOptions } from './workspace/workspace-options';
