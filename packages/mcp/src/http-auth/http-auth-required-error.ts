import { CodeInterpreterError } from '@code-interpreter/core';

const name = 'CodeInterpreterHttpAuthRequiredError';
const marker = `code-interpreter.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * `startHttpServer` was asked to listen beyond loopback without authentication: anyone who
 * reached the port could run code. Give `auth: { tokens }` (the CLI: `--tokens-file` or
 * `--token-env`), or listen on a loopback address.
 */
export class HttpAuthRequiredError extends CodeInterpreterError {
  protected readonly [symbol] = true;
  /** The listen address that needs authentication. */
  readonly host: string;

  constructor({ host }: { host: string }) {
    super({
      name,
      message: `Refusing to listen on ${host} without authentication: anyone who reaches the port could run code. Give auth: { tokens } (a list of bearer tokens or a verify function), or listen on 127.0.0.1.`,
    });
    this.host = host;
  }

  static override isInstance(error: unknown): error is HttpAuthRequiredError {
    return CodeInterpreterError.hasMarker(error, marker);
  }
}
