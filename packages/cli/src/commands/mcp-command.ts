import {
  type CodeInterpreter,
  escapeControlCharacters,
  type NetworkPolicy,
} from '@code-interpreter/core';
import {
  HttpAuthRequiredError,
  type HttpMcpServerAuthOptions,
  McpToolServerError,
  type SharedSessionHandles,
  startHttpServer,
  startStdioServer,
} from '@code-interpreter/mcp';
import type { RemoteCodeInterpreter } from '@code-interpreter/remote';
import { exitCodes } from '../exit-codes';
import { readBearerTokens } from '../http-auth/bearer-token-flags';
import { natsSecurityFromFlags } from '../nats/nats-flags';
import { networkPolicyFromFlags, withNetworkFlagNames } from '../network/network-flags';
import type { CodeOptions, McpOptions } from '../parse-cli-arguments';
import {
  readSessionKeyFile,
  sharedSessionHandles,
} from '../shared-sessions/shared-session-handles';
import { startToolServers, type ToolServers } from '../tools-from/start-tool-servers';
import { UsageError } from '../usage-error';
import { connectOrExplain } from './nats-connection-error';

/**
 * `code-interpreter mcp`: serves the MCP server on stdio (until stdin ends) or, with `--http`, on
 * Streamable HTTP (until the process is signalled). With `--tools-from`, first starts those MCP
 * servers and offers their tools to sandboxed code; they are closed when the server is. With
 * `--nats`, the code runs on the sandbox hosts (`code-interpreter host`) answering on those NATS
 * servers instead of in this process; the `--tools-from` servers still run here, and the hosts
 * send the code's tool calls back to this process over NATS.
 * Diagnostics (and the tool servers' stderr) go to stderr only.
 */
export async function mcpCommand(
  command: McpOptions & CodeOptions,
  signal: AbortSignal,
): Promise<number> {
  // Secret header values and tokens are read now, before anything starts: a problem is exit 2.
  const network = networkPolicyFromFlags(command.network, process.env);
  const auth = authFromFlags(command);
  const sessionKey =
    command.sessionKeyFile === undefined ? undefined : readSessionKeyFile(command.sessionKeyFile);
  const toolServers = await startToolServersOrExplain(command.toolsFrom);
  let remote: RemoteCodeInterpreter | undefined;
  try {
    remote = await remoteInterpreterFor(command.nats, command.natsFlags);
    // With --session-key-file: handles are signed and name the session's host, so every front
    // end with the same key and NATS serves them; the hosts end idle sessions.
    const shared =
      remote && sessionKey !== undefined ? sharedSessionHandles(remote, sessionKey) : undefined;
    return await serve(command, signal, toolServers, network, auth, remote, shared);
  } catch (error) {
    throw withNetworkFlagNames(error, command.network);
  } finally {
    await remote?.close();
    await toolServers?.close();
  }
}

/**
 * With `--nats`: a `createRemoteCodeInterpreter` over those servers (it waits until a sandbox host
 * reports its capabilities). Loaded on demand, so a local `mcp` does not load the NATS client.
 */
async function remoteInterpreterFor(
  servers: readonly string[] | undefined,
  natsFlags: McpOptions['natsFlags'],
): Promise<RemoteCodeInterpreter | undefined> {
  if (servers === undefined) return undefined;
  const natsSecurity = natsSecurityFromFlags(natsFlags, process.env);
  const { createRemoteCodeInterpreter } = await import('@code-interpreter/remote');
  return connectOrExplain(servers, () =>
    createRemoteCodeInterpreter({ servers: [...servers], ...natsSecurity }),
  );
}

async function serve(
  command: McpOptions & CodeOptions,
  signal: AbortSignal,
  toolServers: ToolServers | undefined,
  network: NetworkPolicy | undefined,
  auth: HttpMcpServerAuthOptions | undefined,
  remote: CodeInterpreter | undefined,
  shared: SharedSessionHandles | undefined,
): Promise<number> {
  // The hosts hold the interpreter's own options (limits, runtime, network): the parser refuses
  // them with --nats; only the languages offered narrow here. The tools are the same either way:
  // the runner gives them to each run, and a remote run sends the code's calls back here.
  const options = {
    ...(remote ? { interpreter: remote } : {}),
    ...(network ? { network } : {}),
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
    ...(toolServers ? { tools: toolServers.tools } : {}),
  };
  if (command.http) {
    let server: Awaited<ReturnType<typeof startHttpServer>>;
    try {
      server = await startHttpServer({
        ...options,
        port: command.port,
        host: command.host,
        ...(auth ? { auth } : {}),
        ...(shared ? { sessionHandles: { shared } } : {}),
      });
    } catch (error) {
      if (HttpAuthRequiredError.isInstance(error)) {
        throw new UsageError(
          `Refusing to serve on ${command.host} without authentication: anyone who reaches the port could run code. Add --tokens-file <path> or --token-env <VAR>, or keep --host 127.0.0.1.`,
        );
      }
      // A port in use or not permitted is the command line's to fix: exit 2, with the fix.
      const code = (error as { code?: string }).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        throw new UsageError((error as Error).message);
      }
      throw error;
    }
    const count = Array.isArray(auth?.tokens) ? auth.tokens.length : 0;
    const guarded = auth ? `, bearer token required (${count} accepted)` : '';
    const fleet = command.nats
      ? `, code runs on the sandbox hosts of NATS ${command.nats.join(', ')}`
      : '';
    const handles = shared ? ', session handles shared by front ends with the same key' : '';
    process.stderr.write(
      `MCP server (Streamable HTTP) listening on ${server.url}${guarded}${fleet}${handles}\n`,
    );
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

/** The server's `auth` from `--tokens-file`/`--token-env` and the flags that go with them. */
function authFromFlags(command: McpOptions): HttpMcpServerAuthOptions | undefined {
  const tokens = readBearerTokens(command, process.env);
  if (!tokens) return undefined;
  return {
    tokens,
    authorizationServers: command.authorizationServers,
    ...(command.resourceUrl === undefined ? {} : { resourceUrl: command.resourceUrl }),
    ...(command.maxConcurrentRunsPerToken === undefined
      ? {}
      : { maxConcurrentRunsPerToken: command.maxConcurrentRunsPerToken }),
    ...(command.maxRunsPerMinutePerToken === undefined
      ? {}
      : { maxRunsPerMinutePerToken: command.maxRunsPerMinutePerToken }),
  };
}

/**
 * Starts the `--tools-from` servers; one that cannot be used is the command line's to fix (exit
 * 2), with what the server said. Their stderr is passed on, each line marked with its server.
 */
async function startToolServersOrExplain(
  commandLines: readonly string[],
): Promise<ToolServers | undefined> {
  if (commandLines.length === 0) return undefined;
  const atLineStart = new Map<string, boolean>();
  try {
    return await startToolServers(commandLines, (commandLine, text) => {
      const prefix = `[${escapeControlCharacters(commandLine)}] `;
      let marked = atLineStart.get(commandLine) === false ? '' : prefix;
      marked += escapeControlCharacters(text.replace(/\n(?=.)/gs, `\n${prefix}`));
      atLineStart.set(commandLine, text.endsWith('\n'));
      process.stderr.write(marked);
    });
  } catch (error) {
    if (McpToolServerError.isInstance(error)) throw new UsageError(error.message);
    throw error;
  }
}
