import type { McpServerLogger } from './code-interpreter-mcp-server-options';

/** Writes diagnostics to stderr, one line each; stdout stays free for the protocol. */
export const stderrLogger: McpServerLogger = (level, message) => {
  process.stderr.write(`[code-interpreter] ${level === 'info' ? '' : `${level}: `}${message}\n`);
};
