import type { CodeInterpreterToolRunnerOptions, SandboxTools } from '@code-interpreter/core';

/** Where the server's own diagnostics go. Never stdout: on stdio, stdout carries the protocol. */
export type McpServerLogger = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/**
 * Options of {@link createCodeInterpreterMcpServer}: the interpreter's own options (limits, caps,
 * languages, Python runtime), how the tool uses it (`interpreter`, `description`: see
 * `CodeInterpreterToolRunnerOptions`), the tools code may call (`tools`), and the server's own.
 */
export interface CodeInterpreterMcpServerOptions
  extends Omit<CodeInterpreterToolRunnerOptions, 'tools'> {
  /**
   * Code mode: tools the code `run_code` runs may call (`await tools.name(input)` in JavaScript,
   * `await tools.name(**input)` in Python), so one program makes many calls instead of one model
   * turn each. Core `SandboxTools`: your own functions, or another MCP server's tools
   * (`sandboxToolsFromMcpClient`, `startMcpToolServer`). Their TypeScript declarations and
   * Python stubs are appended to `run_code`'s description, and each result's text ends with a
   * summary of the calls made. Every MCP session's runs get the same tools.
   * @default undefined (no tools)
   */
  tools?: SandboxTools;
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
