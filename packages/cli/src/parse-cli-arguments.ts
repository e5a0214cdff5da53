import { parseArgs } from 'node:util';
import { codeExecutionSchema, type SupportedLanguage } from '@code-interpreter/core';
import { type NetworkFlags, parseSecretHeaderFlag } from './network/network-flags';
import { UsageError } from './usage-error';

/** Options shared by the commands that run code. */
export interface CodeOptions {
  language?: SupportedLanguage;
  timeoutMs?: number;
  memoryLimitMb?: number;
  python?: 'pyodide' | 'native';
  /**
   * What the code may reach over the network (`--allow-net`, `--deny-net`, `--secret-header`);
   * absent when none of them is given (no network).
   */
  network?: NetworkFlags;
}

/** Options of the commands that print the program's output on the terminal. */
export interface OutputOptions {
  /**
   * Print the program's output as it produced it, control characters included (`--raw`). Otherwise
   * they are shown as escapes (`\x1b`, `\r`, `\u202e`), on a terminal and in a pipe alike.
   * @default false
   */
  raw: boolean;
}

/** What the command line asks for. */
export type CliCommand =
  | { name: 'help' }
  | { name: 'version' }
  | ({ name: 'run'; file: string; json: boolean } & OutputOptions & CodeOptions)
  | ({ name: 'repl' } & OutputOptions & CodeOptions)
  | ({ name: 'mcp' } & McpOptions & CodeOptions);

/** Options of `code-interpreter mcp`. */
export interface McpOptions {
  /** Serve Streamable HTTP instead of stdio (`--http`). */
  http: boolean;
  /** Port of the HTTP server (`--port`). */
  port: number;
  /** Address of the HTTP server (`--host`). */
  host: string;
  /**
   * Command lines of MCP servers whose tools sandboxed code may call (`--tools-from`, repeatable).
   * @default []
   */
  toolsFrom: string[];
}

const commandNames = ['run', 'repl', 'mcp'] as const;
const supportedLanguages: readonly string[] = codeExecutionSchema.shape.language.options;

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`--${flag} takes a whole number, not '${value}'.`);
  }
  return Number(value);
}

/** Parses the command line (without `node` and the script). Throws {@link UsageError} when wrong. */
export function parseCliArguments(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseWith>;
  try {
    parsed = parseWith(argv);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    // Node's own wording for an unknown option suggests a `--` form with unbalanced quotes.
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(message) : null;
    throw new UsageError(
      unknown
        ? `Unknown option '${unknown[1]}'. See code-interpreter --help for the options.`
        : `${message.replace(/\.$/, '')}. See code-interpreter --help.`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: 'help' };
  if (values.version) return { name: 'version' };

  const [name, ...rest] = positionals;
  if (name === undefined) {
    throw new UsageError('Missing command: use run, repl or mcp. See code-interpreter --help.');
  }
  if (!(commandNames as readonly string[]).includes(name)) {
    throw new UsageError(`Unknown command '${name}': use run, repl or mcp.`);
  }
  const language = values.language;
  if (language !== undefined && !supportedLanguages.includes(language)) {
    throw new UsageError(`Unknown language '${language}': use ${supportedLanguages.join(', ')}.`);
  }
  const python = values.python;
  if (python !== undefined && python !== 'pyodide' && python !== 'native') {
    throw new UsageError(`Unknown Python runtime '${python}': use pyodide or native.`);
  }
  const allow = values['allow-net'] ?? [];
  const deny = values['deny-net'] ?? [];
  const secretHeaders = (values['secret-header'] ?? []).map(parseSecretHeaderFlag);
  const given = allow.length + deny.length + secretHeaders.length > 0;
  const code: CodeOptions = {
    language: language as SupportedLanguage | undefined,
    timeoutMs: integer('timeout', values.timeout),
    memoryLimitMb: integer('memory-limit', values['memory-limit']),
    python,
    ...(given ? { network: { allow, deny, secretHeaders } } : {}),
  };
  const only = (flag: string, commands: readonly string[], given: unknown) => {
    if (given !== undefined && given !== false && !commands.includes(name)) {
      const names = commands.map((command) => `'${command}'`).join(' and ');
      throw new UsageError(`--${flag} only applies to ${names}.`);
    }
  };
  only('json', ['run'], values.json);
  only('raw', ['run', 'repl'], values.raw);
  only('http', ['mcp'], values.http);
  only('port', ['mcp'], values.port);
  only('host', ['mcp'], values.host);
  only('tools-from', ['mcp'], values['tools-from']);
  if (values.raw && values.json) {
    throw new UsageError(
      '--raw does not apply to --json: the JSON already holds the exact text, control characters as \\u escapes. Use one of them.',
    );
  }
  if ((values.port !== undefined || values.host !== undefined) && !values.http) {
    throw new UsageError('--port and --host need --http.');
  }

  const expectedPositionals = name === 'run' ? 1 : 0;
  if (rest.length > expectedPositionals) {
    throw new UsageError(`Unexpected argument '${rest[expectedPositionals]}' for '${name}'.`);
  }
  switch (name) {
    case 'run': {
      const file = rest[0];
      if (file === undefined) {
        throw new UsageError("Missing FILE: code-interpreter run FILE (use '-' to read stdin).");
      }
      return { name, file, json: values.json ?? false, raw: values.raw ?? false, ...code };
    }
    case 'repl':
      return { name, raw: values.raw ?? false, ...code };
    default: {
      const port = integer('port', values.port) ?? 3000;
      if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}.`);
      return {
        name: 'mcp',
        http: values.http ?? false,
        port,
        host: values.host ?? '127.0.0.1',
        toolsFrom: values['tools-from'] ?? [],
        ...code,
      };
    }
  }
}

function parseWith(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      language: { type: 'string', short: 'l' },
      json: { type: 'boolean' },
      raw: { type: 'boolean' },
      timeout: { type: 'string' },
      'memory-limit': { type: 'string' },
      python: { type: 'string' },
      http: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      'tools-from': { type: 'string', multiple: true },
      'allow-net': { type: 'string', multiple: true },
      'deny-net': { type: 'string', multiple: true },
      'secret-header': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}
