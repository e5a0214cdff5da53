import type { SandboxTools } from '@code-interpreter/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { version as packageVersion } from '../../package.json';
import type { McpServerLogger } from '../code-interpreter-mcp-server-options';
import { stderrLogger } from '../stderr-logger';
import { McpToolServerError } from './mcp-tool-server-error';
import {
  type SandboxToolsFromMcpClientOptions,
  sandboxToolsFromMcpClient,
} from './sandbox-tools-from-mcp-client';

/** Most characters kept of what the server wrote to stderr, for a startup error's message. */
const maxStderrTail = 2000;

/** Options of {@link startMcpToolServer}. */
export interface McpToolServerOptions extends SandboxToolsFromMcpClientOptions {
  /** The program that starts the MCP server (run without a shell, looked up on PATH). */
  command: string;
  /**
   * Its arguments.
   * @default []
   */
  args?: readonly string[];
  /**
   * Its working directory.
   * @default the current one
   */
  cwd?: string;
  /**
   * Its environment. The server is a program of yours, started as a shell would start it, so it
   * inherits this process's environment unless you give one.
   * @default process.env
   */
  env?: Record<string, string | undefined>;
  /**
   * Most milliseconds the server may take to start and list its tools.
   * @default 30000
   */
  startupTimeoutMs?: number;
  /**
   * Receives what the server writes to stderr (its logs), chunk by chunk.
   * @default writes it to this process's stderr
   */
  onStderr?: (text: string) => void;
  /**
   * Receives this connection's diagnostics (the server exiting while in use).
   * @default writes `[code-interpreter] message` lines to stderr
   */
  log?: McpServerLogger;
}

/** A running MCP server whose tools sandboxed code may call. */
export interface McpToolServer {
  /** The command line that started it (for messages). */
  readonly commandLine: string;
  /** The SDK client connected to it. */
  readonly client: Client;
  /** Its tools, for `createCodeInterpreterMcpServer({ tools })` or `createCodeInterpreter({ tools })`. */
  readonly tools: SandboxTools;
  /** Closes the connection and ends the server's process (stdin closed, then SIGTERM, then SIGKILL). Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts an MCP server as a child process over stdio with the SDK's client, and lists its tools
 * as tools sandboxed code can call (see `sandboxToolsFromMcpClient`). Throws
 * {@link McpToolServerError} when the server cannot be used: its command is not found, it exits
 * or does not answer in time, its tools cannot be listed; the message quotes the end of what it
 * wrote to stderr. Close it when done: its process lives until then.
 *
 * @example
 * ```ts
 * const github = await startMcpToolServer({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] });
 * const server = await startStdioServer({ tools: github.tools });
 * await server.closed;
 * await github.close();
 * ```
 */
export async function startMcpToolServer(options: McpToolServerOptions): Promise<McpToolServer> {
  const {
    command,
    args = [],
    cwd,
    env = process.env,
    startupTimeoutMs = 30_000,
    onStderr = (text) => process.stderr.write(text),
    log = stderrLogger,
    include,
  } = options;
  const commandLine = [command, ...args].map(quoteIfNeeded).join(' ');
  const transport = new StdioClientTransport({
    command,
    args: [...args],
    env: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    stderr: 'pipe',
    ...(cwd === undefined ? {} : { cwd }),
  });
  let stderrTail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderrTail = (stderrTail + text).slice(-maxStderrTail);
    onStderr(text);
  });
  const client = new Client({ name: 'code-interpreter', version: packageVersion });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= client.close().catch(() => {});
    return closing;
  };

  const deadline = AbortSignal.timeout(startupTimeoutMs);
  let tools: SandboxTools;
  try {
    await client.connect(transport, { signal: deadline, timeout: startupTimeoutMs });
    tools = await sandboxToolsFromMcpClient(client, {
      ...(include ? { include } : {}),
      requestOptions: { signal: deadline, timeout: startupTimeoutMs },
    });
  } catch (error) {
    await close();
    // What the server wrote last reaches the pipe before its end: give it that moment.
    await new Promise((resolve) => setImmediate(resolve));
    throw new McpToolServerError({
      commandLine,
      message: startupFailure(
        commandLine,
        command,
        error,
        deadline.aborted,
        startupTimeoutMs,
        stderrTail,
      ),
      cause: error,
    });
  }
  client.onclose = () => {
    if (!closing) {
      log('warn', `The MCP tool server '${commandLine}' exited: calls to its tools will fail.`);
    }
  };
  return { commandLine, client, tools, close };
}

function startupFailure(
  commandLine: string,
  command: string,
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  stderrTail: string,
): string {
  const code = (error as { code?: unknown }).code;
  let what: string;
  if (code === 'ENOENT') {
    what = `'${command}' was not found (it is run without a shell: give a program on PATH or a path to one)`;
  } else if (code === 'EACCES') {
    what = `'${command}' is not executable`;
  } else if (timedOut) {
    what = `it did not start and list its tools within ${timeoutMs} ms`;
  } else if (/connection closed/i.test(String((error as Error).message))) {
    what = 'it exited before it answered (is it an MCP server speaking stdio?)';
  } else {
    what = (error as Error).message ?? String(error);
  }
  const tail = stderrTail.trim();
  const said = tail ? `\nIts stderr ended with:\n${tail}` : '';
  return `The MCP tool server '${commandLine}' could not be used: ${what}.${said}`;
}

function quoteIfNeeded(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
