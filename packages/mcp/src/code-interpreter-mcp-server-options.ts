import type { CodeInterpreterToolRunnerOptions, SandboxTools } from '@code-interpreter/core';
import type { SessionHandleOptions } from './session-handles/session-handle-options';

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
   * Keep state (variables, functions, imports) across the tool calls of one MCP session (calls
   * without a `session` handle). Each MCP session gets its own interpreter session; nothing is
   * shared between MCP sessions. MCP 2026-07-28 removed protocol sessions: clients of it keep
   * state with `sessionHandles` instead.
   * @default true
   */
  session?: boolean;
  /**
   * Sessions as handles, the MCP 2026-07-28 way to keep state across calls: tools `new_session`
   * (mints a handle) and `close_session`, and a `session` argument on `run_code`. A session ends
   * after `idleTimeoutMs` without a call (the descriptions say so); a call naming an ended or
   * unknown session is a tool error telling the model to start a new one. With authentication, a
   * handle works only for the token that minted it. `false` removes the tools and the argument.
   * @default {} (on: 30 minutes idle, at most 50 open)
   */
  sessionHandles?: SessionHandleOptions | false;
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
