import { readFileSync } from 'node:fs';
import { UsageError } from '../usage-error';

/** Shortest token accepted: shorter ones are guessable (the server holds the same floor). */
const minimumTokenLength = 16;

/** Where `mcp --http` reads its bearer tokens (`--tokens-file`, `--token-env`). */
export interface BearerTokenFlags {
  /** A file with one token per line; blank lines and lines starting with `#` are skipped. */
  tokensFile?: string;
  /** An environment variable holding one token or several, comma-separated. */
  tokenEnv?: string;
}

/**
 * Reads the tokens the flags name, when the command starts. Every problem is a {@link UsageError}
 * (exit 2) that names the file and line or the variable, never a token's value: a missing file,
 * an unset or empty variable, no token at all, a token shorter than 16 characters or holding
 * whitespace. Returns `undefined` when neither flag was given.
 */
export function readBearerTokens(
  flags: BearerTokenFlags,
  env: NodeJS.ProcessEnv,
): string[] | undefined {
  if (flags.tokensFile === undefined && flags.tokenEnv === undefined) return undefined;
  const tokens: string[] = [];
  if (flags.tokensFile !== undefined) {
    const path = flags.tokensFile;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new UsageError(`--tokens-file ${path} cannot be read (${code}).`);
    }
    const before = tokens.length;
    text.split(/\r?\n/).forEach((line, index) => {
      const token = line.trim();
      if (token === '' || token.startsWith('#')) return;
      check(token, `--tokens-file ${path}, line ${index + 1}`);
      tokens.push(token);
    });
    if (tokens.length === before) {
      throw new UsageError(
        `--tokens-file ${path} holds no token: write one per line (lines starting with # are comments).`,
      );
    }
  }
  if (flags.tokenEnv !== undefined) {
    const name = flags.tokenEnv;
    const value = env[name];
    if (value === undefined || value.trim() === '') {
      throw new UsageError(
        `--token-env ${name}: the environment variable ${name} is not set or empty.`,
      );
    }
    value.split(',').forEach((part, index) => {
      const token = part.trim();
      if (token === '') return;
      check(token, `--token-env ${name}, token ${index + 1}`);
      tokens.push(token);
    });
  }
  return tokens;
}

function check(token: string, where: string) {
  if (token.length < minimumTokenLength || /\s/.test(token)) {
    throw new UsageError(
      `${where}: a token must be at least ${minimumTokenLength} characters without whitespace (e.g. openssl rand -hex 32).`,
    );
  }
}
