import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CodeInterpreterMcpServerOptions } from '../code-interpreter-mcp-server-options';
import { createCodeInterpreterMcpServer } from '../create-code-interpreter-mcp-server';

/** A client connected to a fresh server over an in-memory transport; `close` closes both ends. */
export async function connectClient(options: CodeInterpreterMcpServerOptions) {
  const server = createCodeInterpreterMcpServer({ log: () => {}, ...options });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return { client, close: () => client.close() };
}
