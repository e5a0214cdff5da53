import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { describeIdleTime } from './describe-idle-time';
import type { SessionHandleRegistry } from './session-handle-registry';

/** The `session` argument `run_code` takes when session handles are on. */
export function sessionArgumentSchema(registry: SessionHandleRegistry) {
  return z
    .string()
    .min(1)
    .max(512)
    .optional()
    .describe(
      `A session handle from new_session: the code runs in that session, whose variables, imports and /workspace files stay for the next call that names it. A session ends ${lifetime(registry)}; a call naming an ended session is an error, and new_session starts a fresh one.`,
    );
}

function lifetime(registry: SessionHandleRegistry): string {
  return `after ${describeIdleTime(registry.idleTimeoutMs)} without a call, or with close_session`;
}

/**
 * Registers `new_session` (mints a handle) and `close_session` (ends one): state across calls
 * without protocol sessions, which MCP 2026-07-28 removed. Handles belong to the caller who
 * minted them (its token, with authentication) and are never a credential.
 */
export function registerSessionTools(
  server: McpServer,
  registry: SessionHandleRegistry,
  runToolName: string,
): void {
  server.registerTool(
    'new_session',
    {
      title: 'Start a session',
      description: `Starts a sandbox session and returns its handle. Pass it as \`session\` to ${runToolName} to keep variables, imports and /workspace files across calls. The session ends ${lifetime(registry)}; then start a new one.`,
      outputSchema: z.object({
        session: z.string().describe(`The handle to pass as ${runToolName}'s \`session\`.`),
        idleTimeoutMs: z.number().describe('The session ends after this long without a call.'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    async (extra) => {
      const opened = await registry.open(extra.authInfo);
      if ('error' in opened)
        return { content: [{ type: 'text', text: opened.error }], isError: true };
      const structured = { session: opened.handle, idleTimeoutMs: registry.idleTimeoutMs };
      return {
        content: [
          {
            type: 'text',
            text: `Session ${opened.handle} started: pass session: "${opened.handle}" to ${runToolName}. It ends ${lifetime(registry)}.`,
          },
          { type: 'text', text: JSON.stringify(structured) },
        ],
        structuredContent: structured,
      };
    },
  );
  server.registerTool(
    'close_session',
    {
      title: 'End a session',
      description:
        'Ends a session started with new_session and frees its sandbox: its variables and files are gone. Call it when the task is done; idle sessions also end on their own.',
      inputSchema: z.object({
        session: z.string().min(1).max(512).describe('The handle new_session returned.'),
      }),
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async ({ session }, extra) => {
      const refused = await registry.close(session, extra.authInfo);
      if (refused) return { content: [{ type: 'text', text: refused.error }], isError: true };
      return { content: [{ type: 'text', text: `Session ${session} ended.` }] };
    },
  );
}
