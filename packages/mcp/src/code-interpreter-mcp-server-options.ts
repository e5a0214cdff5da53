import type { CodeInterpreter, CodeInterpreterOptions } from '@code-interpreter/core';

/** Where the server's own diagnostics go. Never stdout: on stdio, stdout carries the protocol. */
export type McpServerLogger = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** Options of {@link createCodeInterpreterMcpServer}. */
export interface CodeInterpreterMcpServerOptions extends CodeInterpreterOptions {
  /**
   * An interpreter to run code with, shared with the rest of the application. The server then does
   * not own it: closing the server leaves it open, and the interpreter options above are not used,
   * except `languages`, which narrows what the tool offers.
   * @default undefined (the server creates its own interpreter and closes it when it closes)
   */
  interpreter?: CodeInterpreter;
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
   * The tool description the model reads.
   * @default describeCodeInterpreter(interpreter.capabilities, { languages, session })
   */
  description?: string;
  /**
   * Receives the server's diagnostics (and the interpreter's, when the server creates it).
   * @default writes `[code-interpreter] message` lines to stderr
   */
  log?: McpServerLogger;
}
