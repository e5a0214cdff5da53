import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCodeInterpreter, createCodeInterpreterToolRunner } from '@code-interpreter/core';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { CodeInterpreterMcpServerOptions } from './code-interpreter-mcp-server-options';
import { createReleasableMcpServer } from './create-code-interpreter-mcp-server';
import { type AuthenticatedCaller, createHttpAuthGate } from './http-auth/http-auth-gate';
import type { HttpMcpServerAuthOptions } from './http-auth/http-auth-options';
import { HttpAuthRequiredError } from './http-auth/http-auth-required-error';
import {
  hostnameOf,
  isLoopback,
  loopbackHosts,
  originHost,
  readJsonBody,
  sendJsonRpcError,
} from './http-request-checks';
import { createSessionHandleRegistry } from './session-handles/session-handle-registry';
import { stderrLogger } from './stderr-logger';

/** Options of {@link startHttpServer}. */
export interface HttpMcpServerOptions extends CodeInterpreterMcpServerOptions {
  /**
   * TCP port to listen on; `0` picks a free one (read it from the returned `port`).
   * @default 3000
   */
  port?: number;
  /**
   * Address to listen on. Beyond loopback (`0.0.0.0`, a LAN address, ...) the server refuses to
   * start without `auth` ({@link HttpAuthRequiredError}): anyone who reached the port could run
   * code. On loopback `auth` is optional.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Who may use the server: bearer tokens (a list or a verify function), the protected-resource
   * metadata MCP clients discover them through, and per-token run quotas. Required when `host` is
   * not a loopback address.
   * @default undefined (no authentication; only allowed on loopback)
   */
  auth?: HttpMcpServerAuthOptions;
  /**
   * URL path of the MCP endpoint.
   * @default '/mcp'
   */
  path?: string;
  /**
   * Host names (without port) accepted in the `Host` header, against DNS rebinding.
   * @default ['localhost', '127.0.0.1', '[::1]'] when `host` is a loopback address, else any
   */
  allowedHosts?: string[];
  /**
   * Most MCP sessions open at once; a new session beyond it is refused with HTTP 503.
   * @default 100
   */
  maxSessions?: number;
  /**
   * An MCP session idle for this long (no request) is closed and its sandboxes freed, in ms.
   * @default 1800000 (30 minutes)
   */
  sessionIdleTimeoutMs?: number;
  /**
   * Largest request body accepted, in bytes.
   * @default 4194304 (4 MiB)
   */
  maxBodyBytes?: number;
}

/** A running Streamable HTTP MCP server. */
export interface HttpMcpServer {
  /** The endpoint's URL, e.g. `http://127.0.0.1:3000/mcp`. */
  url: string;
  /** The port listened on (useful with `port: 0`). */
  port: number;
  /** The underlying `node:http` server. */
  httpServer: Server;
  /** Number of MCP sessions open now. */
  sessionCount(): number;
  /** Closes every session, frees their sandboxes, stops listening and, when owned, closes the interpreter. */
  close(): Promise<void>;
}

interface OpenSession {
  transport: StreamableHTTPServerTransport;
  /** Whose session it is (`quotaKey`, with `auth`): another caller's requests get 404. */
  owner: string | undefined;
  release(): Promise<void>;
  lastSeen: number;
}

/**
 * Serves the code interpreter over MCP Streamable HTTP on `node:http`. Each MCP session (its
 * `mcp-session-id`) gets its own interpreter session, so state persists within a session and never
 * leaks across sessions; all sessions share one interpreter and its worker processes.
 *
 * With `auth`, every request to the endpoint needs `Authorization: Bearer <token>`; a 401 carries
 * `WWW-Authenticate: Bearer resource_metadata="…"`, and the OAuth protected-resource metadata
 * (RFC 9728) is served at `/.well-known/oauth-protected-resource<path>` (and without `<path>`).
 * `run_code` calls beyond a token's quotas get HTTP 429 with `Retry-After`.
 *
 * @throws {HttpAuthRequiredError} when `host` is not loopback and `auth` is not given.
 * @example
 * ```ts
 * const server = await startHttpServer({ port: 3000 });
 * console.error(`MCP endpoint: ${server.url}`);
 * // later: await server.close();
 * ```
 * @example
 * ```ts
 * // On every interface, for clients that hold one of these tokens:
 * const tokens = process.env.MCP_TOKENS?.split(',') ?? [];
 * const server = await startHttpServer({ host: '0.0.0.0', auth: { tokens } });
 * ```
 */
