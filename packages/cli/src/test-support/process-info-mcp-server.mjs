// A small MCP server over stdio for the `mcp --nats --tools-from` tests: one tool that answers with
// the id of the process it runs in and of that process's parent, so a test can tell which process
// started the server the code's tool calls reached. Run it with `node process-info-mcp-server.mjs`.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'process-info', version: '1.0.0' });

server.registerTool(
  'process_info',
  {
    description: 'The process id of this tool server and of the process that started it.',
    inputSchema: {},
  },
  async () => ({
    content: [{ type: 'text', text: JSON.stringify({ pid: process.pid, ppid: process.ppid }) }],
  }),
);

await server.connect(new StdioServerTransport());
process.stderr.write(`process-info server ready (pid ${process.pid})\n`);
