import { parseArgs } from 'node:util';
import { codeExecutionSchema, type SupportedLanguage } from '@code-interpreter/core';
import { type NatsFlags, natsFlagNames, parseNatsFlags } from './nats/nats-flags';
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
  | ({ name: 'mcp' } & McpOptions & CodeOptions)
  | ({ name: 'host' } & HostOptions & CodeOptions);

/** Options of `code-interpreter host`. */
export interface HostOptions {
  /** The NATS server(s) to serve on (`--nats`, repeatable; at least one). */
  nats: string[];
  /** The host's name in the NATS services framework (`--name`); the machine's hostname when absent. */
  hostName?: string;
  /** NATS credentials and TLS (`--nats-creds`, `--nats-token-env`, `--nats-ca`, `--nats-cert`, `--nats-key`). */
  natsFlags?: NatsFlags;
  /** Worker processes of the host's interpreter (`--workers`); the interpreter's default when absent. */
  workers?: number;
  /** Most sessions the host holds at once (`--max-sessions`); 16 when absent. */
  maxSessions?: number;
  /**
   * A session with no call for this long is ended by the host, in ms (`--session-idle-timeout`,
   * given in seconds); `serveSandboxHost`'s default (30 minutes) when absent.
   */
  sessionIdleTimeoutMs?: number;
}

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
  /** File of bearer tokens, one a line (`--tokens-file`); read when the command starts. */
  tokensFile?: string;
  /** Environment variable holding comma-separated bearer tokens (`--token-env`). */
  tokenEnv?: string;
  /**
   * Issuer URLs listed in the protected-resource metadata (`--authorization-server`, repeatable).
   * @default []
   */
  authorizationServers: string[];
  /** The endpoint's public URL, the metadata's `resource` (`--resource-url`). */
  resourceUrl?: string;
  /** Runs at once per token (`--max-concurrent-runs-per-token`); the server's default when absent. */
  maxConcurrentRunsPerToken?: number;
  /** Run starts per minute per token (`--max-runs-per-minute-per-token`). */
  maxRunsPerMinutePerToken?: number;
  /**
   * Run the code on the sandbox hosts (`code-interpreter host`) answering on these NATS servers
   * (`--nats`, repeatable) instead of in this process.
   */
  nats?: string[];
  /** NATS credentials and TLS for `--nats` (`--nats-creds`, `--nats-token-env`, `--nats-ca`, ...). */
  natsFlags?: NatsFlags;
  /**
   * File holding the key session handles are signed with (`--session-key-file`, needs `--http`
   * and `--nats`): handles then work on every front end started with the same key and NATS.
   */
  sessionKeyFile?: string;
}

/**
 * Flags that configure the interpreter itself: with `mcp --nats` they belong on the hosts.
 * `--tools-from` is not one: its tools run in the front end, whichever process runs the code.
 */
const hostSideFlags = [
  'timeout',
  'memory-limit',
  'python',
  'allow-net',
  'deny-net',
  'secret-header',
] as const;

/** The `mcp --http` flags that configure authentication, as they are spelled. */
const authFlags = [
  'tokens-file',
  'token-env',
  'authorization-server',
  'resource-url',
  'max-concurrent-runs-per-token',
  'max-runs-per-minute-per-token',
] as const;

const commandNames = ['run', 'repl', 'mcp', 'host'] as const;
const supportedLanguages: readonly string[] = codeExecutionSchema.shape.language.options;

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`--${flag} takes a whole number, not '${value}'.`);
  }
  return Number(value);
}

function positive(flag: string, values: Record<string, unknown>): number | undefined {
  const value = integer(flag, values[flag] as string | undefined);
  if (value === 0) throw new UsageError(`--${flag} must be at least 1.`);
  return value;
}

