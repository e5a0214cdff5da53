import { readFileSync } from 'node:fs';
import { InvalidInputError } from '@code-interpreter/core';
import type { SharedSessionHandles } from '@code-interpreter/mcp';
import type { RemoteCodeInterpreter } from '@code-interpreter/remote';
import { UsageError } from '../usage-error';

/** Fewest bytes a signing key may have (the MCP server holds the same floor). */
const minimumKeyBytes = 32;

/**
 * Reads the key of `--session-key-file` when the command starts: the file's text without its
 * trailing newline. A missing file or a key shorter than 32 bytes is a {@link UsageError} (exit 2)
 * that names the file, never the key.
 */
export function readSessionKeyFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new UsageError(`--session-key-file ${path} cannot be read (${code}).`);
  }
  const key = text.replace(/\r?\n$/, '');
  if (Buffer.byteLength(key, 'utf8') < minimumKeyBytes || /[\r\n]/.test(key)) {
    throw new UsageError(
      `--session-key-file ${path} must hold one line of at least ${minimumKeyBytes} random bytes (e.g. openssl rand -base64 48 > ${path}), the same file on every front end.`,
    );
  }
  return key;
}

/**
 * `sessionHandles.shared` over a remote interpreter: handles name a session by its host and id
 * (`sessionReference`), and any front end with the same key reaches it (`attachSession`). A
 * reference that is not one (it was signed, so only an old or foreign format) counts as ended.
 */
export function sharedSessionHandles(
  remote: RemoteCodeInterpreter,
  signingKey: string,
): SharedSessionHandles {
  return {
    signingKey,
    referenceOf: (session) => remote.sessionReference(session),
    async attach(reference) {
      try {
        return remote.attachSession(reference);
      } catch (error) {
        if (InvalidInputError.isInstance(error)) return undefined;
        throw error;
      }
    },
  };
}
