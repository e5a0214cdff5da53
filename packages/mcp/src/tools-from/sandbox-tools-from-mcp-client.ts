import type { SandboxTools } from '@code-interpreter/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { fromCallToolResult } from './from-call-tool-result';

/** Options of {@link sandboxToolsFromMcpClient}. */
export interface SandboxToolsFromMcpClientOptions {
  /**
   * Which of the server's tools to offer, by the name it publishes.
   * @default every tool the server lists
   */
  include?: (tool: Tool) => boolean;
  /**
   * Options of the `tools/list` requests (a `timeout` or `signal` for a slow server).
   * @default the SDK's (60 s timeout)
   */
  requestOptions?: RequestOptions;
}

/**
 * The tools of a connected MCP server as tools sandboxed code can call, for
 * `createCodeInterpreterMcpServer({ tools })` or core's `createCodeInterpreter({ tools })`. Each
 * keeps the name the server publishes, its description and its input (and output) JSON Schema;
 * a call is checked against the schema, then made with `client.callTool` (cancelled when the run
 * ends). The code gets the answer's `structuredContent` when it has one, else its text (parsed
 * when it is JSON), else its content items; an `isError` answer fails the call with its text.
 * Lists every page of the server's tools once, now: tools it adds later are not offered.
 *
 * @example
 * ```ts
 * const client = new Client({ name: 'my-app', version: '1.0.0' });
 * await client.connect(new StdioClientTransport({ command: 'npx', args: ['-y', 'some-mcp-server'] }));
 * const server = createCodeInterpreterMcpServer({ tools: await sandboxToolsFromMcpClient(client) });
 * ```
 */
export async function sandboxToolsFromMcpClient(
  client: Client,
  options: SandboxToolsFromMcpClientOptions = {},
): Promise<SandboxTools> {
  const listed: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(
      cursor === undefined ? undefined : { cursor },
      options.requestOptions,
    );
    listed.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);

  const tools: SandboxTools = {};
  for (const tool of listed) {
    if (options.include && !options.include(tool)) continue;
    const description = tool.description ?? tool.title ?? tool.annotations?.title;
    tools[tool.name] = {
      ...(description ? { description } : {}),
      inputSchema: tool.inputSchema,
      ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
      async execute(input, { signal }) {
        const result = await client.callTool(
          { name: tool.name, arguments: input as Record<string, unknown> },
          undefined,
          { signal },
        );
        return fromCallToolResult(result as Parameters<typeof fromCallToolResult>[0]);
      },
    };
  }
  return tools;
}
