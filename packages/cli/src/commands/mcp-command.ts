import { startHttpServer, startStdioServer } from '@code-interpreter/mcp';
import { exitCodes } from '../exit-codes';
import type { CodeOptions } from '../parse-cli-arguments';

/**
 * `code-interpreter mcp`: serves the MCP server on stdio (until stdin ends) or, with `--http`, on
 * Streamable HTTP (until the process is signalled). Diagnostics go to stderr only.
 */
export async function mcpCommand(
  command: { http: boolean; port: number; host: string } & CodeOptions,
  signal: AbortSignal,
): Promise<number> {
  const options = {
    python: command.python,
    languages: command.language ? [command.language] : undefined,
    ...(command.timeoutMs === undefined
      ? {}
      : { maxTimeoutMs: command.timeoutMs, defaultTimeoutMs: command.timeoutMs }),
    ...(command.memoryLimitMb === undefined
      ? {}
      : {
          maxMemoryLimitMb: command.memoryLimitMb,
          defaultMemoryLimitMb: Math.min(128, command.memoryLimitMb),
        }),
  };
  if (command.http) {
    const server = await startHttpServer({ ...options, port: command.port, host: command.host });
    process.stderr.write(`MCP server (Streamable HTTP) listening on ${server.url}\n`);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    return exitCodes.success;
  }
  const server = await startStdioServer(options);
  const onAbort = () => void server.close();
  signal.addEventListener('abort', onAbort, { once: true });
  await server.closed;
  signal.removeEventListener('abort', onAbort);
  return exitCodes.success;
}
