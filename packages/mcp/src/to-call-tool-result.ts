import { type ExecutionResult, formatResultForModel } from '@code-interpreter/core';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toRunCodeOutput } from './run-code-output';
import { workspaceUri } from './workspace-resources';

/** Most produced files returned as links or embedded resources (the text lists every change). */
const maxFileItems = 20;

type FileItem = CallToolResult['content'][number];

/** Options of {@link toCallToolResult}. */
export interface ToCallToolResultOptions {
  /** The run's time limit, in ms, for the text's wording of a timeout. */
  timeoutMs?: number;
  /**
   * The session handle the run used: its files' links then name that session's workspace
   * (`workspace://<session>/path`), and the structured result carries it.
   * @default undefined (the MCP connection's own workspace, `workspace:///path`)
   */
  session?: string;
}

/**
 * An MCP tool result for a run: compact text the model reads (ending, in code mode, with a summary
 * of the tool calls the program made); the result as JSON in `structuredContent` (see
 * `runCodeOutputSchema`) and, as the MCP specification recommends for clients that do not read it,
 * the same JSON as a second text item; each image as image content; each file the run created or
 * changed as a `resource_link` (readable with `resources/read`) or, for a stateless run whose
 * workspace is gone, as an embedded resource with its bytes. `isError: true` when the code failed
 * (so the model knows to fix it).
 */
export function toCallToolResult(
  result: ExecutionResult,
  options: ToCallToolResultOptions = {},
): CallToolResult {
  const files: FileItem[] = (result.files ?? [])
    .filter((file) => file.change !== 'deleted')
    .slice(0, maxFileItems)
    .map((file): FileItem => {
      const uri = workspaceUri(file.path, options.session);
      if (file.data !== undefined) {
        return { type: 'resource', resource: { uri, mimeType: file.mediaType, blob: file.data } };
      }
      return {
        type: 'resource_link',
        uri,
        name: file.path.split('/').at(-1) ?? file.path,
        mimeType: file.mediaType,
        description: `${file.change} by this run (${file.size} bytes)`,
      };
    });
  const structured = toRunCodeOutput(result, { session: options.session });
  return {
    content: [
      { type: 'text', text: formatResultForModel(result, { timeoutMs: options.timeoutMs }) },
      { type: 'text', text: JSON.stringify(structured) },
      ...result.images.map((image) => ({
        type: 'image' as const,
        data: image.data,
        mimeType: image.mediaType,
      })),
      ...files,
    ],
    structuredContent: structured,
    isError: !result.success,
  };
}
