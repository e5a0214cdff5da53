import type { CodeInterpreterToolRunnerOptions } from '@code-interpreter/core';

/** Where the server's own diagnostics go. Never stdout: on stdio, stdout carries the protocol. */
export type McpServerLogger = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/**
 * Options of {@link createCodeInterpreterMcpServer}: the interpreter's own options (limits, caps,
 * languages, Python runtime), how the tool uses it (`interpreter`, `description`: see
 * `CodeInterpreterToolRunnerOptions`), and the server's own.
 */
export interface CodeInterpreterMcpServerOptions extends CodeInterpreterToolRunnerOptions {
  /**
   * The server's name, as MCP clients show it.
   * @default 'code-interpreter'
   */
  name?: string;
  /**
   * The server's version, as MCP clients show it.
   * @default the package's version
   */
  version?: string;
  /**
   * Name of the tool that runs code.
   * @default 'run_code'
   */
  toolName?: string;
  /**
   * Keep state (variables, functions, imports) across the tool calls of one MCP session. Each MCP
   * session gets its own interpreter session; nothing is shared between MCP sessions.
   * @default true
   */
  session?: boolean;
  /**
   * Most bytes (decoded) of the files one `run_code` call may upload into the workspace with its
   * `files` argument; 0 removes the argument. Each file is also held to the workspace's limits.
   * @default 10485760 (10 MB)
   */
  maxUploadBytes?: number;
  /**
   * Receives the server's diagnostics (and the interpreter's, when the server creates it).
   * @default writes `[code-interpreter] message` lines to stderr
   */
  log?: McpServerLogger;
}
