import type { WorkspaceFiles } from '@code-interpreter/core';
import { mediaTypeOf, workspaceMount } from '@code-interpreter/core';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';

/**
 * The URI of a workspace file, as resource links name it: `workspace:///data/out.png` in the MCP
 * connection's own workspace, `workspace://<session>/data/out.png` in a session handle's.
 */
export function workspaceUri(path: string, session?: string): string {
  const relative = path.startsWith(`${workspaceMount}/`)
    ? path.slice(workspaceMount.length + 1)
    : path;
  return `workspace://${session ?? ''}/${relative.split('/').map(encodeURIComponent).join('/')}`;
}

/** Media types whose files are sent as text rather than base64. */
function isText(mediaType: string): boolean {
  return (
    mediaType.startsWith('text/') ||
    [
      'application/json',
      'application/xml',
      'application/yaml',
      'application/toml',
      'application/sql',
    ].includes(mediaType)
  );
}

/**
 * Serves the files of the MCP session's workspace as resources (`workspace:///{path}`): listed by
 * `resources/list`, read by `resources/read`, so the links `run_code` returns can be followed.
 * `files()` gives the workspace (starting the session when needed).
 */
export function registerWorkspaceResources(
  server: McpServer,
  files: () => WorkspaceFiles | undefined,
): void {
  server.registerResource(
    'workspace-file',
    new ResourceTemplate('workspace:///{+path}', {
      list: async () => {
        const workspace = files();
        if (!workspace) return { resources: [] };
        const entries = await workspace.list(workspaceMount, { recursive: true });
        return {
          resources: entries
            .filter((entry) => entry.type === 'file')
            .map((entry) => ({
              uri: workspaceUri(entry.path),
              name: entry.path.slice(workspaceMount.length + 1),
              mimeType: entry.mediaType ?? mediaTypeOf(entry.path),
              size: entry.size,
            })),
        };
      },
    }),
    {
      title: 'Workspace file',
      description:
        "A file in the code interpreter's workspace (/workspace): input files and what programs wrote.",
    },
    async (uri, variables) => {
      const workspace = files();
      if (!workspace)
        throw new Error('This server keeps no workspace between calls (sessions are off).');
      return readWorkspaceFile(workspace, uri, variables.path);
    },
  );
}

/**
 * Serves the files of session handles' workspaces (`workspace://{session}/{path}`), the links
 * `run_code` returns for a run in a session; `files(session, authInfo)` gives the workspace of a
 * session open for that caller, or throws saying why not.
 */
export function registerSessionWorkspaceResources(
  server: McpServer,
  files: (session: string, extra: { authInfo?: AuthInfo }) => Promise<WorkspaceFiles>,
): void {
  server.registerResource(
    'session-workspace-file',
    new ResourceTemplate('workspace://{session}/{+path}', { list: undefined }),
    {
      title: 'Session workspace file',
      description:
        'A file in the workspace (/workspace) of a session started with new_session: input files and what programs wrote.',
    },
    async (uri, variables, extra) =>
      readWorkspaceFile(await files(String(variables.session), extra), uri, variables.path),
  );
}

async function readWorkspaceFile(
  workspace: WorkspaceFiles,
  uri: URL,
  pathVariable: string | string[] | undefined,
) {
  const raw = Array.isArray(pathVariable) ? pathVariable.join('/') : String(pathVariable ?? '');
  const path = `${workspaceMount}/${raw.split('/').map(decodeURIComponent).join('/')}`;
  const bytes = await workspace.read(path);
  const mimeType = mediaTypeOf(path);
  return {
    contents: [
      isText(mimeType)
        ? { uri: uri.href, mimeType, text: new TextDecoder().decode(bytes) }
        : { uri: uri.href, mimeType, blob: Buffer.from(bytes).toString('base64') },
    ],
  };
}
