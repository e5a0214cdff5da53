import type { SandboxTools } from '@code-interpreter/core';
import { type McpToolServer, McpToolServerError, startMcpToolServer } from '@code-interpreter/mcp';
import { splitCommandLine } from './split-command-line';

/** The MCP servers of `--tools-from`, started, with their tools together. */
export interface ToolServers {
  /** Every server's tools, by the names they publish. */
  tools: SandboxTools;
  /** Ends every server's process. */
  close(): Promise<void>;
}

/**
 * Starts the MCP server of each `--tools-from` command line (all at once) and puts their tools
 * together. If one cannot be used, or two publish a tool of the same name, the others are closed
 * and {@link McpToolServerError} says which and why.
 */
export async function startToolServers(
  commandLines: readonly string[],
  onStderr: (commandLine: string, text: string) => void,
): Promise<ToolServers> {
  const commands = commandLines.map((line) => splitCommandLine(line));
  const started = await Promise.allSettled(
    commands.map(([command = '', ...args], index) =>
      startMcpToolServer({
        command,
        args,
        onStderr: (text) => onStderr(commandLines[index] as string, text),
      }),
    ),
  );
  const servers = started.flatMap((outcome) =>
    outcome.status === 'fulfilled' ? [outcome.value] : [],
  );
  const close = async () => {
    await Promise.all(servers.map((server) => server.close()));
  };
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  const tools: SandboxTools = {};
  const owner = new Map<string, McpToolServer>();
  for (const server of servers) {
    for (const [name, tool] of Object.entries(server.tools)) {
      const first = owner.get(name);
      if (first) {
        await close();
        throw new McpToolServerError({
          commandLine: server.commandLine,
          message: `Two --tools-from servers publish a tool named '${name}': '${first.commandLine}' and '${server.commandLine}'. Sandboxed code calls tools by name, so give only one of them.`,
        });
      }
      owner.set(name, server);
      tools[name] = tool;
    }
  }
  return { tools, close };
}
