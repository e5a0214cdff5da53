import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CodeInterpreterMcpServerOptions } from './code-interpreter-mcp-server-options';
import { createReleasableMcpServer } from './create-code-interpreter-mcp-server';

/** A running stdio MCP server. */
export interface StdioMcpServer {
  server: McpServer;
  /** Resolves once the server has closed and freed its sandboxes (after `close()` or end of stdin). */
  closed: Promise<void>;
  /** Closes the server and frees its sandboxes and, when owned, the interpreter. Idempotent. */
  close(): Promise<void>;
}

/**
 * Serves the code interpreter over stdio (one MCP session: the client that started the process).
 * Closes by itself when stdin ends. Diagnostics go to stderr; stdout carries only the protocol.
 *
 * @example
 * ```ts
 * const { closed } = await startStdioServer({ python: 'pyodide' });
 * await closed;
 * ```
 */
export async function startStdioServer(
  options: CodeInterpreterMcpServerOptions = {},
): Promise<StdioMcpServer> {
  const { server, release } = createReleasableMcpServer(options);
  const transport = new StdioServerTransport();
  let closing: Promise<void> | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const close = () => {
    closing ??= (async () => {
      process.stdin.off('end', onEnd);
      try {
        await server.close();
      } finally {
        await release();
        resolveClosed();
      }
    })();
    return closing;
  };
  const onEnd = () => void close();
  process.stdin.on('end', onEnd);
  await server.connect(transport);
  return { server, closed, close };
}
