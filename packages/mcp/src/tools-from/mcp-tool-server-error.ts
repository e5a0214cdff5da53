import { CodeInterpreterError } from '@code-interpreter/core';

const name = 'CodeInterpreterMcpToolServerError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * An MCP server whose tools were to be offered to sandboxed code could not be used: its command
 * did not start, it exited or did not answer while starting, its tools could not be listed, or two
 * servers publish a tool of the same name. The message names the server's command line and,
 * when it wrote any, the end of what it wrote to stderr.
 */
export class McpToolServerError extends CodeInterpreterError {
  protected readonly [symbol] = true;
  /** The command line of the server (as given to `--tools-from`). */
  readonly commandLine: string;

  constructor({
    commandLine,
    message,
    cause,
  }: {
    commandLine: string;
    message: string;
    cause?: unknown;
  }) {
    super({ name, message, cause });
    this.commandLine = commandLine;
  }

  static override isInstance(error: unknown): error is McpToolServerError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
