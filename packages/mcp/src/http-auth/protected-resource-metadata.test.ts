import { describe, expect, it } from 'vitest';
import {
  protectedResourceMetadata,
  protectedResourceMetadataPaths,
  protectedResourceMetadataUrl,
  wwwAuthenticate,
} from './protected-resource-metadata';

describe('protected resource metadata', () => {
  it('is served path-suffixed first, then at the root', () => {
    expect(protectedResourceMetadataPaths('/mcp')).toEqual([
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]);
    expect(protectedResourceMetadataPaths('/')).toEqual(['/.well-known/oauth-protected-resource']);
  });

  it('puts the well-known segment between the host and the path (RFC 9728 §3.1)', () => {
    expect(protectedResourceMetadataUrl('https://mcp.example.com/mcp')).toBe(
      'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    );
    expect(protectedResourceMetadataUrl('http://127.0.0.1:3000/')).toBe(
      'http://127.0.0.1:3000/.well-known/oauth-protected-resource',
    );
  });

  it('lists authorization servers only when there are some', () => {
    expect(
      protectedResourceMetadata({
        resourceUrl: 'https://mcp.example.com/mcp',
        authorizationServers: [],
        resourceName: 'code-interpreter',
      }),
    ).toEqual({
      resource: 'https://mcp.example.com/mcp',
      bearer_methods_supported: ['header'],
      resource_name: 'code-interpreter',
    });
    expect(
      protectedResourceMetadata({
        resourceUrl: 'https://mcp.example.com/mcp',
        authorizationServers: ['https://auth.example.com'],
        resourceName: 'x',
      }).authorization_servers,
    ).toEqual(['https://auth.example.com']);
  });

  it('names the error in WWW-Authenticate only when a token was given', () => {
    const url = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
    expect(wwwAuthenticate(url, false)).toBe(`Bearer resource_metadata="${url}"`);
    expect(wwwAuthenticate(url, true)).toMatch(
      /^Bearer error="invalid_token", error_description="[^"]+", resource_metadata="https:\/\/mcp\.example\.com\/\.well-known\/oauth-protected-resource\/mcp"$/,
    );
  });
});
