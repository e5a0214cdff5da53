import type { SandboxTools } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expectTypeOf, it } from 'vitest';
import { createCodeInterpreterMcpServer } from './create-code-interpreter-mcp-server';
import { type HttpMcpServer, startHttpServer } from './start-http-server';
import { sandboxToolsFromMcpClient } from './tools-from/sandbox-tools-from-mcp-client';
import { type McpToolServer, startMcpToolServer } from './tools-from/start-mcp-tool-server';

// The public types users write code against, checked against the installed MCP SDK.
describe('MCP server types', () => {
  it('createCodeInterpreterMcpServer returns the SDK McpServer, to connect to any transport', () => {
    expectTypeOf(createCodeInterpreterMcpServer).returns.toEqualTypeOf<McpServer>();
    expectTypeOf<McpServer['connect']>().toBeFunction();
  });

  it('takes an interpreter (a mock included), a logger and the interpreter options; refuses unknown keys', () => {
    createCodeInterpreterMcpServer({
      interpreter: new MockCodeInterpreter(),
      toolName: 'python',
      log: (level, message) => {
        expectTypeOf(level).toEqualTypeOf<'debug' | 'info' | 'warn' | 'error'>();
        expectTypeOf(message).toBeString();
      },
    });
    // @ts-expect-error a misspelt option is a type error
    createCodeInterpreterMcpServer({ tolName: 'x' });
  });

  it('startHttpServer resolves to a server with its url and close', () => {
    expectTypeOf(startHttpServer).returns.resolves.toEqualTypeOf<HttpMcpServer>();
    expectTypeOf<HttpMcpServer['close']>().returns.toEqualTypeOf<Promise<void>>();
  });

  it('takes SandboxTools as tools, such as another MCP server’s', () => {
    expectTypeOf(sandboxToolsFromMcpClient).parameter(0).toEqualTypeOf<Client>();
    expectTypeOf(sandboxToolsFromMcpClient).returns.resolves.toEqualTypeOf<SandboxTools>();
    expectTypeOf(startMcpToolServer).returns.resolves.toEqualTypeOf<McpToolServer>();
    expectTypeOf<McpToolServer['tools']>().toEqualTypeOf<SandboxTools>();
    createCodeInterpreterMcpServer({
      tools: {
        get_price: {
          inputSchema: { type: 'object', properties: { item: { type: 'string' } } },
          execute: async (input: { item: string }) => input.item.length,
        },
      },
    });
    // @ts-expect-error a tool needs an inputSchema
    createCodeInterpreterMcpServer({ tools: { get_price: { execute: () => 1 } } });
  });
});
