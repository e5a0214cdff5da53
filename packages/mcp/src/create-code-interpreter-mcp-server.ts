import {
  type CodeExecutionInput,
  createCodeInterpreterToolRunner,
  WorkspaceError,
} from '@code-interpreter/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { version as packageVersion } from '../package.json';
import type { CodeInterpreterMcpServerOptions } from './code-interpreter-mcp-server-options';
import { createProgressReporter } from './progress-reporter';
import { stderrLogger } from './stderr-logger';
import { toCallToolResult } from './to-call-tool-result';
import { decodeUploads, type UploadedFile, uploadFilesSchema } from './upload-files';
import { registerWorkspaceResources } from './workspace-resources';

/** Most files one call may upload. */
const maxUploadFiles = 100;

/** An MCP server and the function that frees what it holds once its transport has closed. */
export interface ReleasableMcpServer {
  server: McpServer;
  /** Frees the MCP session's interpreter session and, when owned, the interpreter. Idempotent. */
  release(): Promise<void>;
}

/** Builds the server; {@link createCodeInterpreterMcpServer} is the public face of it. */
export function createReleasableMcpServer(
  options: CodeInterpreterMcpServerOptions = {},
): ReleasableMcpServer {
  const {
    name = 'code-interpreter',
    version = packageVersion,
    toolName = 'run_code',
    session = true,
    log = stderrLogger,
    maxUploadBytes = 10 * 1024 * 1024,
    ...runnerOptions
  } = options;
  // Code mode (`tools`): the runner declares them in its description and gives them to each run.
  const runner = createCodeInterpreterToolRunner({
    session,
    ...(runnerOptions.interpreter ? {} : { onLog: log }),
    ...runnerOptions,
  });
  let released: Promise<void> | undefined;

  const server = new McpServer({ name, version });
  server.registerTool(
    toolName,
    {
      title: 'Run code',
      description: runner.description,
      // What the client sees is what it may send: the languages offered, the application's caps,
      // and files to put in the workspace first (when uploads are on).
      inputSchema:
        maxUploadBytes > 0
          ? runner.inputSchema.extend({ files: uploadFilesSchema(maxUploadFiles) })
          : runner.inputSchema,
      // Open world when the code may reach the network (the interpreter's policy), or the
      // application's tools.
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        openWorldHint:
          runner.interpreter.capabilities.network !== undefined || runner.tools !== undefined,
      },
    },
    async (
      { files: uploads, ...input }: CodeExecutionInput & { files?: UploadedFile[] },
      extra,
    ) => {
      let files: Record<string, Uint8Array> | undefined;
      if (uploads && uploads.length > 0) {
        const decoded = decodeUploads(uploads, maxUploadBytes);
        if ('error' in decoded)
          return { content: [{ type: 'text', text: decoded.error }], isError: true };
        files = decoded.files;
      }
      const progressToken = extra._meta?.progressToken;
      const progress =
        progressToken === undefined
          ? undefined
          : createProgressReporter((message, count) => {
              extra
                .sendNotification({
                  method: 'notifications/progress',
                  params: { progressToken, progress: count, message },
                })
                .catch(() => {});
            });
      try {
        const result = await runner.run(input, {
          signal: extra.signal,
          onOutput: progress ? (chunk) => progress.push(chunk.text) : undefined,
          ...(files ? { files } : {}),
        });
        return toCallToolResult(result);
      } catch (error) {
        // A refused upload (over a workspace limit, a path outside it) is the caller's to fix.
        if (WorkspaceError.isInstance(error)) {
          return { content: [{ type: 'text', text: `files: ${error.message}` }], isError: true };
        }
        throw error;
      } finally {
        progress?.stop();
      }
    },
  );

  registerWorkspaceResources(server, () => runner.files());

  const release = () => {
    released ??= runner.close().catch((error: unknown) => {
      log('error', `Closing the interpreter failed: ${String(error)}`);
    });
    return released;
  };
  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    previousOnClose?.();
    void release();
  };
  return { server, release };
}

/**
 * Creates an MCP server with one tool, `run_code`, that runs JavaScript, TypeScript or Python in a
 * sandbox. Its input schema is the shared `codeExecutionSchema`; results are text and image
 * content, with `isError: true` when the code failed. One server serves one MCP session and keeps
 * that session's state; when its transport closes, it frees its sandboxes (and its interpreter,
 * when it created it). Connect it to any transport, or use `startStdioServer` / `startHttpServer`.
 *
 * @example
 * ```ts
 * const server = createCodeInterpreterMcpServer({ maxTimeoutMs: 10_000 });
 * await server.connect(new StdioServerTransport());
 * ```
 */
export function createCodeInterpreterMcpServer(
  options: CodeInterpreterMcpServerOptions = {},
): McpServer {
  return createReleasableMcpServer(options).server;
}
