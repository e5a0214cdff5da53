// Where a conversation's workspace files are, for the browser and the API routes alike (no Node
// imports: the chat component uses it too).

/** The workspace as the programs see it. */
export const workspaceRoot = '/workspace';

/**
 * Why a chat id cannot name a conversation, or undefined when it can: a string of 1 to 100
 * characters, as the chat route accepts.
 */
export function chatIdProblem(chatId: unknown): string | undefined {
  return typeof chatId === 'string' && chatId.length > 0 && chatId.length <= 100
    ? undefined
    : 'The chat id must be a string of 1 to 100 characters.';
}

/**
 * The workspace path (`/workspace/a/b.csv`) named by a URL's path segments (`['a', 'b.csv']`,
 * already decoded), or undefined when a segment could lead anywhere else: empty, `.` or `..`, or
 * holding a slash, a backslash or a control character (a decoded `%2F`, `%00`...). The workspace
 * refuses paths outside `/workspace` as well; this keeps such paths from reaching it at all.
 */
export function workspacePathFromSegments(segments: readonly string[]): string | undefined {
  if (segments.length === 0 || segments.length > 32) return undefined;
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.length > 255) {
      return undefined;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    if (/[/\\\u0000-\u001f\u007f]/.test(segment)) return undefined;
  }
  return `${workspaceRoot}/${segments.join('/')}`;
}

/** The URL of a conversation's files: `GET` lists them. */
export function filesUrl(chatId: string): string {
  return `/api/chats/${encodeURIComponent(chatId)}/files`;
}

/**
 * The URL of one file of a conversation's workspace (`path` as the programs see it,
 * `/workspace/summary.csv`): `GET` downloads it, `PUT` uploads it.
 */
export function fileUrl(chatId: string, path: string): string {
  const relative = path.startsWith(`${workspaceRoot}/`)
    ? path.slice(workspaceRoot.length + 1)
    : path;
  return `${filesUrl(chatId)}/${relative.split('/').map(encodeURIComponent).join('/')}`;
}

/** `312 B`, `16.3 KB`, `1.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
