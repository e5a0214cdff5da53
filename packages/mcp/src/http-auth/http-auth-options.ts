import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/**
 * Checks a bearer token the server's static list does not hold: your own token store, a JWT
 * check, an OAuth introspection call. Resolve to the token's {@link AuthInfo} (the SDK's type:
 * `clientId`, `scopes`, optional `expiresAt` in seconds since the epoch) when the token is good,
 * or `undefined` when it is not (the client gets 401 `invalid_token`). A rejected promise is a
 * fault of the check itself: the client gets 500 and the error is logged (never the token).
 */
export type BearerTokenVerifier = (token: string) => Promise<AuthInfo | undefined>;

/**
 * Who may use the HTTP server: bearer tokens (RFC 6750) with the MCP authorization discovery
 * (RFC 9728 protected-resource metadata) and per-token run quotas.
 */
export interface HttpMcpServerAuthOptions {
  /**
   * The accepted bearer tokens: a list (each at least 16 characters, compared in constant time),
   * or a function that verifies one. A request to the MCP endpoint without a good
   * `Authorization: Bearer <token>` header gets HTTP 401 with a `WWW-Authenticate` header naming
   * the protected-resource metadata. Tool handlers see the caller as `extra.authInfo` (for a listed
   * token: `clientId` `token-<n>`, its 1-based place in the list; no scopes).
   */
  tokens: readonly string[] | BearerTokenVerifier;
  /**
   * Issuer URLs of the OAuth authorization servers that issue tokens for this server, listed in
   * the protected-resource metadata as `authorization_servers` so MCP clients can obtain a token.
   * @default [] (the metadata lists the resource and the bearer method only)
   */
  authorizationServers?: readonly string[];
  /**
   * The MCP endpoint's public URL, as clients reach it (e.g. `https://mcp.example.com/mcp` behind a
   * TLS proxy): the metadata's `resource` and the base of its URL in `WWW-Authenticate`.
   * @default `http://<the request's Host header><path>`
   */
  resourceUrl?: string;
  /**
   * Most `run_code` calls one token (or, with a verifier, one `clientId`) may have running at
   * once, across all its MCP sessions; one more is refused with HTTP 429 and `Retry-After: 1`.
   * @default 4
   */
  maxConcurrentRunsPerToken?: number;
  /**
   * Most `run_code` calls one token (or `clientId`) may start in any 60 seconds; one more is
   * refused with HTTP 429 and `Retry-After` set to the seconds until a slot frees.
   * @default 60
   */
  maxRunsPerMinutePerToken?: number;
}
