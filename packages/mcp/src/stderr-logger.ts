import { escapeControlCharacters } from '@code-interpreter/core';
import type { McpServerLogger } from './code-interpreter-mcp-server-options';

/**
 * Writes diagnostics to stderr, one line each; stdout stays free for the protocol. `debug` lines
 * (a session opened or closed) only with `CODE_INTERPRETER_DEBUG` set. Control characters are
 * escaped: a diagnostic may quote what a sandboxed program wrote, and stderr is often a terminal.
 */
export const stderrLogger: McpServerLogger = (level, message) => {
  if (level === 'debug' && !process.env.CODE_INTERPRETER_DEBUG) return;
  process.stderr.write(
    `[code-interpreter] ${level === 'info' ? '' : `${level}: `}${escapeControlCharacters(message)}\n`,
  );
};
