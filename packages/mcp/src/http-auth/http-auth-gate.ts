import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { McpServerLogger } from '../code-interpreter-mcp-server-options';
import { cancelledRequestIdsIn, sendJsonRpcError, toolCallIdsIn } from '../http-request-checks';
import { createBearerTokenCheck } from './bearer-token-check';
import type { HttpMcpServerAuthOptions } from './http-auth-options';
import {
  protectedResourceMetadata,
  protectedResourceMetadataPaths,
  protectedResourceMetadataUrl,
  wwwAuthenticate,
} from './protected-resource-metadata';
import { createRunQuotas } from './run-quotas';

/** A caller whose token was good. */
export interface AuthenticatedCaller {
  authInfo: AuthInfo;
  /** The key its quotas are counted under and its MCP sessions belong to (never the token). */
  quotaKey: string;
}

/** What the HTTP server asks of its authentication: metadata, 401s and quota refusals. */
export interface HttpAuthGate {
  /** The paths the protected-resource metadata is served on. */
  metadataPaths: readonly string[];
  /** Answers a request for the metadata document. */
  serveMetadata(req: IncomingMessage, res: ServerResponse): void;
  /** The caller, or `undefined` after answering 401 (or 500 when a verifier failed). */
  authenticate(req: IncomingMessage, res: ServerResponse): Promise<AuthenticatedCaller | undefined>;
  /**
   * Counts the tool calls in `body` against the caller's quotas: `false` after answering 429 with
   * `Retry-After`; otherwise each call's slot is given back when the response ends or the client
   * cancels the call.
   */
  admitRuns(
    res: ServerResponse,
    body: unknown,
    caller: AuthenticatedCaller,
    sessionId: string,
  ): boolean;
}

/**
 * Builds the gate of `startHttpServer` from its `auth` option. Throws a `TypeError` for a token
 * list or a quota that cannot work, before the server starts.
 */
export function createHttpAuthGate({
  auth,
  path,
  resourceName,
  toolName,
  log,
}: {
  auth: HttpMcpServerAuthOptions;
  path: string;
  resourceName: string;
  toolName: string;
  log: McpServerLogger;
}): HttpAuthGate {
  const check = createBearerTokenCheck(auth.tokens);
  const quotas = createRunQuotas({
    maxConcurrentRuns: auth.maxConcurrentRunsPerToken ?? 4,
    maxRunsPerMinute: auth.maxRunsPerMinutePerToken ?? 60,
  });
  if (auth.resourceUrl !== undefined) new URL(auth.resourceUrl); // a TypeError now, not per request
  const authorizationServers = auth.authorizationServers ?? [];
  for (const server of authorizationServers) new URL(server);
  const resourceUrlOf = (req: IncomingMessage) =>
    auth.resourceUrl ?? `http://${req.headers.host ?? 'localhost'}${path}`;
  /** Finishes of the runs in flight, by MCP session and request id, for cancellations. */
  const inFlight = new Map<string, () => void>();

  return {
    metadataPaths: protectedResourceMetadataPaths(path),

    serveMetadata(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Use GET.\n');
        return;
      }
      const document = protectedResourceMetadata({
        resourceUrl: resourceUrlOf(req),
        authorizationServers,
        resourceName,
      });
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(document));
    },

    async authenticate(req, res) {
      let outcome: Awaited<ReturnType<typeof check>>;
      try {
        outcome = await check(req.headers.authorization);
      } catch (error) {
        log('error', `Verifying a bearer token failed: ${String(error)}`);
        sendJsonRpcError(
          res,
          500,
          -32603,
          'Internal server error: the token could not be verified.',
        );
        return undefined;
      }
      if (outcome.kind === 'authorized') return outcome;
      const invalid = outcome.kind === 'invalid';
      sendJsonRpcError(
        res,
        401,
        -32001,
        invalid
          ? 'Unauthorized: the bearer token is not valid for this server.'
          : 'Unauthorized: send Authorization: Bearer <token>.',
        {
          headers: {
            'www-authenticate': wwwAuthenticate(
              protectedResourceMetadataUrl(resourceUrlOf(req)),
              invalid,
            ),
          },
        },
      );
      return undefined;
    },

    admitRuns(res, body, caller, sessionId) {
      for (const id of cancelledRequestIdsIn(body)) {
        const key = `${sessionId}\u0000${JSON.stringify(id)}`;
        inFlight.get(key)?.();
        inFlight.delete(key);
      }
      const ids = toolCallIdsIn(body, toolName);
      if (ids.length === 0) return true;
      const outcome = quotas.start(caller.quotaKey, ids.length);
      if ('refusal' in outcome) {
        const { refusal } = outcome;
        log('info', `Refused a run of ${caller.authInfo.clientId || 'a token'}: ${refusal.quota}`);
        sendJsonRpcError(res, 429, -32000, refusal.message, {
          id: ids.length === 1 ? (ids[0] ?? null) : null,
          headers: { 'retry-after': String(refusal.retryAfterSeconds) },
        });
        return false;
      }
      const runs = ids.map((id, index) => ({
        key: `${sessionId}\u0000${JSON.stringify(id)}`,
        finish: outcome.finish[index] ?? (() => {}),
      }));
      for (const { key, finish } of runs) inFlight.set(key, finish);
      // The response ends when the call's result has gone out (or the client went away).
      res.once('close', () => {
        for (const { key, finish } of runs) {
          finish();
          if (inFlight.get(key) === finish) inFlight.delete(key);
        }
      });
      return true;
    },
  };
}