export async function startHttpServer(options: HttpMcpServerOptions = {}): Promise<HttpMcpServer> {
  const {
    port = 3000,
    host = '127.0.0.1',
    path = '/mcp',
    allowedHosts = isLoopback(host) ? loopbackHosts : undefined,
    maxSessions = 100,
    sessionIdleTimeoutMs = 30 * 60_000,
    maxBodyBytes = 4 * 1024 * 1024,
    auth,
    ...serverOptions
  } = options;
  const log = serverOptions.log ?? stderrLogger;
  if (!auth && !isLoopback(host)) throw new HttpAuthRequiredError({ host });
  const gate = auth
    ? createHttpAuthGate({
        auth,
        path,
        resourceName: serverOptions.name ?? 'code-interpreter',
        toolName: serverOptions.toolName ?? 'run_code',
        log,
      })
    : undefined;
  const {
    interpreter: givenInterpreter,
    name: _name,
    version: _version,
    toolName: _toolName,
    session: _session,
    description: _description,
    log: _log,
    maxUploadBytes: _maxUploadBytes,
    sessionHandles: sessionHandleOptions = {},
    ...interpreterOptions
  } = serverOptions;
  const interpreter =
    givenInterpreter ?? createCodeInterpreter({ onLog: log, ...interpreterOptions });
  // Session handles outlive MCP sessions: one registry for every connection of the server.
  const sessionHandles =
    sessionHandleOptions === false
      ? undefined
      : createSessionHandleRegistry(
          interpreter,
          (sessionInterpreter) =>
            createCodeInterpreterToolRunner({
              interpreter: sessionInterpreter,
              session: true,
              ...(serverOptions.languages ? { languages: serverOptions.languages } : {}),
              ...(serverOptions.tools ? { tools: serverOptions.tools } : {}),
            }),
          { ...sessionHandleOptions, log },
        );
  const sessions = new Map<string, OpenSession>();

  const closeSession = async (id: string) => {
    const open = sessions.get(id);
    if (!open) return;
    sessions.delete(id);
    await open.transport.close().catch(() => {});
    await open.release();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const metadata = gate?.metadataPaths.includes(url.pathname) ?? false;
    if (url.pathname !== path && !metadata) {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`Not found: the MCP endpoint is ${path}\n`);
      return;
    }
    if (allowedHosts && !allowedHosts.includes(hostnameOf(req.headers.host ?? ''))) {
      sendJsonRpcError(res, 403, -32000, 'Forbidden: this Host is not allowed.');
      return;
    }
    const origin = req.headers.origin;
    if (origin && allowedHosts && !allowedHosts.includes(hostnameOf(originHost(origin)))) {
      sendJsonRpcError(res, 403, -32000, 'Forbidden: this Origin is not allowed.');
      return;
    }
    if (gate && metadata) {
      gate.serveMetadata(req, res);
      return;
    }
    let caller: AuthenticatedCaller | undefined;
    if (gate) {
      caller = await gate.authenticate(req, res);
      if (!caller) return;
      // The SDK hands it to the tool handlers as `extra.authInfo`.
      (req as IncomingMessage & { auth?: AuthInfo }).auth = caller.authInfo;
    }

    const sessionId = req.headers['mcp-session-id'];
    const open = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if ((sessionId !== undefined && !open) || (open && open.owner !== caller?.quotaKey)) {
      sendJsonRpcError(res, 404, -32001, 'Session not found: start a new MCP session.');
      return;
    }
    if (open) {
      open.lastSeen = Date.now();
      const body = req.method === 'POST' ? await readJsonBody(req, maxBodyBytes) : undefined;
      if (gate && caller && body !== undefined) {
        if (!gate.admitRuns(res, body, caller, sessionId as string)) return;
      }
      await open.transport.handleRequest(req, res, body);
      return;
    }

    if (req.method !== 'POST') {
      sendJsonRpcError(res, 400, -32000, 'Bad request: send an initialize request first.');
      return;
    }
    const body = await readJsonBody(req, maxBodyBytes);
    if (!isInitializeRequest(body)) {
      sendJsonRpcError(
        res,
        400,
        -32000,
        'Bad request: no mcp-session-id and not an initialize request.',
      );
      return;
    }
    if (sessions.size >= maxSessions) {
      sendJsonRpcError(res, 503, -32000, 'Too many MCP sessions open: try again later.');
      return;
    }
    const { server, release } = createReleasableMcpServer(
      { ...serverOptions, interpreter },
      { sessionHandles },
    );
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, release, owner: caller?.quotaKey, lastSeen: Date.now() });
        log('debug', `MCP session ${id} opened`);
      },
      onsessionclosed: (id) => {
        log('debug', `MCP session ${id} closed by the client`);
        void closeSession(id);
      },
    });
    transport.onclose = () => {
      const id = transport.sessionId;
      if (id) sessions.delete(id);
      void release();
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const httpServer = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = (error as { status?: number }).status;
      if (status === 413) sendJsonRpcError(res, 413, -32000, 'Request body too large.');
      else if (status === 400)
        sendJsonRpcError(res, 400, -32700, 'Parse error: the body is not JSON.');
      else {
        log('error', `MCP request failed: ${String(error)}`);
        sendJsonRpcError(res, 500, -32603, 'Internal server error.');
      }
    });
  });

  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [id, open] of sessions) {
        if (now - open.lastSeen > sessionIdleTimeoutMs) {
          log('info', `MCP session ${id} was idle too long and was closed`);
          void closeSession(id);
        }
      }
    },
    Math.min(60_000, Math.max(1_000, sessionIdleTimeoutMs / 2)),
  );
  sweep.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(sweep);
    await sessionHandles?.closeAll();
    if (!givenInterpreter) await interpreter.close();
    throw listenError(error, host, port);
  }
  const actualPort = (httpServer.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${actualPort}${path}`,
    port: actualPort,
    httpServer,
    sessionCount: () => sessions.size,
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await Promise.all([...sessions.keys()].map(closeSession));
        httpServer.closeAllConnections();
        await stopped;
        await sessionHandles?.closeAll();
        if (!givenInterpreter) await interpreter.close();
      })();
      return closing;
    },
  };
}

/**
 * Why the server could not listen, with what to do: a port in use or not permitted gets its own
 * message (the error keeps the system's `code` and is the `cause`).
 */
function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as { code?: string }).code;
  const where = `${host}:${port}`;
  const message =
    code === 'EADDRINUSE'
      ? `Port ${port} on ${host} is already in use: choose another port (--port N), or 0 for any free one.`
      : code === 'EACCES'
        ? `Not allowed to listen on ${where} (ports below 1024 need privileges): choose a port above 1023, or 0 for any free one.`
        : code === 'EADDRNOTAVAIL'
          ? `The address ${host} is not one of this machine's: listen on 127.0.0.1 (the default) or another local address.`
          : `Could not listen on ${where}: ${error instanceof Error ? error.message : String(error)}`;
  return Object.assign(new Error(message, { cause: error }), { code });
}
