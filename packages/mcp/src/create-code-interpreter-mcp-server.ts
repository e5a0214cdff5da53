import {
  type CodeExecutionInput,
  CodeInterpreterError,
  createCodeInterpreterToolRunner,
  InterpreterClosedError,
  RunAbortedError,
  SandboxError,
  WorkspaceError,
} from '@code-interpreter/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { version as packageVersion } from '../package.json';
import type { CodeInterpreterMcpServerOptions } from './code-interpreter-mcp-server-options';
import { createProgressReporter } from './progress-reporter';
import { runCodeOutputSchema } from './run-code-output';
import { isSandboxHostLost } from './sandbox-host-lost';
import {
  registerSessionTools,
  sessionArgumentSchema,
} from './session-handles/register-session-tools';
import {
  createSessionHandleRegistry,
  type HeldSession,
  type SessionHandleRegistry,
} from './session-handles/session-handle-registry';
import { stderrLogger } from './stderr-logger';
import { toCallToolResult } from './to-call-tool-result';
import { decodeUploads, type UploadedFile, uploadFilesSchema } from './upload-files';
import {
  registerSessionWorkspaceResources,
  registerWorkspaceResources,
} from './workspace-resources';

/** Most files one call may upload. */
const maxUploadFiles = 100;

/** What run_code answers when the MCP connection's own session was lost with its sandbox host. */
const connectionSessionLost =
  "This connection's session was lost with its sandbox host: its variables, imports and files are gone. Call run_code again to run in a new session, and run your setup again.";

const toolError = (text: string) => ({ content: [{ type: 'text' as const, text }], isError: true });

/** An MCP server and the function that frees what it holds once its transport has closed. */
export interface ReleasableMcpServer {
  server: McpServer;
  /** Frees the MCP session's interpreter session and, when owned, the interpreter. Idempotent. */
  release(): Promise<void>;
}

/**
 * What servers of one process share: the session handles (`startHttpServer` gives every MCP
 * session's server the same, so a handle works from any connection of its caller).
 */
export interface SharedMcpServerState {
  sessionHandles?: SessionHandleRegistry;
}

/** Builds the server; {@link createCodeInterpreterMcpServer} is the public face of it. */
export function createReleasableMcpServer(
  options: CodeInterpreterMcpServerOptions = {},
  shared: SharedMcpServerState = {},
): ReleasableMcpServer {
  const {
    name = 'code-interpreter',
    version = packageVersion,
    toolName = 'run_code',
    session = true,
    log = stderrLogger,
    maxUploadBytes = 10 * 1024 * 1024,
    sessionHandles: sessionHandleOptions = {},
    ...runnerOptions
  } = options;
  // Code mode (`tools`): the runner declares them in its description and gives them to each run.
  const createConnectionRunner = () =>
    createCodeInterpreterToolRunner({
      session,
      ...(runnerOptions.interpreter ? {} : { onLog: log }),
      ...runnerOptions,
    });
  // Replaced (over the same given interpreter) when its session is lost with a sandbox host.
  let runner = createConnectionRunner();
  let released: Promise<void> | undefined;
  // Handles this server minted itself are its own to close; shared ones belong to the caller.
  const ownsHandles = shared.sessionHandles === undefined && sessionHandleOptions !== false;
  const handles =
    shared.sessionHandles ??
    (sessionHandleOptions === false
      ? undefined
      : createSessionHandleRegistry(
          runner.interpreter,
          (interpreter) =>
            createCodeInterpreterToolRunner({
              interpreter,
              session: true,
              languages: runner.languages,
              ...(runner.tools ? { tools: runner.tools } : {}),
            }),
          { ...sessionHandleOptions, log },
        ));
  let inputSchema =
    maxUploadBytes > 0
      ? runner.inputSchema.extend({ files: uploadFilesSchema(maxUploadFiles) })
      : runner.inputSchema;
  if (handles) inputSchema = inputSchema.extend({ session: sessionArgumentSchema(handles) });

  const server = new McpServer({ name, version });
  server.registerTool(
    toolName,
    {
      title: 'Run code',
      description: runner.description,
      // What the client sees is what it may send: the languages offered, the application's caps,
      // files to put in the workspace first (when uploads are on), a session handle (when on).
      inputSchema,
      // The result as JSON, also in the content as text (see toCallToolResult).
      outputSchema: runCodeOutputSchema,
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
      {
        files: uploads,
        session: handle,
        ...input
      }: CodeExecutionInput & { files?: UploadedFile[]; session?: string },
      extra,
    ) => {
      let held: HeldSession | undefined;
      if (handle !== undefined && handles) {
        const found = await handles.hold(handle, extra.authInfo);
        if ('error' in found) return toolError(found.error);
        held = found;
      }
      let files: Record<string, Uint8Array> | undefined;
      if (uploads && uploads.length > 0) {
        const decoded = decodeUploads(uploads, maxUploadBytes);
        if ('error' in decoded) {
          held?.release();
          return toolError(decoded.error);
        }
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
      const used = held?.runner ?? runner;
      try {
        const result = await used.run(input, {
          signal: extra.signal,
          onOutput: progress ? (chunk) => progress.push(chunk.text) : undefined,
          ...(files ? { files } : {}),
        });
        return toCallToolResult(result, held ? { session: handle } : {});
      } catch (error) {
        const lost = isSandboxHostLost(error);
        if (lost) log('error', `run_code: ${(error as Error).message}`);
        // The handle's session is gone for good: ended elsewhere (another front end's
        // close_session, its host when idle) or lost with its sandbox host. Refused from now on.
        if (held && (lost || InterpreterClosedError.isInstance(error))) {
          return toolError(held.ended(lost ? 'host-lost' : 'closed').error);
        }
        // The connection's own session went with its host: the next call starts a new one. Only
        // over a given interpreter (the only kind with hosts), which the old runner does not close.
        if (lost && !held && session && runnerOptions.interpreter) {
          if (runner === used && !released) runner = createConnectionRunner();
          void used.close().catch(() => {});
          return toolError(connectionSessionLost);
        }
        // A refused upload (over a workspace limit, a path outside it) is the caller's to fix.
        if (WorkspaceError.isInstance(error)) return toolError(`files: ${error.message}`);
        // Any other failure of this call (no sandbox host took it, a runtime not available, input
        // the interpreter refused, a stateless run lost with its host): a tool error in the
        // interpreter's words, which say what to do; the infrastructure's are logged too. An
        // aborted run has no one to answer (the client cancelled it).
        if (CodeInterpreterError.isInstance(error) && !RunAbortedError.isInstance(error)) {
          if (SandboxError.isInstance(error)) log('error', `run_code: ${error.message}`);
          return toolError(error.message);
        }
        throw error;
      } finally {
        progress?.stop();
        held?.release();
      }
    },
  );

  registerWorkspaceResources(server, () => runner.files());
  if (handles) {
    registerSessionTools(server, handles, toolName);
    registerSessionWorkspaceResources(server, async (handle, extra) => {
      const found = await handles.hold(handle, extra.authInfo);
      if ('error' in found) throw new Error(found.error);
      found.release();
      const workspace = found.runner.files();
      if (!workspace) throw new Error(`Session '${handle}' keeps no workspace.`);
      return workspace;
    });
  }

  const release = () => {
    released ??= (async () => {
      // Sessions run on the runner's interpreter: end them first.
      if (ownsHandles) await handles?.closeAll();
      await runner.close();
    })().catch((error: unknown) => {
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
