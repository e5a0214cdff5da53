export type {
  CodeInterpreterMcpServerOptions,
  McpServerLogger,
} from './code-interpreter-mcp-server-options';
export { createCodeInterpreterMcpServer } from './create-code-interpreter-mcp-server';
export type {
  BearerTokenVerifier,
  HttpMcpServerAuthOptions,
} from './http-auth/http-auth-options';
export { HttpAuthRequiredError } from './http-auth/http-auth-required-error';
export { type RunCodeOutput, runCodeOutputSchema } from './run-code-output';
export type {
  SessionHandleOptions,
  SharedSessionHandles,
} from './session-handles/session-handle-options';
export {
  type HttpMcpServer,
  type HttpMcpServerOptions,
  startHttpServer,
} from './start-http-server';
export { type StdioMcpServer, startStdioServer } from './start-stdio-server';
export { type ToCallToolResultOptions, toCallToolResult } from './to-call-tool-result';
export { McpToolServerError } from './tools-from/mcp-tool-server-error';
export {
  type SandboxToolsFromMcpClientOptions,
  sandboxToolsFromMcpClient,
} from './tools-from/sandbox-tools-from-mcp-client';
export {
  type McpToolServer,
  type McpToolServerOptions,
  startMcpToolServer,
} from './tools-from/start-mcp-tool-server';
