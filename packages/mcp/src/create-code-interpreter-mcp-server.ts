import {
  type CodeInterpreterSession,
  codeExecutionSchemaFor,
  createCodeInterpreter,
  describeCodeInterpreter,
  InvalidInputError,
} from '@code-interpreter/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { version as packageVersion } from '../package.json';
import type { CodeInterpreterMcpServerOptions } from './code-interpreter-mcp-server-options';
import { createProgressReporter } from './progress-reporter';
import { stderrLogger } from './stderr-logger';
import { toCallToolResult } from './to-call-tool-result';

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
    interpreter: givenInterpreter,
    name = 'code-interpreter',
    version = packageVersion,
    toolName = 'run_code',
    session: useSession = true,
    description,
    log = stderrLogger,
    ...interpreterOptions
  } = options;
  const interpreter =
    givenInterpreter ?? createCodeInterpreter({ onLog: log, ...interpreterOptions });
  const capabilities = interpreter.capabilities;
  const languages = (options.languages ?? capabilities.languages).filter((language) =>
    capabilities.languages.includes(language),
  );
  let session: CodeInterpreterSession | undefined;
  let released: Promise<void> | undefined;

  const server = new McpServer({ name, version });
  server.registerTool(
    toolName,
    {
      title: 'Run code',
      description:
        description ?? describeCodeInterpreter(capabilities, { languages, session: useSession }),
      // What the client sees is what it may send: the languages offered, the application's caps.
      inputSchema: codeExecutionSchemaFor({ ...capabilities, languages }),
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    async (input, extra) => {
      if (!languages.includes(input.language)) {
        throw new InvalidInputError({
          issues: [
            {
              path: 'language',
              message: `'${input.language}' is not offered here: use ${languages.map((l) => `'${l}'`).join(' or ')}`,
            },
          ],
        });
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
      if (useSession) session ??= interpreter.createSession();
      const target = session ?? interpreter;
      try {
        const result = await target.run(input, {
          signal: extra.signal,
          onOutput: progress ? (chunk) => progress.push(chunk.text) : undefined,
        });
        const timeoutMs = Math.min(
          input.timeout ?? capabilities.defaultTimeoutMs,
          capabilities.maxTimeoutMs,
        );
        return toCallToolResult(result, { timeoutMs });
      } finally {
        progress?.stop();
      }
    },
  );

  const release = () => {
    released ??= (async () => {
      try {
        await session?.close();
        if (!givenInterpreter) await interpreter.close();
      } catch (error) {
        log('error', `Closing the interpreter failed: ${String(error)}`);
      }
    })();
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
