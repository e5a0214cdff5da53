import { startHttpServer, startStdioServer } from '@code-interpreter/mcp';
import { exitCodes } from '../exit-codes';
import type { CodeOptions } from '../parse-cli-arguments';
import { UsageError } from '../usage-error';

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
    let server: Awaited<ReturnType<typeof startHttpServer>>;
    try {
      server = await startHttpServer({ ...options, port: command.port, host: command.host });
    } catch (error) {
      // A port in use or not permitted is the command line's to fix: exit 2, with the fix.
      const code = (error as { code?: string }).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        throw new UsageError((error as Error).message);
      }
      throw error;
    }
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
