import type { OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';

/** The well-known path of OAuth 2.0 Protected Resource Metadata (RFC 9728 §3). */
const wellKnown = '/.well-known/oauth-protected-resource';

/**
 * The paths the metadata is served on for an endpoint at `endpointPath`: the path-suffixed one
 * MCP clients try first (`/.well-known/oauth-protected-resource/mcp`) and the root one.
 */
export function protectedResourceMetadataPaths(endpointPath: string): string[] {
  const suffix = endpointPath === '/' ? '' : endpointPath.replace(/\/$/, '');
  return suffix === '' ? [wellKnown] : [`${wellKnown}${suffix}`, wellKnown];
}

/**
 * The metadata's URL for a resource (RFC 9728 §3.1: the well-known segment goes between the host
 * and the path), as `getOAuthProtectedResourceMetadataUrl` of the MCP SDK computes it.
 */
export function protectedResourceMetadataUrl(resourceUrl: string): string {
  const url = new URL(resourceUrl);
  const [first] = protectedResourceMetadataPaths(url.pathname || '/');
  return new URL(first ?? wellKnown, url.origin).href;
}

/** The metadata document of the resource (RFC 9728 §2). */
export function protectedResourceMetadata({
  resourceUrl,
  authorizationServers,
  resourceName,
}: {
  resourceUrl: string;
  authorizationServers: readonly string[];
  resourceName: string;
}): OAuthProtectedResourceMetadata {
  return {
    resource: resourceUrl,
    ...(authorizationServers.length > 0
      ? { authorization_servers: [...authorizationServers] }
      : {}),
    bearer_methods_supported: ['header'],
    resource_name: resourceName,
  };
}

/**
 * The `WWW-Authenticate` value of a 401 (RFC 6750 §3, RFC 9728 §5.1): the metadata's URL always,
 * `error="invalid_token"` only when a token was given.
 */
export function wwwAuthenticate(metadataUrl: string, invalidToken: boolean): string {
  const error = invalidToken
    ? 'error="invalid_token", error_description="The bearer token is not valid for this server", '
    : '';
  return `Bearer ${error}resource_metadata="${metadataUrl}"`;
}