/** A duration flag given in whole seconds, at least 1, as ms. */
function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || /^0+$/.test(value)) {
    throw new UsageError(
      `--${flag} takes a whole number of seconds, at least 1 (1800 is 30 minutes), not '${value}'.`,
    );
  }
  return Number(value) * 1000;
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
    throw new UsageError(
      'Missing command: use run, repl, mcp or host. See code-interpreter --help.',
    );
  }
  if (!(commandNames as readonly string[]).includes(name)) {
    throw new UsageError(`Unknown command '${name}': use run, repl, mcp or host.`);
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
  only('nats', ['mcp', 'host'], values.nats);
  only('name', ['host'], values.name);
  only('workers', ['host'], values.workers);
  only('max-sessions', ['host'], values['max-sessions']);
  only('session-idle-timeout', ['host'], values['session-idle-timeout']);
  for (const flag of natsFlagNames) {
    only(flag, ['mcp', 'host'], values[flag]);
    if (values[flag] !== undefined && values.nats === undefined) {
      throw new UsageError(`--${flag} needs --nats.`);
    }
  }
  const natsFlags = parseNatsFlags(values);
  if (name === 'mcp' && values.nats !== undefined) {
    const hostSide = hostSideFlags.find((flag) => values[flag] !== undefined);
    if (hostSide) {
      throw new UsageError(
        `--${hostSide} does not apply to 'mcp --nats': the sandbox hosts run the code, so give it to 'code-interpreter host'.`,
      );
    }
  }
  for (const flag of authFlags) {
    only(flag, ['mcp'], values[flag]);
    if (values[flag] !== undefined && !values.http) throw new UsageError(`--${flag} needs --http.`);
  }
  only('session-key-file', ['mcp'], values['session-key-file']);
  if (values['session-key-file'] !== undefined) {
    if (!values.http) throw new UsageError('--session-key-file needs --http.');
    if (values.nats === undefined) {
      throw new UsageError(
        '--session-key-file needs --nats: handles are shared by front ends over one fleet of sandbox hosts.',
      );
    }
  }
  const tokenSource = values['tokens-file'] !== undefined || values['token-env'] !== undefined;
  const needsToken = authFlags.slice(2).find((flag) => values[flag] !== undefined);
  if (needsToken && !tokenSource) {
    throw new UsageError(`--${needsToken} needs --tokens-file <path> or --token-env <VAR>.`);
  }
  for (const flag of ['authorization-server', 'resource-url'] as const) {
    for (const value of [values[flag] ?? []].flat()) {
      if (!URL.canParse(value)) throw new UsageError(`--${flag} takes a URL, not '${value}'.`);
    }
  }
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
    case 'host': {
      const nats = values.nats ?? [];
      if (nats.length === 0) {
        throw new UsageError(
          'Missing --nats: code-interpreter host --nats nats://<server>:4222 (the NATS server to serve on).',
        );
      }
      const workers = positive('workers', values);
      const maxSessions = positive('max-sessions', values);
      const sessionIdleTimeoutMs = seconds('session-idle-timeout', values['session-idle-timeout']);
      return {
        name,
        nats,
        ...(values.name === undefined ? {} : { hostName: values.name }),
        ...(natsFlags === undefined ? {} : { natsFlags }),
        ...(workers === undefined ? {} : { workers }),
        ...(maxSessions === undefined ? {} : { maxSessions }),
        ...(sessionIdleTimeoutMs === undefined ? {} : { sessionIdleTimeoutMs }),
        ...code,
      };
    }
    default: {
      const port = integer('port', values.port) ?? 3000;
      if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}.`);
      const maxConcurrent = positive('max-concurrent-runs-per-token', values);
      const maxPerMinute = positive('max-runs-per-minute-per-token', values);
      return {
        name: 'mcp',
        http: values.http ?? false,
        port,
        host: values.host ?? '127.0.0.1',
        toolsFrom: values['tools-from'] ?? [],
        ...(values['tokens-file'] === undefined ? {} : { tokensFile: values['tokens-file'] }),
        ...(values['token-env'] === undefined ? {} : { tokenEnv: values['token-env'] }),
        authorizationServers: values['authorization-server'] ?? [],
        ...(values['resource-url'] === undefined ? {} : { resourceUrl: values['resource-url'] }),
        ...(maxConcurrent === undefined ? {} : { maxConcurrentRunsPerToken: maxConcurrent }),
        ...(maxPerMinute === undefined ? {} : { maxRunsPerMinutePerToken: maxPerMinute }),
        ...(values.nats === undefined ? {} : { nats: values.nats }),
        ...(natsFlags === undefined ? {} : { natsFlags }),
        ...(values['session-key-file'] === undefined
          ? {}
          : { sessionKeyFile: values['session-key-file'] }),
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
      'tokens-file': { type: 'string' },
      'session-key-file': { type: 'string' },
      'token-env': { type: 'string' },
      'authorization-server': { type: 'string', multiple: true },
      'resource-url': { type: 'string' },
      'max-concurrent-runs-per-token': { type: 'string' },
      'max-runs-per-minute-per-token': { type: 'string' },
      'allow-net': { type: 'string', multiple: true },
      'deny-net': { type: 'string', multiple: true },
      'secret-header': { type: 'string', multiple: true },
      nats: { type: 'string', multiple: true },
      name: { type: 'string' },
      'nats-creds': { type: 'string' },
      'nats-token-env': { type: 'string' },
      'nats-ca': { type: 'string' },
      'nats-cert': { type: 'string' },
      'nats-key': { type: 'string' },
      workers: { type: 'string' },
      'max-sessions': { type: 'string' },
      'session-idle-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}
